'use strict';
const { randomUUID } = require('node:crypto');
const { serialize, listJson } = require('../store');
const { nowIso } = require('../time');
const { notFound, invalidField } = require('../errors');
const { parsePage, buildFilter, selectPage, parseBool } = require('../query');
const v = require('../validate');

const FILTERS = [
	{ name: 'date_created_at', kind: 'date', field: 'created_at' },
	{ name: 'date_updated_at', kind: 'date', field: 'updated_at' },
	{ name: 'unique_name', kind: 'str', field: 'unique_name' },
];

function getRoom(sb, id) {
	const room = sb.store.rooms.get(id);
	if (!room) throw notFound('Room', id);
	return room;
}

// sessions grouped by room, computed once per request and only when embedding.
function sessionsByRoom(sb) {
	const m = new Map();
	for (const s of sb.store.sessions.values()) {
		let a = m.get(s.room_id);
		if (!a) m.set(s.room_id, (a = []));
		a.push(s);
	}
	return m;
}

function roomOut(sb, room, byRoom) {
	const o = serialize(room, sb.config.nullStyle);
	if (byRoom) o.sessions = (byRoom.get(room.id) || []).map((s) => serialize(s, sb.config.nullStyle));
	return o;
}

function validateBody(sb, body, selfId) {
	v.string(body, 'unique_name', { nonEmpty: true });
	v.int(body, 'max_participants', 2, 50);
	v.bool(body, 'enable_recording');
	v.uri(body, 'webhook_event_url');
	v.uri(body, 'webhook_event_failover_url');
	v.int(body, 'webhook_timeout_secs', 0, 30, { nullable: true });
	if (v.has(body, 'unique_name')) {
		for (const r of sb.store.rooms.values()) {
			if (r.id !== selfId && r.unique_name === body.unique_name) {
				throw invalidField('unique_name', `A room with unique_name '${body.unique_name}' already exists`);
			}
		}
	}
}

const FIELDS = ['unique_name', 'max_participants', 'enable_recording', 'webhook_event_url', 'webhook_event_failover_url', 'webhook_timeout_secs'];

module.exports = {
	FILTERS,
	getRoom,
	sessionsByRoom,

	list(sb, ctx) {
		const page = parsePage(ctx.query);
		const include = parseBool(ctx.query, 'include_sessions');
		const p = selectPage(sb.store.rooms, buildFilter(ctx.query, FILTERS), page, sb.config.emptyTotalPages);
		if (!include) return { status: 200, raw: listJson(p.items, p.meta, sb.config.nullStyle) };
		const byRoom = sessionsByRoom(sb);
		return { status: 200, body: { data: p.items.map((r) => roomOut(sb, r, byRoom)), meta: p.meta } };
	},

	get(sb, ctx) {
		const room = getRoom(sb, ctx.params.room_id);
		const include = parseBool(ctx.query, 'include_sessions');
		return { status: 200, body: { data: roomOut(sb, room, include ? sessionsByRoom(sb) : null) } };
	},

	create(sb, ctx) {
		const body = v.requireObjectBody(ctx);
		validateBody(sb, body, null);
		const now = nowIso();
		const room = {
			id: randomUUID(),
			unique_name: body.unique_name,
			max_participants: v.has(body, 'max_participants') ? body.max_participants : 10,
			enable_recording: v.has(body, 'enable_recording') ? body.enable_recording : false,
			active_session_id: null,
			created_at: now,
			updated_at: now,
			webhook_event_url: body.webhook_event_url,
			// spec default is "", which fails its own `format: uri`; null is the valid "unset"
			webhook_event_failover_url: v.has(body, 'webhook_event_failover_url') ? body.webhook_event_failover_url : null,
			webhook_timeout_secs: v.has(body, 'webhook_timeout_secs') ? body.webhook_timeout_secs : null,
			record_type: 'room',
		};
		sb.store.rooms.set(room.id, room);
		return { status: 201, body: { data: roomOut(sb, room) } };
	},

	update(sb, ctx) {
		const room = getRoom(sb, ctx.params.room_id);
		const body = v.requireObjectBody(ctx);
		validateBody(sb, body, room.id);
		// Stored exactly as sent (null and "" included): the trigger swaps webhook_event_url
		// and restores it later, tests assert on the raw value.
		for (const k of FIELDS) if (v.has(body, k)) room[k] = body[k];
		room.updated_at = nowIso();
		return { status: 200, body: { data: roomOut(sb, room) } };
	},

	remove(sb, ctx) {
		const room = getRoom(sb, ctx.params.room_id);
		// Deleting a room kicks everyone out: end its active session. Sessions, participants
		// and recordings stay queryable (history), the room itself is gone.
		const now = nowIso();
		for (const s of sb.store.sessions.values()) {
			if (s.room_id === room.id && s.active) sb.endSession(s, now);
		}
		for (const [tok, t] of sb.store.refreshTokens) if (t.room_id === room.id) sb.store.refreshTokens.delete(tok);
		sb.store.rooms.delete(room.id);
		return { status: 204 };
	},
};
