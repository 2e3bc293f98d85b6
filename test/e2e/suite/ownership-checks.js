'use strict';
// Issue #17 in a real n8n: who holds a room's webhook URL when several workflows, test listens
// and crashes are involved, and that every room ends on the URL it had before.

const assert = require('assert/strict');
const path = require('path');

const n8n = require('../lib/n8n');
const { TELNYX_TRIGGER } = require('../lib/workflows');
const { API_KEY, secs, triggerItem } = require('./common');
const { TRIGGER, extraTriggerWorkflow, heldBy } = require('./trigger-workflows');

/**
 * Issue #17 in a real n8n: a second workflow on the main trigger's room is refused, then takes it
 * over with the option, and deactivating in both orders ends on the room's URL from before; a
 * test listen on an active workflow hands the room back to production (after one event, and when
 * stopped); a room that had no URL is released on deactivation without an error; and a signed
 * composition.completed reaches the trigger through the composition's own Webhook Event URL.
 * Leaves the main trigger workflow active, as the later steps expect.
 */
async function ownershipChecks(rep, { sb, session, instance, sink, rooms, previous }) {
	const step = (name, fn) => rep.step(`trigger: ${name}`, fn, { trigger: true });
	const hookUrl = (webhookId, test = false) => `${instance.url}/${test ? 'webhook-test' : 'webhook'}/${webhookId}/webhook`;
	const roomUrl = (id) => sb.store.rooms.get(id).webhook_event_url;
	const waitForRoom = (id, check, what) =>
		n8n.waitFor(() => (roomUrl(id) !== undefined && check(roomUrl(id)) ? true : undefined), { timeoutMs: 15000, what: `${what} (room now on ${roomUrl(id)})` });
	const liveSession = (roomId) => sb.store.sessions.get(sb.store.rooms.get(roomId).active_session_id);
	const triggerItemsOf = async (workflowId) => {
		const all = await n8n.listExecutions(session, { workflowId, limit: 100 });
		const full = await Promise.all(all.map((e) => n8n.getExecution(session, e.id)));
		return full.filter((e) => e.status === 'success').map((e) => triggerItem(e, 'Telnyx Video Trigger'));
	};
	const A = { id: TRIGGER.id, url: hookUrl(TRIGGER.webhookId), rooms: [rooms[6], rooms[3]] };
	const shared = rooms[6];
	const bWebhookId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
	const B = { url: hookUrl(bWebhookId) };
	const takeOver = (on) => (wf) => {
		wf.nodes.find((n) => n.type === TELNYX_TRIGGER).parameters.options = on ? { takeOver: true } : {};
		return wf;
	};
	const backTo = (id) => assert.equal(roomUrl(id), previous[id], `room ${id} has its URL from before`);

	await step('two workflows on one room: the second is refused, naming the room and the URL it points at', async () => {
		B.id = (await n8n.createWorkflow(session, extraTriggerWorkflow('e2e: second trigger on one room', { webhookId: bWebhookId, roomIds: [shared], sinkUrl: sink.url, sinkPath: 'trigger-b' }))).id;
		const refused = await n8n.activate(session, B.id).then(() => undefined, (e) => e);
		assert.ok(refused, 'the second workflow was activated on a room the first one holds');
		assert.ok(refused.message.includes(shared), refused.message.slice(0, 600));
		assert.match(refused.message, /already sends its events to another n8n workflow/);
		assert.ok(refused.message.includes(A.url), 'names the URL the room points at');
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: A.url, via: [], previous: previous[shared], released: false }, 'nothing changed');
		await n8n.deactivate(session, B.id).catch(() => undefined); // 2.x may keep the failed version
		return refused.message.replace(/\s+/g, ' ').slice(0, 140);
	});

	await step('with Take Over Rooms the second takes the room, keeps the first in the chain, and gets its events', async () => {
		await n8n.updateWorkflow(session, B.id, takeOver(true));
		await n8n.activate(session, B.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: B.url, via: [A.url], previous: previous[shared], released: false });
		const joined = await sb.simulate.participantJoined(liveSession(shared).id, 'Bea');
		assert.equal(joined.status, 200, JSON.stringify(joined.body));
		await n8n.waitFor(async () => (await triggerItemsOf(B.id)).some((i) => i.id === joined.event.data.id) || undefined, { timeoutMs: 30000, what: 'B\'s execution' });
		assert.ok(sink.requests.some((r) => r.url === '/trigger-b' && r.body.id === joined.event.data.id), 'B posted the event');
		return roomUrl(shared).replace(instance.url, '');
	});

	await step('deactivating the first, then the second, ends on the room\'s URL from before', async () => {
		await n8n.deactivate(session, A.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: B.url, via: [], previous: previous[shared], released: false }, 'the first one left the chain');
		backTo(rooms[3]);
		await n8n.deactivate(session, B.id);
		backTo(shared);
	});

	await step('again, deactivating the second, then the first, ends on the room\'s URL from before', async () => {
		await n8n.activate(session, A.id);
		await n8n.activate(session, B.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: B.url, via: [A.url], previous: previous[shared], released: false });
		await n8n.deactivate(session, B.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: A.url, via: [], previous: previous[shared], released: false }, 'back to the first');
		await n8n.deactivate(session, A.id);
		backTo(shared);
		backTo(rooms[3]);
		await n8n.activate(session, A.id); // the later steps expect it active
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: A.url, via: [], previous: previous[shared], released: false });
	});

	// A room created without any webhook URL, and a workflow on it.
	const D = { webhookId: '2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f' };
	D.url = hookUrl(D.webhookId);
	D.testUrl = hookUrl(D.webhookId, true);
	await step('a room that had no URL: activation points it at n8n, with nothing to give back', async () => {
		const res = await fetch(`${sb.url}/v2/rooms`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ unique_name: 'e2e-room-without-url' }),
		});
		assert.equal(res.status, 201);
		D.room = (await res.json()).data.id;
		assert.equal(roomUrl(D.room), undefined);
		D.id = (await n8n.createWorkflow(session, extraTriggerWorkflow('e2e: trigger on a room without URL', { webhookId: D.webhookId, roomIds: [D.room], sinkUrl: sink.url, sinkPath: 'trigger-d' }))).id;
		await n8n.activate(session, D.id);
		assert.equal(roomUrl(D.room), D.url);
		const started = await sb.simulate.sessionStarted(D.room);
		assert.equal(started.status, 200, JSON.stringify(started.body));
		await n8n.waitFor(async () => (await triggerItemsOf(D.id)).some((i) => i.id === started.event.data.id) || undefined, { timeoutMs: 30000, what: 'D\'s execution' });
	});

	await step('a test listen on an active workflow takes the room and hands it back to production (one event; Stop)', async () => {
		await n8n.startTestListen(session, D.id, 'Telnyx Video Trigger');
		await waitForRoom(D.room, (u) => heldBy(u).holder === D.testUrl, 'the test URL to take the room');
		assert.deepEqual(heldBy(roomUrl(D.room)), { holder: D.testUrl, via: [D.url], previous: null, released: false });
		const joined = await sb.simulate.participantJoined(liveSession(D.room).id, 'Tess');
		assert.equal(joined.status, 200, `the test webhook answered ${joined.status} ${JSON.stringify(joined.body)}`);
		await waitForRoom(D.room, (u) => u === D.url, 'the room back on production after the test event');
		await n8n.startTestListen(session, D.id, 'Telnyx Video Trigger');
		await waitForRoom(D.room, (u) => heldBy(u).holder === D.testUrl, 'the second listen to take the room');
		await n8n.stopTestListen(session, D.id);
		await waitForRoom(D.room, (u) => u === D.url, 'the room back on production after Stop');
		return 'test URL → production twice';
	});

	await step('composition.completed, signed, reaches the trigger through Composition → Create\'s Webhook Event URL', async () => {
		const res = await fetch(`${sb.url}/v2/room_compositions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ session_id: liveSession(D.room).id, webhook_event_url: D.url }),
		});
		assert.equal(res.status, 202);
		const composition = (await res.json()).data;
		const done = await sb.simulate.compositionCompleted(composition.id);
		assert.equal(done.status, 200, JSON.stringify(done.body));
		assert.equal(done.url, D.url);
		const item = await n8n.waitFor(
			async () => (await triggerItemsOf(D.id)).find((i) => i.event_type === 'video.room.composition.completed'),
			{ timeoutMs: 30000, what: 'the composition.completed execution' },
		);
		assert.equal(item.payload.composition_id, composition.id);
		assert.equal(item.payload.download_url, done.record.download_url);
		assert.ok(sink.requests.some((r) => r.url === '/trigger-d' && r.body.event_type === 'video.room.composition.completed'));
		return `composition ${composition.id.slice(0, 8)}…`;
	});

	await step('deactivating a room that had no URL does not fail: the room is released, with a warning in n8n\'s log', async () => {
		await n8n.deactivate(session, D.id);
		assert.equal(roomUrl(D.room), `${D.url}?released=1`);
		await n8n.waitFor(() => /had no webhook URL before, and Telnyx cannot clear one/.test(instance.output()) || undefined, { timeoutMs: 5000, what: 'the warning in n8n\'s log' });
		const res = await sb.deliverEvent(roomUrl(D.room), sb.makeEvent('participant.joined', { room_id: D.room }));
		assert.equal(res.status, 404, `the released URL answered ${res.status}`);
	});
}

/**
 * The listen-after-crash probe of issue #17, in a real n8n: listen for a test event, kill -9,
 * restart, listen again, stop. The rooms must end on their URLs from before, not on the dead
 * test URL. Runs after every trigger workflow was deactivated; `restarted` takes the new instance.
 */
async function crashDuringListenChecks(rep, { sb, ctx, instance, rooms, triggerRooms, restarted }) {
	const step = (name, fn) => rep.step(`trigger: ${name}`, fn, { trigger: true });
	const roomUrl = (id) => sb.store.rooms.get(id).webhook_event_url;
	const before = Object.fromEntries(triggerRooms.map((id) => [id, roomUrl(id)]));
	const testUrl = `${instance.url}/webhook-test/${TRIGGER.webhookId}/webhook`;
	const onTestUrl = () => triggerRooms.every((id) => heldBy(roomUrl(id)).holder === testUrl);
	await step('kill -9 during a test listen, restart, listen again and stop: the rooms get their URLs from before', async () => {
		for (const id of triggerRooms) assert.ok(!roomUrl(id).includes('/webhook'), `room ${id} starts off n8n: ${roomUrl(id)}`);
		let session = await n8n.login(instance);
		await n8n.startTestListen(session, TRIGGER.id, 'Telnyx Video Trigger');
		await n8n.waitFor(() => onTestUrl() || undefined, { timeoutMs: 15000, what: 'the test URL to take the rooms' });
		await n8n.killHard(instance);
		const again = await n8n.startN8n({ ...ctx, port: instance.port, logFile: path.join(ctx.userFolder, 'n8n.log') });
		restarted(again);
		// Nothing ran on the way down or up: the rooms are still on the (now dead) test URL.
		assert.ok(onTestUrl(), 'rooms on the test URL after the restart');
		const dead = await sb.deliverEvent(roomUrl(triggerRooms[0]), sb.makeEvent('participant.joined', { room_id: rooms[6] }));
		assert.equal(dead.status, 404, `the test URL answered ${dead.status} after the restart`);
		session = await n8n.login(again);
		await n8n.startTestListen(session, TRIGGER.id, 'Telnyx Video Trigger');
		assert.ok(onTestUrl(), 'the new listen holds the rooms');
		await n8n.stopTestListen(session, TRIGGER.id);
		await n8n.waitFor(() => triggerRooms.every((id) => roomUrl(id) === before[id]) || undefined, {
			timeoutMs: 15000,
			what: `the rooms back on their URLs from before (now ${triggerRooms.map(roomUrl).join(', ')})`,
		});
		return `restarted in ${secs(again.bootMs)}; ${Object.values(before).map((u) => u.replace('https://hooks.example.com', '')).join(', ')}`;
	});
}

module.exports = { ownershipChecks, crashDuringListenChecks };
