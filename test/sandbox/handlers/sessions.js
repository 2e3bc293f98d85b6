'use strict';
const { serialize, listJson } = require('../store');
const { nowIso } = require('../time');
const { notFound, invalidField } = require('../errors');
const { parsePage, buildFilter, selectPage, parseBool } = require('../query');
const { getRoom } = require('./rooms');
const v = require('../validate');

const DATE_FILTERS = [
	{ name: 'date_created_at', kind: 'date', field: 'created_at' },
	{ name: 'date_updated_at', kind: 'date', field: 'updated_at' },
	{ name: 'date_ended_at', kind: 'date', field: 'ended_at' },
];
const FILTERS = [...DATE_FILTERS, { name: 'room_id', kind: 'str', field: 'room_id' }, { name: 'active', kind: 'bool', field: 'active' }];
const ROOM_FILTERS = [...DATE_FILTERS, { name: 'active', kind: 'bool', field: 'active' }];
const PARTICIPANT_FILTERS = [
	{ name: 'date_joined_at', kind: 'date', field: 'joined_at' },
	{ name: 'date_updated_at', kind: 'date', field: 'updated_at' },
	{ name: 'date_left_at', kind: 'date', field: 'left_at' },
	{ name: 'context', kind: 'str', field: 'context' },
];

function getSession(sb, id) {
	const s = sb.store.sessions.get(id);
	if (!s) throw notFound('Room session', id);
	return s;
}

function participantsBySession(sb) {
	const m = new Map();
	for (const p of sb.store.participants.values()) {
		let a = m.get(p.session_id);
		if (!a) m.set(p.session_id, (a = []));
		a.push(p);
	}
	return m;
}

function sessionOut(sb, s, bySession) {
	const o = serialize(s, sb.config.nullStyle);
	if (bySession) o.participants = (bySession.get(s.id) || []).map((p) => serialize(p, sb.config.nullStyle));
	return o;
}

function listSessions(sb, ctx, defs, extra) {
	const page = parsePage(ctx.query);
	const include = parseBool(ctx.query, 'include_participants');
	const filter = buildFilter(ctx.query, defs);
	filter.extra = extra;
	const p = selectPage(sb.store.sessions, filter, page, sb.config.emptyTotalPages);
	if (!include) return { status: 200, raw: listJson(p.items, p.meta, sb.config.nullStyle) };
	const by = participantsBySession(sb);
	return { status: 200, body: { data: p.items.map((s) => sessionOut(sb, s, by)), meta: p.meta } };
}

// `participants`: "all" or an array of UUIDs (oneOf); `exclude`: array of UUIDs.
// Missing `participants` selects nobody (the schema requires nothing; a no-op makes a
// client that forgot the field visible in the store).
function targets(sb, session, body) {
	const { participants, exclude } = body;
	if (participants !== undefined && participants !== 'all') {
		if (!Array.isArray(participants) || !participants.every((x) => typeof x === 'string' && v.UUID_RE.test(x))) {
			throw invalidField('participants', 'participants must be "all" or an array of participant UUIDs');
		}
	}
	if (exclude !== undefined && (!Array.isArray(exclude) || !exclude.every((x) => typeof x === 'string' && v.UUID_RE.test(x)))) {
		throw invalidField('exclude', 'exclude must be an array of participant UUIDs');
	}
	if (participants === undefined) return [];
	const ex = new Set(exclude || []);
	const wanted = participants === 'all' ? null : new Set(participants);
	const out = [];
	for (const p of sb.store.participants.values()) {
		if (p.session_id !== session.id || p.left_at) continue;
		if (wanted && !wanted.has(p.id)) continue;
		if (ex.has(p.id)) continue;
		out.push(p);
	}
	return out;
}

const ok = { status: 200, body: { data: { result: 'ok' } } };

module.exports = {
	FILTERS, ROOM_FILTERS, PARTICIPANT_FILTERS, getSession, participantsBySession,

	list: (sb, ctx) => listSessions(sb, ctx, FILTERS),

	listForRoom(sb, ctx) {
		const room = getRoom(sb, ctx.params.room_id);
		return listSessions(sb, ctx, ROOM_FILTERS, (s) => s.room_id === room.id);
	},

	get(sb, ctx) {
		const s = getSession(sb, ctx.params.room_session_id);
		const include = parseBool(ctx.query, 'include_participants');
		return { status: 200, body: { data: sessionOut(sb, s, include ? participantsBySession(sb) : null) } };
	},

	participants(sb, ctx) {
		const s = getSession(sb, ctx.params.room_session_id);
		const page = parsePage(ctx.query);
		const filter = buildFilter(ctx.query, PARTICIPANT_FILTERS);
		filter.extra = (x) => x.session_id === s.id;
		const p = selectPage(sb.store.participants, filter, page, sb.config.emptyTotalPages);
		return { status: 200, raw: listJson(p.items, p.meta, sb.config.nullStyle) };
	},

	// Ending an already-ended session is accepted (idempotent), so a retried end succeeds.
	end(sb, ctx) {
		const s = getSession(sb, ctx.params.room_session_id);
		if (s.active) sb.endSession(s, nowIso(), 'ended');
		return ok;
	},

	kick(sb, ctx) {
		const s = getSession(sb, ctx.params.room_session_id);
		const now = nowIso();
		for (const p of targets(sb, s, v.requireObjectBody(ctx))) sb.participantLeave(p, now, 'kicked');
		return ok;
	},

	mute(sb, ctx) {
		const s = getSession(sb, ctx.params.room_session_id);
		for (const p of targets(sb, s, v.requireObjectBody(ctx))) p._muted = true;
		return ok;
	},

	unmute(sb, ctx) {
		const s = getSession(sb, ctx.params.room_session_id);
		for (const p of targets(sb, s, v.requireObjectBody(ctx))) p._muted = false;
		return ok;
	},
};
