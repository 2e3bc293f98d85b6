#!/usr/bin/env node
'use strict';
// Load in a real n8n (issue #6): 1,000 signed Telnyx deliveries, sent with bounded concurrency on
// 127.0.0.1 to an activated workflow (Telnyx Video Trigger -> No Op), must give exactly 1,000
// executions; forged deliveries sent alongside must give none. Prints deliveries/s.
//
//   node test/reliability/load.js [--deliveries 1000] [--forged 100] [--concurrency 16] [--version 2.41.1] [--keep]
//
// Uses test/e2e/lib/n8n.js (n8n installed by scripts/install-n8n.js). The package is built into
// a temporary staging folder (tsc + assets, package.json listing the trigger too), packed and
// installed like a community package: nothing in the checkout is written. Figures go to
// $RELIABILITY_FIGURES_DIR/load.json (see run.js). Exit code 0 = pass, 1 = fail, 2 = skipped
// (n8n not installed).

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');

const ROOT = path.resolve(__dirname, '..', '..');
const n8n = require('../e2e/lib/n8n.js');
const { cachePaths, isInstalled } = require('../../scripts/install-n8n.js');
const { startSandbox } = require('../sandbox');
const { createPrng } = require('../sandbox/prng');
const { parseFlags, readFlags, envPairs } = require('../../scripts/lib/args');
const { times } = require('../../scripts/lib/pool');

const FLAG_SPEC = {
	deliveries: { type: 'number', default: 1000 },
	forged: { type: 'number', default: 100 },
	concurrency: { type: 'number', default: 16 },
	version: { type: 'string', default: '2.41.1' },
	keep: { type: 'boolean', default: false },
	baseline: { type: 'number', default: 200 },
	reference: { type: 'number', default: 1 },
	env: { type: 'string', multiple: true, default: [], hint: 'KEY=VALUE' },
	'trigger-version': { type: 'number', default: 2 },
	'no-signature-check': { type: 'boolean', default: false },
};
// Flags are read when this file runs; a script requiring it (for stagePackage) gets the defaults.
const { values: FLAGS } = require.main === module ? readFlags(FLAG_SPEC) : parseFlags([], FLAG_SPEC);
const DELIVERIES = FLAGS.deliveries;
const FORGED = FLAGS.forged;
const CONCURRENCY = FLAGS.concurrency;
const VERSION = FLAGS.version;
const KEEP = FLAGS.keep;
/** Deliveries sent to a built-in Webhook workflow first, to tell n8n's own cost from ours (0 = off). */
const BASELINE = FLAGS.baseline;
const BASELINE_ID = 'relLoadBaseline1';
/**
 * The fair reference (issue #15): n8n's Webhook node with Header Auth also reads a credential per
 * delivery. It gets the same plan as the trigger (as many good deliveries, as many bad ones with a
 * wrong header, same order and concurrency) in blocks of BLOCK, taking turns with the trigger;
 * trigger_vs_webhook_header_auth = trigger / reference deliveries per second. --reference 0 = off.
 */
const REFERENCE = FLAGS.reference > 0;
const BLOCK = 100;
const REFERENCE_ID = 'relLoadHeaderAuth1';
const HEADER_AUTH = { id: 'relLoadHdrAuth001', name: 'Header Auth (reliability load)', type: 'httpHeaderAuth', headerName: 'X-Load-Key', value: crypto.randomBytes(24).toString('hex') };
/** Extra n8n environment, e.g. --env DB_SQLITE_POOL_SIZE=4 (repeatable). */
const EXTRA_ENV = envPairs(FLAGS.env);
const API_KEY = 'KEY_reliability_load_4e9b';
const WORKFLOW_ID = 'relLoadTrigger01';
const WEBHOOK_ID = 'a7f0c3d2-51b4-4e8a-9c6d-2b1e0f3a4d55';
const CREDENTIAL = { id: 'relLoadTelnyx001', name: 'Telnyx (reliability load)', type: 'telnyxVideoApi' };
const FIGURES_DIR = process.env.RELIABILITY_FIGURES_DIR || path.join(os.tmpdir(), 'n8n-nodes-telnyx-video-reliability');

const say = (msg) => process.stdout.write(`[load] ${msg}\n`);

