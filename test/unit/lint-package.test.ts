/**
 * The publish lint step (scripts/lint-package.js) packs the package and lints what is in the
 * tarball, ignoring inline disables as n8n's scanner does: a timer in compiled code behind an
 * eslint-disable comment still fails it, in both tarball legs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const WORK = path.join(ROOT, 'build', `test-lint-package-${process.pid}`);

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

test('a disabled violation in the packed dist fails the step', () => {
	const write = (file: string, text: string) => {
		fs.mkdirSync(path.dirname(path.join(WORK, file)), { recursive: true });
		fs.writeFileSync(path.join(WORK, file), text);
	};
	write(
		'package.json',
		JSON.stringify({
			name: 'n8n-nodes-demo',
			version: '0.0.1',
			files: ['dist'],
			n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Demo/Demo.node.js'] },
		}),
	);
	write(
		'dist/nodes/Demo/Demo.node.js',
		"'use strict';\n// eslint-disable-next-line\nexports.wait = () => new Promise((resolve) => setTimeout(resolve, 1));\n",
	);
	// Not in `files`: must not be packed, so must not be linted.
	write('scratch/Other.node.js', "'use strict';\nexports.later = () => setInterval(() => undefined, 1);\n");
	const env = { ...process.env };
	delete env.NODE_ENV;
	const result = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'lint-package.js'), '--skip-build', '--package', WORK], {
		cwd: ROOT,
		env,
		encoding: 'utf8',
	});
	const output = `${result.stdout}${result.stderr}`;
	expect(output).toMatch(/n8n-nodes-demo-0\.0\.1\.tgz/);
	const legs = output.split(/\n(?=tarball|source|lint-package)/);
	const tarballLegs = legs.filter((leg) => leg.startsWith('tarball'));
	expect(tarballLegs).toHaveLength(2);
	for (const leg of tarballLegs) {
		expect(leg).toMatch(/Demo\.node\.js[\s\S]*setTimeout[\s\S]*@n8n\/community-nodes\/no-restricted-globals/);
	}
	expect(output).not.toMatch(/Other\.node\.js|setInterval/);
	expect(result.status).toBe(1);
});
