'use strict';
// kill -9 of a worker with executions in flight: every delivery is run once or reported.

const assert = require('assert/strict');
const n8n = require('../../e2e/lib/n8n');
const dbLib = require('../lib/db');
const { telnyx, workflow } = require('../../e2e/lib/workflows');
const { times } = require('../../../scripts/lib/pool');
const { workerExecutions } = require('../lib/cluster');
const { figures, step, say, secs, sleep, countBy } = require('../lib/report');
const { telnyxTrigger } = require('../lib/workflows');

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

module.exports = { workerCrashChecks };
