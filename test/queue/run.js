#!/usr/bin/env node
'use strict';
// Queue mode (issue #14): both triggers and the action node in n8n's scaled-out setup.
//
// Postgres and Redis (Debian packages, installed when missing) on free loopback ports in a
// throwaway folder; n8n 2.41.1 (Node 24 from scripts/install-n8n.js) as one main, two workers
// and one webhook process sharing the encryption key, the database, Redis and one user folder
// with the packed package installed as a community package. The sandbox sits behind Prism
// (contract validation) and behind a proxy that records which n8n process sent each API call;
// the workers' own log lines ("Worker started execution <id>") say which worker ran what.
//
//   node test/queue/run.js [--skip-build] [--keep] [--deliveries 1000] [--forged 100] [--concurrency 16]
//                          [--recordings 10000] [--baseline 200] [--env KEY=VALUE ...] [--package-dir DIR]
//
// The last line is "queue: N passed, M failed"; the exit code is non-zero on any failure.

const assert = require('assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

const n8n = require('../e2e/lib/n8n');
// CREDENTIAL.id is set to the id n8n gives the credential we create over REST (credentials() reads it).
const { CREDENTIAL, byId, credentials, telnyx, workflow, TELNYX_TRIGGER } = require('../e2e/lib/workflows');
const { PACKAGE_NAME } = n8n;
const { ensureAll } = require('../../scripts/install-n8n.js');
const { cleanEnv } = require('../../scripts/lib/clean-env.js');
const { readFlags, envPairs } = require('../../scripts/lib/args');
const { times } = require('../../scripts/lib/pool');
const { startSandbox } = require('../sandbox');
const { startPrismProxy } = require('../sandbox/prism');
const { createPrng } = require('../sandbox/prng');
const services = require('./lib/services');
const { startOriginProxy, countByOrigin } = require('./lib/origin');
const { startCluster, workerExecutions } = require('./lib/cluster');
const dbLib = require('./lib/db');
const { measureCpu } = require('./lib/cpu');

const ROOT = path.resolve(__dirname, '../..');
const VERSION = '2.41.1';
const API_KEY = 'KEY_queue_mode_9c1d';
const POLL_TRIGGER = `${PACKAGE_NAME}.telnyxVideoPollTrigger`;

const { values: FLAGS } = readFlags({
	'skip-build': { type: 'boolean', default: false },
	keep: { type: 'boolean', default: false },
	deliveries: { type: 'number', default: 1000 },
	forged: { type: 'number', default: 100 },
	concurrency: { type: 'number', default: 16 },
	recordings: { type: 'number', default: 10000 },
	baseline: { type: 'number', default: 200 },
	env: { type: 'string', multiple: true, default: [], hint: 'KEY=VALUE' },
	'package-dir': { type: 'string', hint: 'dir' },
});
const DELIVERIES = FLAGS.deliveries;
const FORGED = FLAGS.forged;
const CONCURRENCY = FLAGS.concurrency;
const RECORDINGS = FLAGS.recordings;
/** Deliveries to n8n's own Webhook node first, through the same webhook process (0 = off). */
const BASELINE = FLAGS.baseline;
const KEEP = FLAGS.keep;
/** Extra n8n settings for every process, e.g. --env N8N_EXPRESSION_ENGINE=legacy (repeatable). */
const EXTRA_ENV = envPairs(FLAGS.env);
const BUILD = !FLAGS['skip-build'];
/** Pack this built package folder instead of the checkout (e.g. another branch's build). */
const PACKAGE_DIR = FLAGS['package-dir'] !== undefined ? path.resolve(FLAGS['package-dir']) : ROOT;
/** The reliability suite's single-process figure (test/reliability/load.js, n8n 2.41.1, same machine class). */
const SINGLE_PROCESS_PER_S = '10-12';

// A stalled job surfaces after the lock expires and the next stall check: 60 s + 30 s by
// default. Shorter here so the crash check takes seconds; the behaviour is the same.
const LOCK_ENV = { QUEUE_WORKER_LOCK_DURATION: '15000', QUEUE_WORKER_LOCK_RENEW_TIME: '3000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };
// The webhook process keeps the failed executions of a killed worker as active and waits for
// them at shutdown (30 s by default): shorter, so the teardown is quick.
const SHUTDOWN_ENV = { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5' };

const say = (msg) => console.log(`[queue] ${msg}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const perSecond = (n, ms) => Math.round((n / ms) * 1000 * 10) / 10;

// ---------------------------------------------------------------------------------------------
// Results

const results = { passed: [], failed: [], skipped: [] };
const figures = {};

async function step(name, fn) {
	const t0 = Date.now();
	try {
		const note = await fn();
		results.passed.push(name);
		console.log(`  ok    ${name} (${secs(Date.now() - t0)})${note ? `: ${note}` : ''}`);
		return true;
	} catch (err) {
		results.failed.push({ name, error: err });
		console.log(`  FAIL  ${name} (${secs(Date.now() - t0)})\n${String(err.stack || err.message).split('\n').slice(0, 25).map((l) => `        ${l}`).join('\n')}`);
		return false;
	}
}

// ---------------------------------------------------------------------------------------------
// Workflows

function webhookTrigger(name, webhookPath) {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
}

function telnyxTrigger(name, roomIds, events) {
	return {
		name,
		type: TELNYX_TRIGGER,
		typeVersion: 1,
		webhookId: crypto.randomUUID(),
		credentials: credentials(),
		parameters: { rooms: { room: roomIds.map((id) => ({ roomId: byId(id) })) }, events, options: {} },
	};
}

const noOp = (name = 'No Op') => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** HTTP Request (4.2) uploading binary property `field` to `url`. */
function uploadBinary(name, url, field) {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'POST', url, sendBody: true, contentType: 'binaryData', inputDataFieldName: field, options: {} },
	};
}

// ---------------------------------------------------------------------------------------------
// The checks

/** n8n's own Webhook node -> No Op through the same webhook process: what queue mode costs without us. */
async function baselineCheck(ctx) {
	const { session, sb, cluster, db } = ctx;
	await step(`baseline: ${BASELINE} deliveries to n8n's own Webhook node through the webhook process`, async () => {
		const trigger = webhookTrigger('Webhook', 'queue-baseline');
		const wf = await n8n.createWorkflow(session, workflow(undefined, 'queue: built-in webhook baseline', [[noOp()]], { trigger }));
		await n8n.activate(session, wf.id);
		const url = `${cluster.webhookUrl}webhook/queue-baseline`;
		const statuses = {};
		const cpu = measureCpu(ctx.cpuGroups());
		const t0 = Date.now();
		await times(BASELINE, CONCURRENCY, async (i) => {
			const res = await sb.deliverEvent(url, sb.makeEvent('participant.joined', { context: `baseline-${i}` }), { timeoutMs: 30000 });
			statuses[res.status] = (statuses[res.status] || 0) + 1;
		});
		const ms = Date.now() - t0;
		assert.deepEqual(statuses, { 200: BASELINE });
		await db.settle(wf.id, { count: BASELINE, timeoutMs: 180000 });
		figures.baseline_builtin_webhook_per_s = perSecond(BASELINE, ms);
		figures.baseline_cpu_seconds = cpu.stop();
		figures.baseline_webhook_process_cpu_ms_per_delivery = Math.round((figures.baseline_cpu_seconds.webhook * 1000) / BASELINE);
		await n8n.deactivate(session, wf.id);
		return `${figures.baseline_builtin_webhook_per_s} deliveries/s; webhook process CPU ${figures.baseline_webhook_process_cpu_ms_per_delivery} ms per delivery`;
	});
}

async function webhookTriggerChecks(ctx) {
	const { session, sb, cluster, db, origin, rooms } = ctx;
	const chosen = [rooms[0], rooms[1]];
	const roomUrl = (id) => sb.store.rooms.get(id).webhook_event_url;
	// The trigger writes `<webhook URL>?previous=<URL to give back>` (n8n routes by path only).
	const heldBy = (id) => {
		const u = new URL(roomUrl(id));
		return { holder: `${u.origin}${u.pathname}`, previous: u.searchParams.get('previous') };
	};
	const previous = Object.fromEntries(chosen.map((id) => [id, roomUrl(id)]));
	const trigger = telnyxTrigger('Telnyx Video Trigger', chosen, ['video.room.participant.joined']);
	const wf = await n8n.createWorkflow(session, workflow(undefined, 'queue: webhook trigger', [[noOp()]], { trigger }));
	const hookUrl = `${cluster.webhookUrl}webhook/${trigger.webhookId}/webhook`;

	const activated = await step('webhook trigger: activation on main subscribes the rooms to the webhook process URL', async () => {
		origin.clear();
		await n8n.activate(session, wf.id);
		for (const id of chosen) assert.deepEqual(heldBy(id), { holder: hookUrl, previous: previous[id] }, `room ${id}`);
		const patches = origin.requests.filter((r) => r.method === 'PATCH');
		assert.equal(patches.length, chosen.length, 'one PATCH per room');
		assert.deepEqual(countByOrigin(origin.requests), { main: origin.requests.length }, 'every activation call came from main');
		return `${origin.requests.length} API calls, all from main; rooms -> ${hookUrl.replace(cluster.webhookUrl, '<webhook process>/')}`;
	});
	if (!activated) return;

	const signedIds = new Set();
	const statuses = { signed: {}, forged: {} };
	await step(`webhook trigger: ${DELIVERIES} signed + ${FORGED} forged deliveries to the webhook process`, async () => {
		const plan = [...Array(DELIVERIES).fill('signed'), ...Array(FORGED).fill('forged')];
		const prng = createPrng(14);
		for (let i = plan.length - 1; i > 0; i--) {
			const j = Math.floor(prng.next() * (i + 1));
			[plan[i], plan[j]] = [plan[j], plan[i]];
		}
		const tampers = ['signature', 'body', 'timestamp'];
		const latencies = [];
		const cpu = measureCpu(ctx.cpuGroups());
		const load = os.loadavg()[0];
		const t0 = Date.now();
		await times(plan.length, CONCURRENCY, async (i) => {
			const kind = plan[i];
			const room = chosen[i % 2];
			const event = sb.makeEvent('participant.joined', { room_id: room, context: `queue-${i}` });
			if (kind === 'signed') signedIds.add(event.data.id);
			const sent = Date.now();
			const res = await sb.deliverEvent(roomUrl(room), event, { timeoutMs: 30000, ...(kind === 'forged' ? { tamper: tampers[i % 3] } : {}) });
			latencies.push(Date.now() - sent);
			statuses[kind][res.status] = (statuses[kind][res.status] || 0) + 1;
		});
		const sendMs = Date.now() - t0;
		ctx.deliveryStart = t0;
		ctx.deliveryCpu = cpu;
		figures.deliveries_sent = plan.length;
		figures.delivery_ms = sendMs;
		figures.deliveries_per_s = perSecond(plan.length, sendMs);
		figures.signed_deliveries_per_s = perSecond(DELIVERIES, sendMs);
		figures.delivery_latency_ms = { p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95) };
		figures.load_average_before = Math.round(load * 10) / 10;
		assert.deepEqual(statuses.signed, { 200: DELIVERIES }, 'signed');
		assert.deepEqual(statuses.forged, { 401: FORGED }, 'forged');
		const rejected = (cluster.webhook.output().match(/rejected a delivery/g) || []).length;
		assert.equal(rejected, FORGED, 'the webhook process logged each rejection');
		return `${figures.deliveries_per_s} deliveries/s (${plan.length} in ${secs(sendMs)}, concurrency ${CONCURRENCY}); forged: all 401, refused in the webhook process`;
	});

	await step(`webhook trigger: exactly ${DELIVERIES} executions, each event once, all run on the workers (both used)`, async () => {
		const rows = await db.settle(wf.id, { count: DELIVERIES, timeoutMs: 300000 });
		figures.end_to_end_ms = Date.now() - ctx.deliveryStart;
		figures.end_to_end_executions_per_s = perSecond(rows.length, figures.end_to_end_ms);
		await sleep(1500); // anything that should not have run has had time to show up
		const all = await db.executions(wf.id);
		assert.equal(all.length, DELIVERIES, 'executions');
		// n8n checks resource-locator values with a regex run in a vm under a 250 ms wall-clock
		// timeout; on a machine starved of CPU that can fail an execution before any node runs
		// ("Regular expression execution timed out"). Counted and reported; anything else fails.
		const byStatus = countBy(all, (r) => r.status);
		const notSuccess = all.filter((r) => r.status !== 'success').map((r) => r.id);
		const regexTimeouts = notSuccess.length ? (await db.executionsWithData(wf.id, notSuccess)).filter((e) => /Regular expression execution timed out/.test((e.data.resultData.error || {}).message)) : [];
		assert.equal(notSuccess.length, regexTimeouts.length, `statuses ${JSON.stringify(byStatus)}: only n8n's regex timeout may fail one`);
		figures.regex_timeout_failures = regexTimeouts.length;
		assert.ok(all.every((r) => r.mode === 'webhook'), 'mode webhook');
		const withData = await db.executionsWithData(wf.id, all.filter((r) => r.status === 'success').map((r) => r.id));
		const eventIds = withData.map((e) => dbLib.firstItem(e.data, 'Telnyx Video Trigger').id);
		assert.equal(new Set(eventIds).size, withData.length, 'each event in one execution');
		assert.ok(eventIds.every((id) => signedIds.has(id)), 'only signed events');
		const perWorker = {};
		const ranBy = new Map();
		for (const w of cluster.workers) {
			const { done } = workerExecutions(w);
			const mine = all.filter((r) => done.has(r.id));
			perWorker[w.label] = mine.length;
			for (const r of mine) ranBy.set(r.id, (ranBy.get(r.id) || 0) + 1);
		}
		assert.equal(ranBy.size, DELIVERIES, 'every execution logged as finished (or errored) by a worker');
		assert.ok([...ranBy.values()].every((n) => n === 1), 'each by exactly one worker');
		for (const w of cluster.workers) assert.ok(perWorker[w.label] > 0, `${w.label} ran none`);
		for (const p of [cluster.main, cluster.webhook]) assert.ok(!/Worker started execution/.test(p.output()), `${p.label} ran executions`);
		figures.executions_per_worker = perWorker;
		figures.cpu_seconds_deliveries_to_last_execution = ctx.deliveryCpu.stop();
		figures.webhook_process_cpu_ms_per_delivery = Math.round((figures.cpu_seconds_deliveries_to_last_execution.webhook * 1000) / (DELIVERIES + FORGED));
		return `${JSON.stringify(perWorker)}${regexTimeouts.length ? `; ${regexTimeouts.length} failed with n8n's regex timeout` : ''}; end to end ${figures.end_to_end_executions_per_s} executions/s (${secs(figures.end_to_end_ms)}); webhook process CPU ${figures.webhook_process_cpu_ms_per_delivery} ms per delivery`;
	});

	await step('webhook trigger: deactivation on main restores the rooms; the webhook process answers 404', async () => {
		origin.clear();
		await n8n.deactivate(session, wf.id);
		for (const [id, url] of Object.entries(previous)) assert.equal(roomUrl(id), url, `room ${id}`);
		assert.deepEqual(countByOrigin(origin.requests), { main: origin.requests.length }, 'every call came from main');
		const res = await sb.deliverEvent(hookUrl, sb.makeEvent('participant.joined', { room_id: chosen[0] }));
		assert.equal(res.status, 404, `after deactivation: ${res.status}`);
		return `${origin.requests.length} API calls from main; previous URLs back`;
	});
}

