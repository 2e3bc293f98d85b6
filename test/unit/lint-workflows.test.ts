/**
 * The workflow lint step (scripts/lint-workflows.js): actionlint runs offline on the files, and a
 * workflow that publishes must use --provenance with `id-token: write`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const WORK = path.join(ROOT, 'build', `test-lint-workflows-${process.pid}`);

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

const publishWorkflow = (permissions: string, publish: string) => `name: Publish
on:
  push:
    tags: ['*.*.*']
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
${permissions}
    steps:
      - uses: actions/checkout@v4
      - run: ${publish}
`;

function lintDir(name: string, files: Record<string, string>) {
	const dir = path.join(WORK, name);
	fs.mkdirSync(dir, { recursive: true });
	for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
	const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'lint-workflows.js'), '--dir', dir], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

test('a valid publish workflow with provenance passes', () => {
	const { status, output } = lintDir('good', {
		'publish.yml': publishWorkflow('      contents: read\n      id-token: write', 'npm publish --provenance --access public'),
	});
	expect(output).toMatch(/lint-workflows: 1 workflows .*, 0 findings/);
	expect(status).toBe(0);
});

test('syntax and expression errors, and publishing without provenance, are findings', () => {
	const { status, output } = lintDir('bad', {
		'ci.yml': `name: CI
on:
  push:
    branchs: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: echo "\${{ github.no_such_field }}"
`,
		'publish.yml': publishWorkflow('      contents: read', 'npm publish --access public'),
	});
	expect(output).toMatch(/ci\.yml:4:5: unexpected key "branchs" for "push" section.*\[syntax-check\]/);
	expect(output).toMatch(/ci\.yml:9:\d+: property "no_such_field" is not defined.*\[expression\]/);
	expect(output).toMatch(/publish\.yml: `npm publish` without --provenance \[publish\]/);
	expect(output).toMatch(/publish\.yml: publishes without `permissions: id-token: write` \[publish\]/);
	expect(output).toMatch(/lint-workflows: 2 workflows .*, 4 findings/);
	expect(status).toBe(1);
});