function writeFigures(values) {
	fs.mkdirSync(FIGURES_DIR, { recursive: true });
	fs.writeFileSync(path.join(FIGURES_DIR, 'load.json'), JSON.stringify(values, null, 2));
	process.stdout.write(`\n[reliability figures] load: ${JSON.stringify(values)}\n`);
}

/** tsc into a staging folder, assets copied, package.json listing both nodes; returns the tarball. */
function stagePackage(work) {
	const stage = path.join(work, 'package');
	fs.rmSync(stage, { recursive: true, force: true });
	fs.mkdirSync(stage, { recursive: true });
	const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
	const res = spawnSync(tsc, ['-p', path.join(ROOT, 'tsconfig.json'), '--outDir', path.join(stage, 'dist'), '--declaration', 'false', '--sourceMap', 'false'], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	if (res.status !== 0) throw new Error(`tsc failed:\n${res.stdout}\n${res.stderr}`);
	fs.mkdirSync(path.join(stage, 'dist', 'icons'), { recursive: true });
	for (const icon of fs.readdirSync(path.join(ROOT, 'icons'))) {
		fs.copyFileSync(path.join(ROOT, 'icons', icon), path.join(stage, 'dist', 'icons', icon));
	}
	for (const dir of fs.readdirSync(path.join(ROOT, 'nodes'))) {
		for (const file of fs.readdirSync(path.join(ROOT, 'nodes', dir)).filter((f) => f.endsWith('.node.json'))) {
			fs.copyFileSync(path.join(ROOT, 'nodes', dir, file), path.join(stage, 'dist', 'nodes', dir, file));
		}
	}
	const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	const trigger = 'dist/nodes/TelnyxVideoTrigger/TelnyxVideoTrigger.node.js';
	if (!pkg.n8n.nodes.includes(trigger)) pkg.n8n.nodes.push(trigger);
	delete pkg.scripts;
	delete pkg.devDependencies;
	fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(pkg, null, 2));
	return n8n.packPackage(stage, path.join(work, 'pack'));
}

