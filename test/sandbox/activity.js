'use strict';
// Store mutations shared by the API handlers and the activity simulator.
const { randomUUID } = require('node:crypto');
const { nowIso } = require('./time');
const { downloadUrl } = require('./downloads');

const secsBetween = (a, b) => Math.max(0, Math.round((Date.parse(b) - Date.parse(a)) / 1000));

function participantLeave(sb, p, at = nowIso(), reason = 'left') {
	if (p.left_at) return false;
	p.left_at = at;
	p.updated_at = at;
	p._left_reason = reason;
	return true;
}

// Ends a session: inactive, ended_at set, everyone still present leaves.
// Returns the participants that were present.
function endSession(sb, s, at = nowIso(), reason = 'ended') {
	const left = [];
	if (!s.active && s.ended_at) return left;
	s.active = false;
	s.ended_at = at;
	s.updated_at = at;
	s._ended_reason = reason;
	for (const p of sb.store.participants.values()) {
		if (p.session_id === s.id && participantLeave(sb, p, at, reason === 'kicked' ? 'kicked' : 'session_ended')) left.push(p);
	}
	const room = sb.store.rooms.get(s.room_id);
	if (room && room.active_session_id === s.id) {
		room.active_session_id = null;
		room.updated_at = at;
	}
	return left;
}

function startSession(sb, room, at = nowIso()) {
	const s = { id: randomUUID(), room_id: room.id, active: true, created_at: at, updated_at: at, ended_at: null, record_type: 'room_session' };
	sb.store.sessions.set(s.id, s);
	room.active_session_id = s.id;
	room.updated_at = at;
	return s;
}

function joinParticipant(sb, s, context, at = nowIso()) {
	const p = { id: randomUUID(), session_id: s.id, context, joined_at: at, left_at: null, updated_at: at, record_type: 'room_participant' };
	sb.store.participants.set(p.id, p);
	return p;
}

function startRecording(sb, p, type = 'audio', at = nowIso()) {
	const s = sb.store.sessions.get(p.session_id);
	const r = {
		id: randomUUID(), room_id: s ? s.room_id : null, session_id: p.session_id, participant_id: p.id,
		status: 'processing', type, codec: type === 'audio' ? 'opus' : 'vp8', duration_secs: null, size_mb: null,
		download_url: null, created_at: at, updated_at: at, started_at: at, ended_at: null, completed_at: null,
		record_type: 'room_recording',
	};
	sb.store.recordings.set(r.id, r);
	return r;
}

function completeRecording(sb, r, overrides = {}, at = nowIso()) {
	const dur = overrides.duration_secs ?? Math.max(1, secsBetween(r.started_at, at));
	Object.assign(r, {
		status: 'completed',
		duration_secs: dur,
		size_mb: Math.round(dur * (r.type === 'audio' ? 0.012 : 0.09) * 100) / 100,
		ended_at: r.ended_at || at,
		completed_at: at,
		updated_at: at,
		download_url: downloadUrl(sb.url, 'recordings', r.id, r.type),
	}, overrides);
	return r;
}

function completeComposition(sb, c, overrides = {}, at = nowIso()) {
	const s = sb.store.sessions.get(c.session_id);
	const dur = s && s.ended_at ? Math.max(1, secsBetween(s.created_at, s.ended_at)) : 60;
	Object.assign(c, {
		status: 'completed',
		started_at: c.started_at || at,
		ended_at: at,
		completed_at: at,
		updated_at: at,
		duration_secs: dur,
		size_mb: Math.round(dur * 0.15 * 100) / 100,
		download_url: downloadUrl(sb.url, 'compositions', c.id),
	}, overrides);
	return c;
}

module.exports = { participantLeave, endSession, startSession, joinParticipant, startRecording, completeRecording, completeComposition, secsBetween };
