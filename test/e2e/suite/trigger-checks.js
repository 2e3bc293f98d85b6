'use strict';
// The Telnyx Video Trigger in a running n8n, activated like a user does: rooms subscribed,
// signed deliveries accepted and forged ones refused, the trigger examples, deactivation giving
// each room its URL back.

const assert = require('assert/strict');
const crypto = require('crypto');

const n8n = require('../lib/n8n');
const { nodeOutput, TELNYX_TRIGGER } = require('../lib/workflows');
const { takeRequests, settledExecutions, triggerItem } = require('./common');
const { TRIGGER, heldBy } = require('./trigger-workflows');
const { ownershipChecks } = require('./ownership-checks');

async function triggerChecks(rep, { sb, session, instance, sink, rooms, triggerRooms, examples, traffic }) {
	const step = (name, fn) => rep.step(`trigger: ${name}`, fn, { trigger: true });
	const hookUrl = (webhookId) => `${instance.url}/webhook/${webhookId}/webhook`;
	const webhookIdOf = (wf) => wf.nodes.find((n) => n.type === TELNYX_TRIGGER).webhookId;
	const subscriptions = [
		{ id: TRIGGER.id, rooms: triggerRooms, url: hookUrl(TRIGGER.webhookId) },
		{ id: examples.chat.id, rooms: [rooms[4]], url: hookUrl(webhookIdOf(examples.chat)) },
		{ id: examples.archive.id, rooms: [rooms[2]], url: hookUrl(webhookIdOf(examples.archive)) },
	];
	const roomUrl = (id) => sb.store.rooms.get(id).webhook_event_url;
	const previous = Object.fromEntries(subscriptions.flatMap((s) => s.rooms).map((id) => [id, roomUrl(id)]));
	const liveSession = (roomId) => sb.store.sessions.get(sb.store.rooms.get(roomId).active_session_id);
	const presentIn = (sessionId) => [...sb.store.participants.values()].find((p) => p.session_id === sessionId && !p.left_at);

	const active = await step('activate 3 workflows over REST (the editor toggle)', async () => {
		const times = [];
		for (const s of subscriptions) times.push((await n8n.activate(session, s.id)).ms);
		return `in ${times.join(', ')} ms`;
	});
	if (!active) return;

	await step('each chosen room now points at n8n\'s production webhook URL', () => {
		// The URL each room had is carried in the query; n8n routes by path and ignores it.
		for (const s of subscriptions) {
			for (const id of s.rooms) {
				assert.deepEqual(heldBy(roomUrl(id)), { holder: s.url, via: [], previous: previous[id], released: false }, `room ${id}`);
			}
		}
		rooms.forEach((id, i) => {
			if (!(id in previous)) assert.equal(roomUrl(id), `https://hooks.example.com/previous/room-${i}`, `room ${i} untouched`);
		});
		const patches = takeRequests(sb, traffic).filter((r) => r.method === 'PATCH');
		assert.equal(patches.length, 4, 'one PATCH per room');
		return `${subscriptions.map((s) => s.url.replace(instance.url, '')).join(', ')}`;
	});

	// --- main trigger: valid, forged, stale and unselected deliveries ------------------------------
	const url = subscriptions[0].url;
	const valid = [];
	await step('deliveries: valid selected ones accepted, forged/stale rejected 401, unselected acknowledged', async () => {
		const live = liveSession(rooms[6]);
		const expect = (res, status, what) => assert.equal(res.status, status, `${what}: ${res.status} ${JSON.stringify(res.body)}`);

		const joined = await sb.simulate.participantJoined(live.id, 'Zed');
		expect(joined, 200, 'simulated participant.joined');
		assert.equal(heldBy(joined.url).holder, url, 'the sandbox delivered to the room\'s (new) URL');
		assert.ok(joined.url.includes('?previous='), `delivered with the query string: ${joined.url}`);
		valid.push(joined.event);
		const started = await sb.simulate.sessionStarted(triggerRooms[1]);
		expect(started, 200, 'simulated session.started');
		valid.push(started.event);
		const direct = sb.makeEvent('participant.joined', { room_id: rooms[6], session_id: live.id, context: 'Direct' });
		expect(await sb.deliverEvent(url, direct), 200, 'directly delivered participant.joined');
		valid.push(direct);

		const forgedEvent = () => sb.makeEvent('participant.joined', { room_id: rooms[6], session_id: live.id, context: 'Mallory' });
		expect(await sb.deliverEvent(url, forgedEvent(), { tamper: 'body' }), 401, 'body changed after signing');
		expect(await sb.deliverEvent(url, forgedEvent(), { tamper: 'signature' }), 401, 'signature changed');
		expect(await sb.deliverEvent(url, forgedEvent(), { tamper: 'timestamp' }), 401, 'timestamp changed');
		const otherKey = crypto.generateKeyPairSync('ed25519').privateKey;
		expect(await sb.deliverEvent(url, forgedEvent(), { privateKey: otherKey }), 401, 'signed with another key');
		const now = Math.floor(Date.now() / 1000);
		expect(await sb.deliverEvent(url, forgedEvent(), { timestamp: now - 600 }), 401, 'stale (10 min old)');
		expect(await sb.deliverEvent(url, forgedEvent(), { timestamp: now + 600 }), 401, 'from the future');
		expect(await sb.deliverEvent(url, forgedEvent(), { headers: { 'telnyx-signature-ed25519': '' } }), 401, 'no signature');

		const left = await sb.simulate.participantLeft(presentIn(live.id).id);
		expect(left, 200, 'participant.left (not selected)');
		assert.match(JSON.stringify(left.body), /not among the selected events/);
		const ended = sb.makeEvent('session.ended', { room_id: rooms[6], session_id: live.id });
		expect(await sb.deliverEvent(url, ended), 200, 'session.ended (not selected)');

		// n8n's log names why each forged delivery was refused
		const reasons = () => [...instance.output().matchAll(/rejected a delivery \(([a-z_]+)\)/g)].map((m) => m[1]).sort();
		const expected = ['missing_signature', 'signature_mismatch', 'signature_mismatch', 'signature_mismatch', 'signature_mismatch', 'stale_timestamp', 'stale_timestamp'];
		await n8n.waitFor(() => reasons().length >= expected.length, { timeoutMs: 5000, what: 'the rejections in n8n\'s log' }).catch(() => {});
		assert.deepEqual(reasons(), expected, 'rejection reasons in the n8n log');
		return '3 valid, 7 rejected (4 signature_mismatch, 2 stale_timestamp, 1 missing_signature), 2 unselected';
	});

	await step('exactly the 3 valid selected deliveries started executions, with the right data', async () => {
		const executions = await settledExecutions(session, TRIGGER.id, 3);
		assert.equal(executions.length, 3, `${executions.length} executions`);
		for (const e of executions) assert.equal(e.status, 'success');
		const items = executions.map((e) => triggerItem(e, 'Telnyx Video Trigger'));
		const byId = Object.fromEntries(items.map((i) => [i.id, i]));
		for (const ev of valid) {
			const item = byId[ev.data.id];
			assert.ok(item, `no execution for ${ev.data.event_type} ${ev.data.id}`);
			assert.deepEqual(Object.keys(item).sort(), ['event_type', 'id', 'occurred_at', 'payload'], 'simplified item');
			assert.equal(item.event_type, ev.data.event_type);
			assert.deepEqual(item.payload, ev.data.payload);
		}
		const posted = sink.requests.filter((r) => r.url === '/trigger');
		assert.deepEqual(posted.map((r) => r.body.id).sort(), valid.map((e) => e.data.id).sort(), 'the second node posted each event');
		return items.map((i) => i.event_type.replace('video.room.', '')).join(', ');
	});

	// --- issue #17: two workflows on one room, a test listen, a room that had no URL, compositions ---
	await ownershipChecks(rep, { sb, session, instance, sink, rooms, previous });

	// --- example: room events to chat ------------------------------------------------------------
	await step('example room-events-to-chat.json: joined/left/recording -> chat messages at the sink', async () => {
		const live = liveSession(rooms[4]);
		const joined = await sb.simulate.participantJoined(live.id, 'Dana');
		assert.equal(joined.status, 200);
		assert.equal((await sb.simulate.participantLeft(joined.record.id)).status, 200);
		const recording = await sb.simulate.recordingCompleted(presentIn(live.id).id, { type: 'audio' });
		assert.equal(recording.status, 200);
		assert.equal((await sb.simulate.sessionEnded(live.id)).status, 200); // not selected: no message
		const executions = await settledExecutions(session, examples.chat.id, 3);
		assert.equal(executions.length, 3);
		for (const e of executions) assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error || {}));
		const messages = sink.requests.filter((r) => r.url.startsWith('/chat/')).map((r) => r.body);
		assert.equal(messages.length, 3);
		const texts = messages.map((m) => m.text);
		assert.ok(texts.some((t) => t.includes(`Dana joined room ${rooms[4]}`)), texts.join(' | '));
		assert.ok(texts.some((t) => /Dana left room .* after \d+ s/.test(t)), texts.join(' | '));
		assert.ok(texts.some((t) => t.includes(`Recording ${recording.record.id} (audio,`) && t.includes(recording.record.download_url)), texts.join(' | '));
		for (const m of messages) assert.equal(m.room_id, rooms[4]);
		return texts.map((t) => `"${t.slice(0, 40)}…"`).join(', ');
	});

	// --- example: recording archive ----------------------------------------------------------------
	await step('example recording-archive.json: recording.completed -> download -> binary upload at the sink', async () => {
		const live = liveSession(rooms[2]);
		const done = await sb.simulate.recordingCompleted(presentIn(live.id).id, { type: 'video' });
		assert.equal(done.status, 200, JSON.stringify(done.body));
		const [execution] = await settledExecutions(session, examples.archive.id, 1);
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}));
		const [file] = nodeOutput(execution, 'Download recording');
		assert.equal(file.binary.data.mimeType, 'video/webm');
		assert.equal(file.binary.data.fileName, `${done.record.id}.webm`);
		const upload = sink.requests.find((r) => r.url.startsWith('/storage/'));
		assert.ok(upload, 'nothing uploaded');
		assert.equal(upload.url, `/storage/telnyx-recordings/${done.record.id}.webm`);
		assert.match(upload.headers['content-type'], /^video\/webm/);
		const original = Buffer.from(await (await fetch(done.record.download_url)).arrayBuffer());
		assert.ok(original.length > 1000);
		assert.ok(upload.bytes.equals(original), `uploaded ${upload.bytes.length} bytes, the file has ${original.length}`);
		return `${upload.bytes.length} bytes, byte-identical`;
	});

	// --- deactivation gives every room its previous URL back ---------------------------------------
	const deactivated = await step('deactivate the 3 workflows over REST', async () => {
		for (const s of subscriptions) await n8n.deactivate(session, s.id);
	});
	if (!deactivated) return;
	await step('each room has its previous URL back; the webhook URL is gone', async () => {
		for (const [id, url] of Object.entries(previous)) assert.equal(roomUrl(id), url, `room ${id}`);
		const res = await sb.deliverEvent(url, sb.makeEvent('participant.joined', { room_id: rooms[6] }));
		assert.equal(res.status, 404, `after deactivation the webhook answered ${res.status}`);
		const executions = await n8n.listExecutions(session, { workflowId: TRIGGER.id });
		assert.equal(executions.length, 3, 'no new execution');
		return Object.values(previous).map((u) => u.replace('https://hooks.example.com', '')).join(', ');
	});
}

module.exports = { triggerChecks };
