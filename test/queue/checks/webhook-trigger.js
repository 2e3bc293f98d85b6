'use strict';
// The Telnyx Video Trigger in queue mode: activation on main, signed and forged deliveries to the
// webhook process, each execution run by one worker; n8n's own Webhook node as the baseline.

const assert = require('assert/strict');
const os = require('os');
const n8n = require('../../e2e/lib/n8n');
const dbLib = require('../lib/db');
const { workflow } = require('../../e2e/lib/workflows');
const { createPrng } = require('../../sandbox/prng');
const { times } = require('../../../scripts/lib/pool');
const { countByOrigin } = require('../lib/origin');
const { workerExecutions } = require('../lib/cluster');
const { measureCpu } = require('../lib/cpu');
const { BASELINE, CONCURRENCY, DELIVERIES, FORGED } = require('../lib/options');
const { figures, step, secs, sleep, perSecond, percentile, countBy } = require('../lib/report');
const { webhookTrigger, telnyxTrigger, noOp } = require('../lib/workflows');

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

module.exports = { baselineCheck, webhookTriggerChecks };