function baselineWorkflow() {
	return {
		id: BASELINE_ID,
		name: 'reliability: built-in webhook baseline',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { Webhook: { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: '6c1f8a8e-0d57-4b58-9a3e-5a1d2c3b4e11',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'b2c4d6e8-0a1b-4c3d-8e5f-6a7b8c9d0e1f',
				parameters: { httpMethod: 'POST', path: 'reliability-baseline', responseMode: 'onReceived', options: {} },
			},
			{ id: '6c1f8a8e-0d57-4b58-9a3e-5a1d2c3b4e12', name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
	};
}

function headerAuthWorkflow() {
	return {
		id: REFERENCE_ID,
		name: 'reliability: Webhook with Header Auth reference',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { Webhook: { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: '6c1f8a8e-0d57-4b58-9a3e-5a1d2c3b4e21',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: 'c3d5e7f9-1b2c-4d3e-9f60-7b8c9d0e1f2a',
				parameters: { httpMethod: 'POST', path: 'reliability-header-auth', authentication: 'headerAuth', responseMode: 'onReceived', options: {} },
				credentials: { httpHeaderAuth: { id: HEADER_AUTH.id, name: HEADER_AUTH.name } },
			},
			{ id: '6c1f8a8e-0d57-4b58-9a3e-5a1d2c3b4e22', name: 'No Op', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
		],
	};
}

/** DELIVERIES good + FORGED bad, shuffled with a fixed seed: the same plan for the trigger and the reference. */
function deliveryPlan() {
	const plan = [...Array(DELIVERIES).fill('signed'), ...Array(FORGED).fill('forged')];
	const prng = createPrng(6);
	for (let i = plan.length - 1; i > 0; i--) {
		const j = Math.floor(prng.next() * (i + 1));
		[plan[i], plan[j]] = [plan[j], plan[i]];
	}
	return plan;
}

function workflow(roomId) {
	return {
		id: WORKFLOW_ID,
		name: 'reliability: Telnyx trigger load',
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { 'Telnyx Video Trigger': { main: [[{ node: 'No Op', type: 'main', index: 0 }]] } },
		nodes: [
			{
				id: '6c1f8a8e-0d57-4b58-9a3e-5a1d2c3b4e01',
				name: 'Telnyx Video Trigger',
				type: `${n8n.PACKAGE_NAME}.telnyxVideoTrigger`,
				// what a new workflow gets (--trigger-version 1: a workflow saved before version 2)
				typeVersion: FLAGS['trigger-version'],
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: {
					rooms: { room: [{ roomId: { __rl: true, mode: 'id', value: roomId } }] },
					events: ['*'],
					// --no-signature-check: only to measure what the check costs (forged deliveries then pass).
					options: FLAGS['no-signature-check'] ? { checkSignature: false } : {},
				},
				credentials: { telnyxVideoApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			},
			{
				id: '6c1f8a8e-0d57-4b58-9a3e-5a1d2c3b4e02',
				name: 'No Op',
				type: 'n8n-nodes-base.noOp',
				typeVersion: 1,
				position: [220, 0],
				parameters: {},
			},
		],
	};
}

async function executionCounts(session) {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
	const counts = { total: 0, byStatus: {} };
	const seen = new Set();
	let cursor;
	let lastId;
	// Page through every execution (2.x: `cursor`/`nextCursor`; 1.x: `lastId`), reading ids and statuses.
	for (let guard = 0; guard < 1000; guard++) {
		const paging = cursor ? `&cursor=${encodeURIComponent(cursor)}` : lastId ? `&lastId=${lastId}` : '';
		const page = await session.request('GET', `/rest/executions?limit=100&filter=${filter}${paging}`);
		const results = page.results || [];
		for (const e of results) {
			if (seen.has(e.id)) continue;
			seen.add(e.id);
			counts.total++;
			counts.byStatus[e.status] = (counts.byStatus[e.status] || 0) + 1;
		}
		if (results.length === 0) break;
		if (page.nextCursor) cursor = page.nextCursor;
		else if (String(session.version).startsWith('1.') && results.length === 100) lastId = results[results.length - 1].id;
		else break;
	}
	return counts;
}

async function main() {
	const figures = { load_n8n_version: VERSION, deliveries: DELIVERIES, forged_deliveries: FORGED, concurrency: CONCURRENCY };
	const p = cachePaths(VERSION);
	if (!p.n8nDir || !isInstalled(p.n8nDir)) {
		say(`n8n ${VERSION} is not installed (node scripts/install-n8n.js ${VERSION}); skipping`);
		writeFigures({ ...figures, load_skipped: `n8n ${VERSION} not installed`, executions: null, deliveries_per_s: null });
		return 2;
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'telnyx-reliability-load-'));
	let instance;
	let sb;
	let ok = false;
	try {
		say('staging and packing the package (trigger included)');
		const tarball = stagePackage(work);
		sb = await startSandbox({ apiKey: API_KEY, seed: { rooms: 1, sessionsPerRoom: 1, participantsPerSession: 1 } });
		const room = [...sb.store.rooms.values()][0];
		room.webhook_event_url = 'https://original.example.com/hook';
		const userFolder = n8n.tempUserFolder('n8n', work);
		const ctx = { version: VERSION, userFolder };
		n8n.installPackage(userFolder, tarball);
		await n8n.importCredentials(ctx, [
			{ ...CREDENTIAL, data: { apiKey: API_KEY, publicKey: sb.publicKey, baseUrl: `${sb.url}/v2` } },
			{ id: HEADER_AUTH.id, name: HEADER_AUTH.name, type: HEADER_AUTH.type, data: { name: HEADER_AUTH.headerName, value: HEADER_AUTH.value } },
		]);
		await n8n.importWorkflow(ctx, [workflow(room.id), baselineWorkflow(), headerAuthWorkflow()]);
		say(`starting n8n ${VERSION}`);
		instance = await n8n.startN8n({ ...ctx, env: EXTRA_ENV, logFile: path.join(work, 'n8n.log') });
		figures.load_boot_ms = instance.bootMs;
		const session = await n8n.setupOwner(instance);
		const types = await n8n.listNodeTypes(session);
		if (!types.includes(`${n8n.PACKAGE_NAME}.telnyxVideoTrigger`)) throw new Error('n8n did not load telnyxVideoTrigger from the package');

		if (BASELINE > 0) {
			// The same signed bodies to n8n's own Webhook node: what n8n itself costs per delivery.
			await n8n.activate(session, BASELINE_ID);
			const url = `${instance.url}/webhook/reliability-baseline`;
			const t0 = Date.now();
			const codes = {};
			await times(BASELINE, CONCURRENCY, async (i) => {
				const res = await sb.deliverEvent(url, sb.makeEvent('participant.joined', { context: `baseline-${i}` }), { timeoutMs: 30000 });
				codes[res.status] = (codes[res.status] || 0) + 1;
			});
			figures.baseline_builtin_webhook_deliveries = BASELINE;
			figures.baseline_builtin_webhook_per_s = Math.round((BASELINE / (Date.now() - t0)) * 1000 * 10) / 10;
			figures.baseline_statuses = codes;
			await n8n.deactivate(session, BASELINE_ID);
			say(`baseline (built-in Webhook node): ${figures.baseline_builtin_webhook_per_s}/s ${JSON.stringify(codes)}`);
		}
		if (REFERENCE) await n8n.activate(session, REFERENCE_ID);
		const activation = await n8n.activate(session, WORKFLOW_ID);
		figures.load_activate_ms = activation.ms;
		const hookUrl = `${instance.url}/webhook/${WEBHOOK_ID}/webhook`;
		// The trigger adds ?previous=<the URL to give back> (issue #17); n8n routes by path only.
		if (String(room.webhook_event_url).split('?')[0] !== hookUrl) throw new Error(`activation did not point the room at n8n: ${room.webhook_event_url}`);
		say(`active; room points at ${hookUrl}`);

		// Signed deliveries and forged ones, interleaved, with bounded concurrency.
		// Forged deliveries shuffled in among the signed ones (seeded, so runs compare).
		const plan = deliveryPlan();
		const statuses = { signed: {}, forged: {} };
		const latencies = { signed: [], forged: [] };
		const tampers = ['signature', 'body', 'timestamp'];
		const eventIds = new Set();
		const toTrigger = async (i) => {
			const kind = plan[i];
			const event = sb.makeEvent('participant.joined', { room_id: room.id, context: `load-${i}` });
			if (kind === 'signed') eventIds.add(event.data.id);
			const t0 = Date.now();
			const res = await sb.deliverEvent(hookUrl, event, { timeoutMs: 30000, ...(kind === 'forged' ? { tamper: tampers[i % 3] } : {}) });
			latencies[kind].push(Date.now() - t0);
			statuses[kind][res.status] = (statuses[kind][res.status] || 0) + 1;
		};
		// The reference gets the same plan: good deliveries carry the header, bad ones a wrong value
		// (n8n answers 403); both are signed bodies of the same size.
		const referenceUrl = `${instance.url}/webhook/reliability-header-auth`;
		const referenceCodes = { good: {}, bad: {} };
		const toReference = async (i) => {
			const good = plan[i] === 'signed';
			const value = good ? HEADER_AUTH.value : `${HEADER_AUTH.value.slice(0, -1)}x`;
			const res = await sb.deliverEvent(referenceUrl, sb.makeEvent('participant.joined', { context: `reference-${i}` }), { timeoutMs: 30000, headers: { [HEADER_AUTH.headerName]: value } });
			const bucket = referenceCodes[good ? 'good' : 'bad'];
			bucket[res.status] = (bucket[res.status] || 0) + 1;
		};
		// Blocks of 100, trigger and reference taking turns (and turns at going first), so both see
		// the same machine: on a shared machine the load changes faster than a whole run takes.
		const block = async (from, to, deliver) => {
			const t0 = Date.now();
			await times(to - from, CONCURRENCY, (k) => deliver(from + k));
			return Date.now() - t0;
		};
		const started = Date.now();
		let sendMs = 0;
		let referenceMs = 0;
		for (let from = 0, turn = 0; from < plan.length; from += BLOCK, turn++) {
			const to = Math.min(plan.length, from + BLOCK);
			if (REFERENCE && turn % 2 === 0) referenceMs += await block(from, to, toReference);
			sendMs += await block(from, to, toTrigger);
			if (REFERENCE && turn % 2 === 1) referenceMs += await block(from, to, toReference);
		}
		if (REFERENCE) {
			await n8n.deactivate(session, REFERENCE_ID);
			figures.webhook_header_auth_deliveries = plan.length;
			figures.webhook_header_auth_per_s = Math.round((plan.length / referenceMs) * 1000 * 10) / 10;
			figures.webhook_header_auth_statuses = referenceCodes;
			say(`reference (Webhook node with Header Auth), same plan, in turns: ${figures.webhook_header_auth_per_s}/s ${JSON.stringify(referenceCodes)}`);
		}
		figures.deliveries_per_s = Math.round((plan.length / sendMs) * 1000 * 10) / 10;
		figures.delivery_wall_ms = Date.now() - started;
		figures.signed_deliveries_per_s = Math.round((DELIVERIES / sendMs) * 1000 * 10) / 10;
		if (figures.webhook_header_auth_per_s) figures.trigger_vs_webhook_header_auth = Math.round((figures.deliveries_per_s / figures.webhook_header_auth_per_s) * 100) / 100;
		figures.delivery_ms = sendMs;
		figures.delivery_statuses = statuses;
		const pct = (list, q) => (list.length ? [...list].sort((a, b) => a - b)[Math.min(list.length - 1, Math.floor(q * list.length))] : null);
		figures.delivery_latency_ms = {
			signed_p50: pct(latencies.signed, 0.5),
			signed_p95: pct(latencies.signed, 0.95),
			forged_p50: pct(latencies.forged, 0.5),
			forged_p95: pct(latencies.forged, 0.95),
		};
		figures.deliveries_accepted = statuses.signed[200] || 0;
		figures.forged_accepted = statuses.forged[200] || 0;
		say(`sent ${plan.length} deliveries in ${sendMs} ms (${figures.deliveries_per_s}/s): ${JSON.stringify(statuses)}`);

		// Executions: wait until they are all recorded and finished, then make sure no more come.
		const waitStart = Date.now();
		let counts = await executionCounts(session);
		while (Date.now() - waitStart < 180000) {
			const finished = counts.total - (counts.byStatus.running || 0) - (counts.byStatus.new || 0) - (counts.byStatus.waiting || 0);
			if (counts.total >= DELIVERIES && finished === counts.total) break;
			await n8n.sleep(500);
			counts = await executionCounts(session);
		}
		await n8n.sleep(2000);
		counts = await executionCounts(session);
		figures.executions = counts.total;
		figures.executions_by_status = counts.byStatus;
		figures.executions_settle_ms = Date.now() - started;
		figures.end_to_end_executions_per_s = Math.round((counts.total / (Date.now() - started - 2000)) * 1000 * 10) / 10;

		// Every execution carries one of the signed events, each once.
		const sample = await n8n.listExecutions(session, { workflowId: WORKFLOW_ID, limit: 20 });
		const decoded = await Promise.all(sample.map((e) => n8n.getExecution(session, e.id)));
		const seenIds = decoded.map((e) => e.data.resultData.runData['Telnyx Video Trigger'][0].data.main[0][0].json.id);
		figures.sampled_executions_with_signed_event = seenIds.filter((id) => eventIds.has(id)).length;
		figures.sampled_executions = seenIds.length;

		await n8n.deactivate(session, WORKFLOW_ID);
		figures.room_url_restored = room.webhook_event_url === 'https://original.example.com/hook';

		ok =
			figures.deliveries_accepted === DELIVERIES &&
			figures.forged_accepted === 0 &&
			figures.executions === DELIVERIES &&
			(counts.byStatus.success || 0) === DELIVERIES &&
			figures.sampled_executions_with_signed_event === figures.sampled_executions &&
			figures.room_url_restored;
		figures.load_passed = ok;
	} catch (error) {
		figures.load_error = String(error && error.stack ? error.stack : error).slice(0, 2000);
		say(`FAILED: ${figures.load_error}`);
		if (instance) say(`n8n output (tail):\n${instance.output().split('\n').slice(-30).join('\n')}`);
	} finally {
		if (instance) await instance.stop();
		if (sb) await sb.close();
		if (!KEEP && ok) fs.rmSync(work, { recursive: true, force: true });
		else say(`work folder kept: ${work}`);
	}
	writeFigures(figures);
	return ok ? 0 : 1;
}

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(error) => {
			console.error(error);
			process.exit(1);
		},
	);
}

module.exports = { main, stagePackage };