async function actionChecks(ctx) {
	const { session, sb, cluster, db, origin, sink, bulk } = ctx;
	/** Fires a Webhook-started workflow through the webhook process; resolves its finished execution. */
	const runViaWebhook = async (wf, webhookPath) => {
		const res = await fetch(`${cluster.webhookUrl}webhook/${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		assert.equal(res.status, 200, `webhook ${webhookPath}: ${res.status} ${await res.text()}`);
		const [row] = await db.settle(wf.id, { count: 1, timeoutMs: 180000 });
		const [execution] = await db.executionsWithData(wf.id, [row.id]);
		return execution;
	};
	const workerOf = (executionId) => cluster.workers.filter((w) => workerExecutions(w).finished.has(executionId)).map((w) => w.label);
	const items = (execution, node) => {
		const runs = execution.data.resultData.runData[node];
		assert.ok(runs, `node "${node}" did not run: ${JSON.stringify(execution.data.resultData.error || {}).slice(0, 500)}`);
		return runs[runs.length - 1].data.main[0];
	};

	await step(`action node in a worker: Return All of ${RECORDINGS} recordings, each once, every page requested by that worker`, async () => {
		const trigger = webhookTrigger('Webhook', 'queue-return-all');
		const wf = await n8n.createWorkflow(session, workflow(undefined, 'queue: return all', [[telnyx('All recordings', 'roomRecording', 'getAll', { returnAll: true, filters: { dateStartedAtLte: bulk.lastDay } })]], { trigger }));
		await n8n.activate(session, wf.id);
		origin.clear();
		const t0 = Date.now();
		const execution = await runViaWebhook(wf, 'queue-return-all');
		const ms = Date.now() - t0;
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}).slice(0, 800));
		const ids = items(execution, 'All recordings').map((i) => i.json.id);
		assert.equal(ids.length, RECORDINGS, 'items');
		assert.equal(new Set(ids).size, RECORDINGS, 'unique');
		assert.deepEqual([...ids].sort(), [...bulk.ids].sort(), 'exactly the seeded recordings');
		const ran = workerOf(execution.id);
		assert.equal(ran.length, 1, `execution ${execution.id} finished by ${ran}`);
		// Reads of up to 250 that overlap a little (so a list that moves is still read whole).
		const pages = origin.requests.filter((r) => r.method === 'GET' && r.path === '/room_recordings');
		assert.ok(pages.length >= Math.ceil(RECORDINGS / 250) && pages.length <= Math.ceil(RECORDINGS / 200) + 1, `${pages.length} reads`);
		assert.deepEqual(countByOrigin(pages), { [ran[0]]: pages.length }, 'pages requested by the worker that ran it');
		await n8n.deactivate(session, wf.id);
		figures.return_all = { recordings: RECORDINGS, ms, worker: ran[0] };
		return `${RECORDINGS} items in ${secs(ms)} (webhook to finished), ${pages.length} pages, all from ${ran[0]} (execution ${execution.id})`;
	});

	await step('action node in a worker: Delete Many (dry run off, with a filter) deletes exactly what the filter selects', async () => {
		const cutoff = bulk.deleteCutoff;
		const doomed = bulk.ids.filter((id) => sb.store.recordings.get(id).started_at.slice(0, 10) <= cutoff);
		const kept = [...sb.store.recordings.keys()].filter((id) => !doomed.includes(id));
		assert.ok(doomed.length > RECORDINGS / 50 && kept.length > RECORDINGS / 2, `seed: ${doomed.length} to delete, ${kept.length} to keep`);
		const trigger = webhookTrigger('Webhook', 'queue-delete-many');
		const wf = await n8n.createWorkflow(session, workflow(undefined, 'queue: delete many', [[telnyx('Delete old recordings', 'roomRecording', 'deleteMany', { dryRun: false, filters: { dateStartedAtLte: cutoff } })]], { trigger }));
		await n8n.activate(session, wf.id);
		origin.clear();
		sb.clearRequests();
		const execution = await runViaWebhook(wf, 'queue-delete-many');
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}).slice(0, 800));
		const [out] = items(execution, 'Delete old recordings').map((i) => i.json);
		assert.equal(out.dryRun, false);
		assert.equal(out.deleted, doomed.length, 'deleted count');
		assert.deepEqual([...sb.store.recordings.keys()].sort(), kept.sort(), 'exactly the others are left');
		const deletes = sb.requests.filter((r) => r.method === 'DELETE');
		assert.equal(deletes.length, 1, 'one bulk DELETE');
		assert.equal(deletes[0].query['filter[date_started_at][lte]'], cutoff);
		const ran = workerOf(execution.id);
		assert.equal(ran.length, 1, `execution ${execution.id} finished by ${ran}`);
		assert.deepEqual(countByOrigin(origin.requests), { [ran[0]]: origin.requests.length }, 'API calls from the worker that ran it');
		await n8n.deactivate(session, wf.id);
		return `${doomed.length} deleted (started on or before ${cutoff}), ${kept.length} kept; ${origin.requests.length} API calls from ${ran[0]}`;
	});

	await step('action node in a worker: Download -> the next node uploads the same bytes (binary data mode "database", the queue-mode default)', async () => {
		const recording = [...sb.store.recordings.values()].find((r) => r.status === 'completed' && r.type === 'video');
		assert.ok(recording, 'a completed video recording');
		const trigger = webhookTrigger('Webhook', 'queue-download');
		const wf = await n8n.createWorkflow(
			session,
			workflow(undefined, 'queue: download', [[
				telnyx('Download recording', 'roomRecording', 'download', { roomRecordingId: byId(recording.id), binaryPropertyName: 'file' }),
				uploadBinary('Upload', `=${sink.url}/storage/{{ $binary.file.fileName }}`, 'file'),
			]], { trigger }),
		);
		await n8n.activate(session, wf.id);
		sink.clear();
		const execution = await runViaWebhook(wf, 'queue-download');
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}).slice(0, 800));
		const [file] = items(execution, 'Download recording');
		const binary = file.binary && file.binary.file;
		assert.ok(binary, 'binary property "file"');
		assert.equal(binary.mimeType, 'video/webm');
		assert.equal(binary.fileName, `${recording.id}.webm`);
		assert.match(String(binary.id), /^database:/, `binary stored in the database (id ${binary.id})`);
		assert.equal(binary.data, 'database', 'no inline bytes in the run data');
		const original = Buffer.from(await (await fetch(recording.download_url)).arrayBuffer());
		const upload = sink.requests.find((r) => r.url.startsWith('/storage/'));
		assert.ok(upload, 'nothing uploaded');
		assert.equal(upload.url, `/storage/${recording.id}.webm`);
		assert.ok(upload.bytes.equals(original), `uploaded ${upload.bytes.length} bytes, the file has ${original.length}`);
		const stored = await db.query('SELECT "sourceType", "fileSize" FROM binary_data WHERE "sourceId" = $1', [execution.id]);
		assert.ok(stored.length >= 1, 'a binary_data row for the execution');
		const ran = workerOf(execution.id);
		assert.equal(ran.length, 1);
		await n8n.deactivate(session, wf.id);
		figures.binary_data_mode = 'database';
		return `${original.length} bytes byte-identical; binary id ${binary.id.slice(0, 20)}…, ${stored.length} row(s) in Postgres binary_data (${stored.map((r) => `${r.sourceType} ${r.fileSize} B`).join(', ')}); ran on ${ran[0]}`;
	});
}

async function pollTriggerChecks(ctx) {
	const { session, sb, cluster, db, origin, rooms } = ctx;
	const name = 'Telnyx Video Poll Trigger';
	const previousUrl = sb.store.rooms.get(rooms[5]).webhook_event_url;
	const trigger = {
		name,
		type: POLL_TRIGGER,
		typeVersion: 1,
		credentials: credentials(),
		// Four minute-crons a quarter-minute apart: a poll every 15 s within n8n's one-minute floor.
		parameters: {
			event: 'video.room.recording.completed',
			pollTimes: { item: [0, 15, 30, 45].map((sec) => ({ mode: 'custom', cronExpression: `${sec} * * * * *` })) },
			options: {},
		},
	};
	const wf = await n8n.createWorkflow(session, workflow(undefined, 'queue: poll trigger', [[noOp()]], { trigger }));
	// Recordings completed "now" in a room with no webhook URL (the sandbox then delivers nothing).
	const room = sb.store.rooms.get(rooms[5]);
	room.webhook_event_url = '';
	let participant;
	const complete = async (n) => {
		if (!participant) {
			const live = room.active_session_id && sb.store.sessions.get(room.active_session_id);
			const sessionId = live && live.active ? live.id : (await sb.simulate.sessionStarted(room.id)).record.id;
			participant = (await sb.simulate.participantJoined(sessionId, 'Poller')).record;
		}
		const ids = [];
		for (let i = 0; i < n; i++) ids.push((await sb.simulate.recordingCompleted(participant.id, { type: 'audio' })).record.id);
		return ids;
	};
	const emitted = async () => {
		const rows = await db.executionsWithData(wf.id);
		return rows.flatMap((e) => (e.data.resultData.runData[name] || []).flatMap((run) => run.data.main[0].map((i) => i.json.id)));
	};
	await step('poll trigger: polls on main only, each record once (two batches, later polls add nothing)', async () => {
		origin.clear();
		await n8n.activate(session, wf.id, { timeoutMs: 120000 });
		const created = [];
		for (const batch of [1, 2]) {
			created.push(...(await complete(3)));
			await n8n.waitFor(async () => (await emitted()).filter((id) => created.includes(id)).length >= created.length, {
				timeoutMs: 150000,
				intervalMs: 1000,
				what: `poll batch ${batch} to be emitted`,
			});
		}
		const pollsSoFar = origin.requests.filter((r) => r.method === 'GET').length;
		await n8n.waitFor(() => origin.requests.filter((r) => r.method === 'GET').length > pollsSoFar, { timeoutMs: 90000, intervalMs: 1000, what: 'one more poll' });
		await sleep(3000);
		const ids = (await emitted()).filter((id) => created.includes(id));
		assert.equal(ids.length, created.length, `emitted ${ids.length}: ${ids}`);
		assert.equal(new Set(ids).size, created.length, 'each once');
		const origins = countByOrigin(origin.requests);
		assert.deepEqual(Object.keys(origins), ['main'], `poll calls by ${JSON.stringify(origins)}`);
		const rows = await db.executions(wf.id);
		const ranOn = {};
		for (const w of cluster.workers) ranOn[w.label] = rows.filter((r) => workerExecutions(w).finished.has(r.id)).length;
		await n8n.deactivate(session, wf.id);
		room.webhook_event_url = previousUrl;
		return `${created.length} records emitted once over ${rows.length} execution(s); ${origins.main} API calls, all from main; executions ran on ${JSON.stringify(ranOn)}`;
	});
}

async function workerCrashChecks(ctx) {
	const { session, sb, cluster, db, rooms } = ctx;
	const N = 40;
	const trigger = telnyxTrigger('Telnyx Video Trigger', [rooms[3]], ['video.room.participant.joined']);
	const wf = await n8n.createWorkflow(
		session,
		workflow(undefined, 'queue: worker crash', [[telnyx('Create room', 'room', 'create', { additionalFields: { uniqueName: '={{ "crash-" + $json.id }}' } })]], { trigger }),
	);
	await n8n.activate(session, wf.id);
	const hookUrl = sb.store.rooms.get(rooms[3]).webhook_event_url; // as Telnyx would call it
	const [victim, survivor] = cluster.workers;
	const eventIds = [];
	let inFlight = [];

	await step(`worker crash: kill -9 ${victim.label} with executions in flight; every delivery is run once or reported, nothing duplicated`, async () => {
		assert.equal(hookUrl.split('?')[0], `${cluster.webhookUrl}webhook/${trigger.webhookId}/webhook`);
		sb.configure({ latencyMs: 3000 }); // each room creation takes 3 s: the kill lands mid-run
		sb.clearRequests();
		const before = { victim: workerExecutions(victim).started.size, survivor: workerExecutions(survivor).started.size };
		const statuses = {};
		await times(N, N, async (i) => {
			const event = sb.makeEvent('participant.joined', { room_id: rooms[3], context: `crash-${i}` });
			eventIds.push(event.data.id);
			const res = await sb.deliverEvent(hookUrl, event, { timeoutMs: 30000 });
			statuses[res.status] = (statuses[res.status] || 0) + 1;
		});
		assert.deepEqual(statuses, { 200: N }, 'deliveries accepted');
		await n8n.waitFor(() => workerExecutions(victim).started.size > before.victim && workerExecutions(survivor).started.size > before.survivor, {
			timeoutMs: 60000,
			what: 'both workers to start executions',
		});
		await sleep(500);
		const v = workerExecutions(victim);
		inFlight = [...v.started].filter((id) => !v.done.has(id));
		assert.ok(inFlight.length > 0, `${victim.label} had nothing in flight`);
		const killedAt = Date.now();
		process.kill(-victim.pid, 'SIGKILL'); // the whole process group, like a container dying
		await victim.exited;
		say(`killed ${victim.label} (pid ${victim.pid}) with ${inFlight.length} execution(s) in flight: ${inFlight.join(', ')}`);

		// What every execution carries, read right after the kill: when n8n fails the killed
		// worker's executions it replaces their stored run data by the error, and the event is
		// no longer in n8n. (A worker takes a job a moment before it logs it, so the log's
		// in-flight list is a lower bound.)
		const snapshot = new Map((await db.executionsWithData(wf.id)).map((e) => [e.id, (dbLib.firstItem(e.data, 'Telnyx Video Trigger') || {}).id]));

		const rows = await db.settle(wf.id, { count: N, timeoutMs: 240000 });
		figures.crash_settle_ms = Date.now() - killedAt;
		sb.configure({ latencyMs: 0 });
		assert.equal(rows.length, N, 'one execution per delivery');
		const withData = await db.executionsWithData(wf.id);
		const succeeded = withData.filter((e) => e.status === 'success');
		const failed = withData.filter((e) => e.status !== 'success');
		assert.ok(failed.length > 0, 'the kill hit no execution');
		const eventOf = (e) => snapshot.get(e.id) || (dbLib.firstItem(e.data, 'Telnyx Video Trigger') || {}).id;
		for (const e of failed) assert.ok(eventOf(e), `execution ${e.id}: no event at the kill`);
		const messages = [...new Set(failed.map((e) => (e.data.resultData.error || {}).message || `(status ${e.status})`))];
		const stalled = failed.filter((e) => /failed to be processed too many times/.test((e.data.resultData.error || {}).message));
		const regexTimeouts = failed.filter((e) => /Regular expression execution timed out/.test((e.data.resultData.error || {}).message));
		assert.equal(stalled.length + regexTimeouts.length, failed.length, `reported as: ${messages}`);
		assert.ok(stalled.length > 0, 'no execution failed for the kill');
		const survivorStarted = workerExecutions(survivor).started;
		for (const e of stalled) assert.ok(!survivorStarted.has(e.id), `execution ${e.id} failed although ${survivor.label} ran it`);
		// Every delivered event: exactly one execution, which either ran it or was reported failed.
		const accounted = [
			...succeeded.map((e) => dbLib.firstItem(e.data, 'Telnyx Video Trigger').id),
			...failed.map(eventOf),
		];
		assert.deepEqual([...accounted].sort(), [...eventIds].sort(), 'each delivered event accounted for once');
		const failedKeepEvent = failed.filter((e) => dbLib.firstItem(e.data, 'Telnyx Video Trigger')).length;
		// On the sandbox: no room created twice (a retried create would show as a second POST).
		const posts = sb.requests.filter((r) => r.method === 'POST' && r.path === '/rooms');
		const postsPerName = countBy(posts, (r) => r.body.unique_name);
		assert.ok(Object.values(postsPerName).every((n) => n === 1), `a room was requested twice: ${JSON.stringify(postsPerName)}`);
		const created = [...sb.store.rooms.values()].filter((r) => String(r.unique_name).startsWith('crash-'));
		for (const e of succeeded) {
			const id = dbLib.firstItem(e.data, 'Telnyx Video Trigger').id;
			assert.equal(created.filter((r) => r.unique_name === `crash-${id}`).length, 1, `room for ${id}`);
		}
		const after = workerExecutions(survivor);
		const survivorRan = rows.filter((r) => after.finished.has(r.id)).length;
		figures.worker_crash = {
			deliveries: N,
			in_flight_on_killed_worker_by_its_log: inFlight.length,
			success: succeeded.length,
			reported_failed: failed.length,
			statuses: countBy(withData, (e) => e.status),
			failed_executions_still_holding_their_event: failedKeepEvent,
			rooms_created_by_failed_executions: created.length - succeeded.length,
			room_posts: posts.length,
			finished_by_survivor: survivorRan,
			settle_ms_after_kill: figures.crash_settle_ms,
			error: messages,
		};
		return `${succeeded.length} succeeded, ${failed.length} reported as ${JSON.stringify(countBy(failed, (e) => e.status))} ("${messages[0].slice(0, 70)}…"); ${survivor.label} finished ${survivorRan}; ${posts.length} room POSTs, none repeated; settled ${secs(figures.crash_settle_ms)} after the kill`;
	});
	await n8n.deactivate(session, wf.id).catch(() => {});
}

function percentile(list, q) {
	const sorted = [...list].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
}

function countBy(list, key) {
	const out = {};
	for (const x of list) {
		const k = key(x);
		out[k] = (out[k] || 0) + 1;
	}
	return out;
}

// ---------------------------------------------------------------------------------------------

async function main() {
	const t0 = Date.now();
	const installed = services.ensureDebianPackages(say);
	if (installed.length) say(`installed ${installed.join(', ')} in ${secs(Date.now() - t0)}`);
	ensureAll([VERSION]);
	if (BUILD && PACKAGE_DIR === ROOT) {
		say('building (npm run build) ...');
		const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
		if (res.status !== 0) throw new Error('npm run build failed');
	}
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'telnyx-queue-'));
	const tarball = n8n.packPackage(PACKAGE_DIR, path.join(base, 'pack'));
	const packed = JSON.parse(spawnSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' }).stdout);
	const hasPollTrigger = packed.n8n.nodes.some((f) => /PollTrigger\.node\.js$/.test(f));
	say(`work folder ${base}`);

	const ctx = {};
	let stopping;
	const stopAll = () =>
		(stopping ||= (async () => {
			if (ctx.db) await ctx.db.close().catch(() => {});
			if (ctx.cluster) await ctx.cluster.stop();
			for (const k of ['origin', 'prism', 'sb', 'sink']) if (ctx[k]) await ctx[k].close().catch(() => {});
			for (const k of ['redis', 'pg']) if (ctx[k]) await ctx[k].stop();
		})());
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			say(`${signal}: stopping everything (work folder kept: ${base})`);
			stopAll().finally(() => process.exit(130));
		});
	}

	try {
		[ctx.pg, ctx.redis] = await Promise.all([services.startPostgres(path.join(base, 'pg')), services.startRedis(path.join(base, 'redis'))]);
		say(`postgres ${ctx.pg.version} on 127.0.0.1:${ctx.pg.port} (pid ${ctx.pg.pid}, user postgres), redis on 127.0.0.1:${ctx.redis.port} (pid ${ctx.redis.pid})`);
		ctx.sb = await startSandbox({ apiKey: API_KEY });
		ctx.prism = await startPrismProxy({ upstream: ctx.sb.url });
		ctx.origin = await startOriginProxy({ upstream: ctx.prism.url, processes: () => (ctx.cluster ? ctx.cluster.processes() : []) });
		ctx.sink = await n8n.startSink();
		const main = ctx.sb.seed({ rooms: 6, sessionsPerRoom: 1, participantsPerSession: 3, recordings: 20 });
		ctx.rooms = main.rooms;
		ctx.rooms.forEach((id, i) => (ctx.sb.store.rooms.get(id).webhook_event_url = `https://hooks.example.com/previous/room-${i}`));
		const bulk = ctx.sb.seed({ recordings: RECORDINGS, startDate: '2022-01-01', days: 365 });
		ctx.bulk = { ids: bulk.recordings, lastDay: '2022-12-31', deleteCutoff: '2022-01-31' };
		ctx.sb.configure({ downloadBytes: 200000 });

		const userFolder = path.join(base, 'n8n');
		n8n.installPackage(userFolder, tarball);
		const logDir = path.join(base, 'logs');
		fs.mkdirSync(logDir, { recursive: true });
		const bootStart = Date.now();
		ctx.cluster = await startCluster({ version: VERSION, userFolder, pg: ctx.pg, redis: ctx.redis, workers: 2, logDir, extraEnv: { ...LOCK_ENV, ...SHUTDOWN_ENV, ...EXTRA_ENV }, say });
		figures.cluster_boot_ms = Date.now() - bootStart;
		ctx.db = await dbLib.connect(VERSION, ctx.pg);
		ctx.session = await n8n.setupOwner(ctx.cluster.main);

		await step('cluster: main, webhook process and 2 workers share Postgres, Redis and one user folder; the package loads', async () => {
			const types = await n8n.listNodeTypes(ctx.session);
			for (const t of ['telnyxVideo', 'telnyxVideoTrigger']) assert.ok(types.includes(`${PACKAGE_NAME}.${t}`), t);
			for (const p of ctx.cluster.all()) assert.ok(!/Failed to load package|Error loading package/i.test(p.output()), `${p.label}: ${/Failed to load package[^\n]*/.exec(p.output())}`);
			const cred = await ctx.session.request('POST', '/rest/credentials', {
				name: CREDENTIAL.name,
				type: CREDENTIAL.type,
				data: { apiKey: API_KEY, publicKey: ctx.sb.publicKey, baseUrl: `${ctx.origin.url}/v2` },
			});
			CREDENTIAL.id = cred.id;
			const [{ mode }] = await ctx.db.query("SELECT count(*) AS mode FROM execution_entity").catch(() => [{}]);
			assert.ok(mode !== undefined, 'n8n migrated the Postgres database');
			return `booted in ${secs(figures.cluster_boot_ms)}; credential ${cred.id} via the API of main`;
		});

		ctx.cpuGroups = () => ({
			...Object.fromEntries(ctx.cluster.all().map((p) => [p.label, p.pid])),
			postgres: ctx.pg.pid,
			redis: ctx.redis.pid,
			prism: ctx.prism.pid,
		});
		if (BASELINE > 0) await baselineCheck(ctx);
		await webhookTriggerChecks(ctx);
		await actionChecks(ctx);
		if (hasPollTrigger) await pollTriggerChecks(ctx);
		else {
			results.skipped.push('poll trigger');
			say(`SKIPPED poll trigger check: the packed package.json lists no poll trigger node (${POLL_TRIGGER})`);
		}
		await workerCrashChecks(ctx);

		await step('contract: 0 Prism violations over the whole run; no unknown query key', () => {
			const v = ctx.prism.violations.map((x) => `${x.method} ${x.url} ${x.status} ${x.phase}: ${x.message}`);
			assert.deepEqual(v, []);
			const unknown = ctx.sb.requests.filter((r) => r.unknownQuery);
			assert.equal(unknown.length, 0, JSON.stringify(unknown.slice(0, 3)));
			return `${ctx.prism.exchanges.length} exchanges checked`;
		});
	} catch (err) {
		results.failed.push({ name: 'run aborted', error: err });
		console.log(`  FAIL  run aborted\n${String(err.stack || err.message).split('\n').map((l) => `        ${l}`).join('\n')}`);
		if (ctx.cluster) for (const p of ctx.cluster.all()) console.log(`--- ${p.label} (tail)\n${p.output().split('\n').slice(-15).join('\n')}`);
	} finally {
		await stopAll();
		say('stopped n8n (4 processes), redis, postgres, prism, sandbox');
	}
	figures.total_ms = Date.now() - t0;
	figures.single_process_deliveries_per_s = SINGLE_PROCESS_PER_S;
	if (Object.keys(EXTRA_ENV).length) figures.extra_env = EXTRA_ENV;
	console.log(`\n[queue figures] ${JSON.stringify(figures)}`);
	if (results.failed.length === 0 && !KEEP) fs.rmSync(base, { recursive: true, force: true });
	else say(`work folder kept (logs in ${path.join(base, 'logs')})`);
	for (const f of results.failed) console.log(`FAILED ${f.name}: ${String(f.error.message).split('\n')[0].slice(0, 300)}`);
	console.log(`total ${secs(figures.total_ms)}`);
	console.log(`queue: ${results.passed.length} passed, ${results.failed.length} failed${results.skipped.length ? `, ${results.skipped.length} skipped` : ''}`);
	process.exitCode = results.failed.length ? 1 : 0;
}

main().catch((err) => {
	console.error(`\nqueue ABORTED: ${err.stack || err.message}`);
	console.log('queue: 0 passed, 1 failed');
	process.exitCode = 1;
});
