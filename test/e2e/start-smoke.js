#!/usr/bin/env node
'use strict';
// Walks README's "try it" path as a newcomer does: runs `npm start`, waits for the ready banner,
// signs in over HTTP with the login it prints, runs the cleanup example's first Telnyx Video node
// (Delete Many, as a dry run over every recording) against the sandbox, then stops `npm start`
// by PID and checks that n8n and the sandbox are gone.
//
//   node test/e2e/start-smoke.js [--timeout-min 30]
//
// Used by .ci/run in a fresh clone. Exit code 0 only when every step passed.

const net = require('net');
const path = require('path');
const { spawn } = require('child_process');
const { parseArgs } = require('util');
const n8n = require('./lib/n8n');
const { parseStartBanner } = require('../../scripts/lib/start-banner');

const ROOT = path.resolve(__dirname, '../..');
const PORTS = { n8n: 5678, sandbox: 4010 }; // npm start's defaults
const { values: args } = parseArgs({ options: { 'timeout-min': { type: 'string', default: '30' } } });

const say = (msg) => process.stdout.write(`[start-smoke] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** A deadline that does not keep the process alive once everything else is done. */
const deadline = (ms) => new Promise((r) => setTimeout(r, ms).unref());

function portOpen(port) {
	return new Promise((resolve) => {
		const socket = net.connect({ port, host: '127.0.0.1' });
		socket.once('connect', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});
}

/** Starts `npm start` in its own process group; resolves the banner's URL and login. */
function startDemo() {
	const child = spawn('npm', ['start'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	let text = '';
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	const ready = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no ready banner in time')), Number(args['timeout-min']) * 60000);
		const onData = (chunk) => {
			process.stdout.write(chunk);
			text += chunk;
			const banner = parseStartBanner(text);
			if (banner) {
				clearTimeout(timer);
				resolve(banner);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', (c) => process.stderr.write(c));
		exited.then(({ code, signal }) => (clearTimeout(timer), reject(new Error(`npm start exited early (${code ?? signal})`))));
	});
	return { child, ready, exited };
}

/** The cleanup example's first Telnyx Video node, run on its own as a dry run behind a Manual Trigger. */
async function runCleanupGetMany(session) {
	const workflows = await session.request('GET', '/rest/workflows');
	const list = Array.isArray(workflows) ? workflows : workflows.data || workflows.results || [];
	const cleanup = list.find((w) => /cleanup|delete recordings/i.test(w.name));
	if (!cleanup) throw new Error(`the cleanup example was not imported (workflows: ${list.map((w) => w.name).join(', ')})`);
	const full = await session.request('GET', `/rest/workflows/${cleanup.id}`);
	const first = full.nodes.find((n) => /\.telnyxVideo$/.test(n.type));
	if (!first) throw new Error(`"${cleanup.name}" has no Telnyx Video node`);
	const trigger = { id: 'b7c1c3f0-0000-4000-8000-000000000001', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	// every recording the sandbox holds, not only the old ones the example picks
	const node = { ...first, position: [250, 0], parameters: { ...first.parameters, filters: {}, dryRun: true } };
	const created = await n8n.createWorkflow(session, {
		name: 'start smoke: cleanup dry run',
		nodes: [trigger, node],
		connections: { [trigger.name]: { main: [[{ node: node.name, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	const run = await n8n.runManually(session, created.id);
	if (run.status !== 'success') throw new Error(`the run ended ${run.status}: ${JSON.stringify(run.data && run.data.resultData && run.data.resultData.error).slice(0, 400)}`);
	const items = run.data.resultData.runData[node.name][0].data.main[0].map((i) => i.json);
	if (!items.length || !items.every((i) => typeof i.id === 'string' && 'download_url' in i)) {
		throw new Error(`expected recordings from the sandbox, got ${JSON.stringify(items.slice(0, 2))}`);
	}
	return items.length;
}

async function main() {
	const t0 = Date.now();
	for (const [name, port] of Object.entries(PORTS)) {
		if (await portOpen(port)) throw new Error(`port ${port} (${name}) is already in use: stop whatever holds it first`);
	}
	const demo = startDemo();
	let failure;
	try {
		const login = await demo.ready;
		say(`ready after ${((Date.now() - t0) / 1000).toFixed(1)} s at ${login.url}`);
		const session = await n8n.login({ url: login.url, version: '2.41.1' }, login);
		say(`signed in as ${login.email}`);
		const count = await runCleanupGetMany(session);
		say(`the cleanup example's dry run listed ${count} recordings from the sandbox`);
	} catch (err) {
		failure = err;
	}
	say(`stopping npm start (pid ${demo.child.pid}) with SIGTERM ...`);
	try {
		process.kill(demo.child.pid, 'SIGTERM');
	} catch {
		// already gone
	}
	const stopped = await Promise.race([demo.exited.then(() => true), deadline(60000).then(() => false)]);
	let leftovers = [];
	for (let i = 0; i < 60; i++) {
		leftovers = [];
		for (const [name, port] of Object.entries(PORTS)) if (await portOpen(port)) leftovers.push(`${name} on ${port}`);
		if (!leftovers.length) break;
		await sleep(500);
	}
	try {
		process.kill(-demo.child.pid, 'SIGKILL'); // whatever is left of the group
	} catch {
		// nothing left
	}
	if (!failure && !stopped) failure = new Error('npm start did not exit within 60 s of SIGTERM');
	if (!failure && leftovers.length) failure = new Error(`still running after npm start stopped: ${leftovers.join(', ')}`);
	if (failure) {
		say(`FAILED: ${failure.message}`);
		console.log('start-smoke: 0 passed, 1 failed');
		process.exitCode = 1;
		return;
	}
	say(`npm start stopped cleanly; total ${((Date.now() - t0) / 1000).toFixed(1)} s`);
	console.log('start-smoke: 1 passed, 0 failed');
}

main();
