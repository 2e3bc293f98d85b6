'use strict';
// Simulated room activity: each call updates the store like Telnyx would and POSTs the
// signed event to the room's webhook_event_url (compositions: their own URL), falling
// back to the failover URL when the primary does not answer 2xx. Resolves to the delivery
// result { status, body, url, attempts, event, record } (status null + skipped when the
// target has no webhook URL).
const act = require('./activity');
const { makeEvent, deliver } = require('./webhooks');

function need(map, id, what) {
	const x = map.get(id);
	if (!x) throw new Error(`${what} ${id} not found`);
	return x;
}

async function deliverTo(sb, target, event) {
	const { url, failover, timeoutSecs } = target;
	if (!url) return { status: null, skipped: true, reason: 'no webhook_event_url', attempts: [], event };
	const timeoutMs = (timeoutSecs || 10) * 1000;
	const attempts = [await deliver(sb.keys, url, event, { timeoutMs, attempt: 1 })];
	const ok = (r) => r.status >= 200 && r.status < 300;
	if (!ok(attempts[0]) && failover) attempts.push(await deliver(sb.keys, failover, event, { timeoutMs, attempt: 2 }));
	const lastTry = attempts[attempts.length - 1];
	for (const a of attempts) {
		sb.deliveries.push({ at: new Date().toISOString(), event_type: event.data.event_type, event_id: event.data.id, url: a.url, status: a.status, error: a.error });
	}
	if (sb.deliveries.length > 10000) sb.deliveries.splice(0, sb.deliveries.length - 10000);
	return { status: lastTry.status, body: lastTry.body, url: lastTry.url, error: lastTry.error, attempts, event };
}

const roomTarget = (room) => (room ? { url: room.webhook_event_url, failover: room.webhook_event_failover_url, timeoutSecs: room.webhook_timeout_secs } : {});

function createSimulator(sb) {
	const event = (type, payload) => makeEvent(type, payload, { meta: sb.config.webhookMeta });
	const emitRoom = async (roomId, type, payload, record) => {
		const res = await deliverTo(sb, roomTarget(sb.store.rooms.get(roomId)), event(type, payload));
		return { ...res, record };
	};

	const sim = {
		async sessionStarted(roomId) {
			const room = need(sb.store.rooms, roomId, 'Room');
			const current = room.active_session_id && sb.store.sessions.get(room.active_session_id);
			if (current && current.active) throw new Error(`room ${roomId} already has an active session ${current.id}`);
			const s = act.startSession(sb, room);
			return emitRoom(room.id, 'session.started', { room_id: room.id, session_id: s.id }, s);
		},

		async participantJoined(sessionId, contextOrOpts = 'Alice') {
			const opts = typeof contextOrOpts === 'string' ? { context: contextOrOpts } : contextOrOpts || {};
			const s = need(sb.store.sessions, sessionId, 'Room session');
			if (!s.active) throw new Error(`session ${sessionId} is not active`);
			const p = act.joinParticipant(sb, s, opts.context ?? 'Alice');
			return emitRoom(s.room_id, 'participant.joined', { room_id: s.room_id, session_id: s.id, participant_id: p.id, context: p.context }, p);
		},

		async participantLeft(participantId, opts = {}) {
			const p = need(sb.store.participants, participantId, 'Participant');
			const s = sb.store.sessions.get(p.session_id);
			const reason = opts.reason || 'left';
			act.participantLeave(sb, p, undefined, reason);
			return emitRoom(s && s.room_id, 'participant.left', {
				room_id: s && s.room_id, session_id: p.session_id, participant_id: p.id, context: p.context,
				duration_secs: act.secsBetween(p.joined_at, p.left_at), left_reason: reason,
			}, p);
		},

		async sessionEnded(sessionId, opts = {}) {
			const s = need(sb.store.sessions, sessionId, 'Room session');
			const reason = opts.reason || 'stale';
			act.endSession(sb, s, undefined, reason);
			return emitRoom(s.room_id, 'session.ended', {
				room_id: s.room_id, session_id: s.id, duration_secs: act.secsBetween(s.created_at, s.ended_at), ended_reason: reason,
			}, s);
		},

		async recordingStarted(participantId, opts = {}) {
			const p = need(sb.store.participants, participantId, 'Participant');
			const r = act.startRecording(sb, p, opts.type || 'audio');
			return emitRoom(r.room_id, 'recording.started', {
				room_id: r.room_id, session_id: r.session_id, participant_id: p.id, recording_id: r.id, type: r.type,
			}, r);
		},

		// id: an existing recording (completed now) or a participant (a recording is created
		// and completed at once).
		async recordingCompleted(id, opts = {}) {
			let r = sb.store.recordings.get(id);
			if (!r) r = act.startRecording(sb, need(sb.store.participants, id, 'Recording or participant'), opts.type || 'audio');
			const { type, ...overrides } = opts;
			act.completeRecording(sb, r, overrides);
			return emitRoom(r.room_id, 'recording.completed', {
				room_id: r.room_id, session_id: r.session_id, participant_id: r.participant_id, recording_id: r.id,
				type: r.type, codec: r.codec, duration_secs: r.duration_secs, size_mb: r.size_mb, download_url: r.download_url,
			}, r);
		},

		async compositionCompleted(compositionId, overrides = {}) {
			const c = need(sb.store.compositions, compositionId, 'Composition');
			act.completeComposition(sb, c, overrides);
			const ev = event('composition.completed', {
				composition_id: c.id, room_id: c.room_id, session_id: c.session_id, format: c.format, resolution: c.resolution,
				duration_secs: c.duration_secs, size_mb: c.size_mb, download_url: c.download_url,
			});
			const res = await deliverTo(sb, { url: c.webhook_event_url, failover: c.webhook_event_failover_url, timeoutSecs: c.webhook_timeout_secs }, ev);
			return { ...res, record: c };
		},
	};
	return sim;
}

// Argument mapping for POST /_sandbox/simulate/<name> { ...body }
const HTTP_ARGS = {
	sessionStarted: (b) => [b.roomId || b.room_id],
	participantJoined: (b) => [b.sessionId || b.session_id, { context: b.context }],
	participantLeft: (b) => [b.participantId || b.participant_id, b],
	sessionEnded: (b) => [b.sessionId || b.session_id, b],
	recordingStarted: (b) => [b.participantId || b.participant_id, b],
	recordingCompleted: (b) => [b.recordingId || b.recording_id || b.participantId || b.participant_id, b.overrides || {}],
	compositionCompleted: (b) => [b.compositionId || b.composition_id, b.overrides || {}],
};

module.exports = { createSimulator, deliverTo, HTTP_ARGS };
