#!/usr/bin/env node
'use strict';
// Proves the e2e driver on each pinned n8n with built-in nodes only:
// CLI import + execute, owner setup, webhook activation + production call + deactivation,
// executions read back over REST, a manual run over REST; and, when dist/ exists, that n8n
// loads our package. Prints timings.
//
//   node test/e2e/smoke.js [version ...]     (default: every pinned version)

const fs = require('fs');
const path = require('path');
const assert = require('assert/strict');
const n8n = require('./lib/n8n');
const { N8N_VERSIONS } = require('../../scripts/install-n8n.js');
const { parseFlags } = require('../../scripts/lib/args');

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, '.e2e', 'smoke');
const OUR_NODE = path.join(ROOT, 'dist', 'nodes', 'TelnyxVideo', 'TelnyxVideo.node.js');

const MANUAL_ID = 'smokeManual00001';
const WEBHOOK_ID = 'smokeWebhook0001';
const WEBHOOK_PATH = 'smoke-hook';

/** Manual Trigger -> Set: nothing but n8n's own nodes. */
const manualWorkflow = {
	id: MANUAL_ID,
	name: 'smoke: manual -> set',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: { 'Manual Trigger': { main: [[{ node: 'Set', type: 'main', index: 0 }]] } },
	nodes: [
		{
			id: '5b0c3f39-0d1c-4c6e-9d43-7a0b7cf2a001',
			name: 'Manual Trigger',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		},
		{
			id: '5b0c3f39-0d1c-4c6e-9d43-7a0b7cf2a002',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [220, 0],
			parameters: {
				assignments: {
					assignments: [{ id: 'a1', name: 'greeting', value: 'hello', type: 'string' }],
				},
				options: {},
			},
		},
	],
};

/** Webhook -> HTTP Request that forwards the received body to the sink. */
const webhookWorkflow = (sinkUrl) => ({
	id: WEBHOOK_ID,
	name: 'smoke: webhook -> sink',
	active: false,
	settings: { executionOrder: 'v1' },
	connections: { Webhook: { main: [[{ node: 'To Sink', type: 'main', index: 0 }]] } },
	nodes: [
		{
			id: '5b0c3f39-0d1c-4c6e-9d43-7a0b7cf2b001',
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '0c5e1d7e-5a55-4f0e-9f0a-3d8f5c2b9e11',
			parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
		},
		{
			id: '5b0c3f39-0d1c-4c6e-9d43-7a0b7cf2b002',
			name: 'To Sink',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [220, 0],
			parameters: {
				method: 'POST',
				url: `${sinkUrl}/events`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json.body) }}',
				options: {},
			},
		},
	],
});

/** Runs fn, prints and records how long it took. */
const timer = (timings) => async (label, fn) => {
	const t0 = Date.now();
	const result = await fn();
	timings[label] = Date.now() - t0;
	console.log(`  ${label}: ${timings[label]} ms`);
	return result;
};

async function smoke(version, tarball) {
	const timings = {};
	const timed = timer(timings);
	console.log(`\n== n8n ${version}`);
	const userFolder = n8n.tempUserFolder(`n8n-${version}`, WORK);
	const ctx = { version, userFolder };
	if (tarball) n8n.installPackage(userFolder, tarball);

	const sink = await n8n.startSink();
	let instance;
	try {
		await timed('cli import:workflow', () => n8n.importWorkflow(ctx, [manualWorkflow, webhookWorkflow(sink.url)]));
		const run = await timed('cli execute', () => n8n.executeWorkflow(ctx, MANUAL_ID));
		assert.equal(run.status, 'success', `execute status: ${run.status}`);
		assert.deepEqual(n8n.nodeItems(run, 'Set'), [{ greeting: 'hello' }]);

		instance = await timed('boot (start -> editor ready)', () =>
			n8n.startN8n({ ...ctx, logFile: path.join(userFolder, 'n8n.log') }),
		);
		const session = await timed('owner setup', () => n8n.setupOwner(instance));
		await n8n.login(instance); // proves the login call too

		await timed('activate', () => n8n.activate(session, WEBHOOK_ID));
		const hookUrl = `${instance.url}/webhook/${WEBHOOK_PATH}`;
		const res = await timed('webhook call', () =>
			fetch(hookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hello":"world"}' }),
		);
		assert.equal(res.status, 200, `webhook answered ${res.status}: ${await res.text()}`);
		const [received] = await timed('sink received', () => sink.waitFor(1));
		assert.deepEqual(received.body, { hello: 'world' });

		const [execution] = await timed('execution via REST', () => n8n.waitForExecutions(session, WEBHOOK_ID));
		assert.equal(execution.status, 'success');
		const webhookOut = execution.data.resultData.runData.Webhook[0].data.main[0][0].json;
		assert.deepEqual(webhookOut.body, { hello: 'world' });

		await timed('deactivate', () => n8n.deactivate(session, WEBHOOK_ID));
		const after = await fetch(hookUrl, { method: 'POST', body: '{}' });
		assert.equal(after.status, 404, `webhook still answers ${after.status} after deactivation`);

		const manual = await timed('manual run via REST', () => n8n.runManually(session, MANUAL_ID));
		assert.deepEqual(n8n.nodeItems(manual, 'Set'), [{ greeting: 'hello' }]);

		if (tarball) await checkOurNodes(session, instance);
	} finally {
		if (instance) await timed('stop', () => instance.stop());
		await sink.close();
	}
	fs.rmSync(userFolder, { recursive: true, force: true }); // kept only when a check failed
	return timings;
}

/** n8n loaded our package: its node and trigger types and the credential are known. */
async function checkOurNodes(session, instance) {
	const types = await n8n.listNodeTypes(session);
	const ours = types.filter((t) => t.startsWith(`${n8n.PACKAGE_NAME}.`));
	console.log(`  our node types: ${ours.join(', ') || '(none)'}`);
	const loadError = /Failed to load package[^\n]*\n[^\n]*/.exec(instance.output());
	assert.ok(!loadError, `n8n could not load the package: ${loadError}`);
	for (const name of listedNodeNames()) {
		assert.ok(ours.includes(`${n8n.PACKAGE_NAME}.${name}`), `${name} not loaded`);
	}
	const credTypes = await n8n.listCredentialTypes(session);
	assert.ok(credTypes.includes('telnyxVideoApi'), 'telnyxVideoApi credential type not loaded');
}

/** Node names from package.json, by convention: dist/nodes/X/TelnyxVideo.node.js -> telnyxVideo. */
function listedNodeNames() {
	const { n8n: block } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return block.nodes.map((f) => path.basename(f, '.node.js')).map((b) => b[0].toLowerCase() + b.slice(1));
}

async function main() {
	const { positionals } = parseFlags(process.argv.slice(2), {}, { positionals: true });
	const versions = positionals.length ? positionals : N8N_VERSIONS;
	fs.mkdirSync(WORK, { recursive: true });
	let tarball;
	if (fs.existsSync(OUR_NODE)) {
		tarball = n8n.packPackage(ROOT, WORK);
		console.log(`package: ${path.relative(ROOT, tarball)} (our node types will be checked)`);
	} else {
		console.log('package: dist/ not built, skipping the check of our node types');
	}
	const results = {};
	for (const version of versions) results[version] = await smoke(version, tarball);
	console.log('\nsmoke passed; timings (ms):');
	console.table(results);
}

main().catch((err) => {
	console.error(`\nsmoke FAILED: ${err.stack || err.message}`);
	process.exit(1);
});
