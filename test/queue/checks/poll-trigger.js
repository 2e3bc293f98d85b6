'use strict';
// The Telnyx Video Poll Trigger in queue mode: polls on main, executions on workers.

const assert = require('assert/strict');
const n8n = require('../../e2e/lib/n8n');
const { workflow, credentials } = require('../../e2e/lib/workflows');
const { countByOrigin } = require('../lib/origin');
const { workerExecutions } = require('../lib/cluster');
const { POLL_TRIGGER } = require('../lib/options');
const { step, sleep } = require('../lib/report');
const { noOp } = require('../lib/workflows');

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

module.exports = { pollTriggerChecks };
