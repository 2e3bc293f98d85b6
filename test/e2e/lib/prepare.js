'use strict';
// What every real-n8n suite (run.js, ai-agent.js, poll.js) does before its first check: read
// `[--skip-build] [--keep] [version ...]`, install the chosen n8n versions when missing, build,
// pack the package, and start the sandbox behind Prism's validating proxy.

const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const { cleanEnv } = require('../../../scripts/lib/clean-env.js');
const { parseFlags } = require('../../../scripts/lib/args.js');
const { N8N_VERSIONS, ensureAll } = require('../../../scripts/install-n8n.js');
const { startSandbox } = require('../../sandbox');
const { startPrismProxy } = require('../../sandbox/prism');
const n8n = require('./n8n');

const ROOT = path.resolve(__dirname, '../../..');

/** `[--skip-build] [--keep] [version ...]` -> { build, keep, versions } (all pinned versions by default). */
function parseRunArgs(argv) {
	const { values, positionals } = parseFlags(
		argv,
		{ 'skip-build': { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
		{ positionals: true },
	);
	return { build: !values['skip-build'], keep: values.keep, versions: positionals.length ? positionals : N8N_VERSIONS };
}

/**
 * Returns { opts, tarball, sb, prism, close }. `work` is the suite's folder under .e2e/ (the
 * tarball goes there); `sandbox` adds startSandbox options. close() stops Prism and the sandbox
 * and deletes the tarball.
 */
async function prepareRun({ work, apiKey, sandbox = {}, argv = process.argv.slice(2) }) {
	const opts = parseRunArgs(argv);
	ensureAll(opts.versions); // a cold machine installs Node 24 + n8n here (~10 min); cached: instant
	if (opts.build) {
		console.log('building (npm run build) ...');
		const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
		if (res.status !== 0) throw new Error('npm run build failed');
	}
	fs.mkdirSync(work, { recursive: true });
	const tarball = n8n.packPackage(ROOT, work);
	console.log(`package: ${path.relative(ROOT, tarball)}`);
	const sb = await startSandbox({ apiKey, ...sandbox });
	let prism;
	try {
		prism = await startPrismProxy({ upstream: sb.url });
	} catch (error) {
		await sb.close();
		throw error;
	}
	console.log(`sandbox ${sb.url}, prism proxy ${prism.url} (pid ${prism.pid})`);
	const close = async () => {
		try {
			await prism.close();
		} finally {
			await sb.close();
			fs.rmSync(tarball, { force: true });
		}
	};
	return { opts, tarball, sb, prism, close };
}

module.exports = { parseRunArgs, prepareRun };
