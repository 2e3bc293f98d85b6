/**
 * What a fresh clone needs: nothing outside the repository, and child npm processes that do what
 * a person typing the command would get, whatever npm exported to us (issue: a rebuild under
 * `npm test` inherited ignore-scripts and built no sqlite3).
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cleanEnv } = require('../../scripts/lib/clean-env.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { node24BuildEnv } = require('../../scripts/install-n8n.js');

const ROOT = join(__dirname, '..', '..');

/** A folder with one dependency whose install script leaves a marker file when it runs. */
function packageWithInstallScript(): { dir: string; marker: string } {
	const dir = mkdtempSync(join(tmpdir(), 'tvn-rebuild-'));
	const dep = join(dir, 'node_modules', 'needs-build');
	mkdirSync(dep, { recursive: true });
	const marker = join(dep, 'built.txt');
	writeFileSync(
		join(dep, 'package.json'),
		JSON.stringify({ name: 'needs-build', version: '1.0.0', scripts: { install: `node -e "require('fs').writeFileSync('built.txt','ok')"` } }),
	);
	writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'probe', private: true, dependencies: { 'needs-build': '1.0.0' } }));
	return { dir, marker };
}

/** The environment `npm test` gives its children, with our .npmrc's ignore-scripts exported. */
const npmTestEnv = { ...process.env, npm_config_ignore_scripts: 'true', npm_lifecycle_event: 'test' };

describe('child npm processes are hermetic', () => {
	it('a rebuild with npm test\'s exported settings builds nothing (the trap is real)', () => {
		const { dir, marker } = packageWithInstallScript();
		try {
			const res = spawnSync('npm', ['rebuild', 'needs-build'], { cwd: dir, env: npmTestEnv, encoding: 'utf8' });
			expect(res.status).toBe(0);
			expect(existsSync(marker)).toBe(false);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('the sqlite3 rebuild environment of install-n8n runs install scripts even under npm test', () => {
		const { dir, marker } = packageWithInstallScript();
		const saved = { ...process.env };
		try {
			Object.assign(process.env, npmTestEnv);
			const env = node24BuildEnv({ nodeBin: process.execPath, nodeDir: '/usr' });
			expect(Object.keys(env).filter((k) => /^npm_/i.test(k)).sort()).toEqual(['npm_config_ignore_scripts', 'npm_config_nodedir']);
			expect(env.npm_config_ignore_scripts).toBe('false');
			const res = spawnSync('npm', ['rebuild', 'needs-build'], { cwd: dir, env, encoding: 'utf8' });
			expect(res.status).toBe(0);
			expect(readFileSync(marker, 'utf8')).toBe('ok');
		} finally {
			for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
			Object.assign(process.env, saved);
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('cleanEnv drops every npm_* variable and keeps the rest', () => {
		const env = cleanEnv({ EXTRA: '1' }, { PATH: '/bin', npm_config_ignore_scripts: 'true', NPM_CONFIG_USERCONFIG: '/x', npm_package_name: 'p' });
		expect(env).toEqual({ PATH: '/bin', EXTRA: '1' });
	});
});

describe('the repository is self-contained', () => {
	it('nothing reads the steering folder ../shared that users do not have', () => {
		const res = spawnSync('git', ['grep', '--untracked', '-nIE', String.raw`\.\./shared/(reference|guides|hooks|README)|'shared', *'(reference|guides|hooks)'`, '--', '.', ':!test/unit/fresh-machine.test.ts'], {
			cwd: ROOT,
			encoding: 'utf8',
		});
		expect(res.stdout).toBe('');
	});

	it('the vendored spec is the one Prism and the table tests use, with its provenance', () => {
		const spec = JSON.parse(readFileSync(join(ROOT, 'test', 'spec', 'telnyx-video-openapi.json'), 'utf8'));
		expect(Object.keys(spec.paths).filter((p) => p.startsWith('/room'))).toHaveLength(Object.keys(spec.paths).length);
		expect(readFileSync(join(ROOT, 'test', 'spec', 'README.md'), 'utf8')).toMatch(/team-telnyx\/openapi.*\n?.*12de4dd/);
	});
});
