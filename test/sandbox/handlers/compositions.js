'use strict';
const { randomUUID } = require('node:crypto');
const { serialize, listJson } = require('../store');
const { nowIso } = require('../time');
const { notFound, invalidField } = require('../errors');
const { parsePage, buildFilter, selectPage } = require('../query');
const { USER_ID } = require('../seed');
const v = require('../validate');

const FILTERS = [
	{ name: 'date_created_at', kind: 'date', field: 'created_at' },
	{ name: 'session_id', kind: 'uuid', field: 'session_id' },
	{ name: 'status', kind: 'enum', field: 'status', values: ['completed', 'processing', 'enqueued'] },
];

const RES_RE = /^(\d+)x(\d+)$/;

function validateLayout(layout) {
	if (!v.isObject(layout)) throw invalidField('video_layout', 'video_layout must be an object of regions');
	const names = Object.keys(layout);
	if (names.length > 2) throw invalidField('video_layout', 'video_layout is limited to 2 regions');
	for (const name of names) {
		const r = layout[name];
		const at = (f) => `video_layout/${name}/${f}`;
		if (!v.isObject(r)) throw invalidField(`video_layout/${name}`, 'a region must be an object');
		const ints = { x_pos: [-Infinity, Infinity], y_pos: [-Infinity, Infinity], z_pos: [-99, 99], width: [16, Infinity], height: [16, Infinity], max_columns: [1, 1000], max_rows: [1, 1000] };
		for (const [f, [min, max]] of Object.entries(ints)) {
			if (!v.has(r, f) || r[f] === null) continue;
			if (!Number.isInteger(r[f]) || r[f] < min || r[f] > max) throw invalidField(at(f), `${f} is out of range`);
		}
		if (v.has(r, 'video_sources')) {
			const s = r.video_sources;
			if (!Array.isArray(s) || !s.every((x) => x === '*' || (typeof x === 'string' && v.UUID_RE.test(x)))) {
				throw invalidField(at('video_sources'), 'video_sources must be recording UUIDs or "*"');
			}
		}
	}
}

function getComposition(sb, id) {
	const c = sb.store.compositions.get(id);
	if (!c) throw notFound('Room composition', id);
	return c;
}

module.exports = {
	FILTERS,
	list(sb, ctx) {
		const page = parsePage(ctx.query);
		const p = selectPage(sb.store.compositions, buildFilter(ctx.query, FILTERS), page, sb.config.emptyTotalPages);
		return { status: 200, raw: listJson(p.items, p.meta, sb.config.nullStyle) };
	},
	get(sb, ctx) {
		return { status: 200, body: { data: serialize(getComposition(sb, ctx.params.room_composition_id), sb.config.nullStyle) } };
	},
	remove(sb, ctx) {
		sb.store.compositions.delete(getComposition(sb, ctx.params.room_composition_id).id);
		return { status: 204 };
	},
	// 202 + status "enqueued"; completes via sb.simulate.compositionCompleted(id) or, when
	// configure({ compositionCompleteMs }) is set, automatically after that delay.
	create(sb, ctx) {
		const body = v.requireObjectBody(ctx);
		// session_id is nullable in the spec but a composition of nothing is meaningless
		if (body.session_id === undefined || body.session_id === null) throw invalidField('session_id', 'session_id is required');
		v.uuid(body, 'session_id');
		const session = sb.store.sessions.get(body.session_id);
		if (!session) throw invalidField('session_id', `Room session ${body.session_id} not found`);
		if (v.has(body, 'format') && body.format !== null && body.format !== 'mp4') throw invalidField('format', 'format must be mp4');
		if (v.has(body, 'resolution') && body.resolution !== null) {
			const m = RES_RE.exec(typeof body.resolution === 'string' ? body.resolution : '');
			const w = m && +m[1];
			const h = m && +m[2];
			if (!m || w < 16 || h < 16 || w > 1280 || h > 1280 || w * h > 1280 * 720) {
				throw invalidField('resolution', 'resolution must be "<width>x<height>", each 16-1280, width*height <= 1280*720');
			}
		}
		if (v.has(body, 'video_layout')) validateLayout(body.video_layout);
		v.uri(body, 'webhook_event_url');
		v.uri(body, 'webhook_event_failover_url');
		v.int(body, 'webhook_timeout_secs', 0, 30, { nullable: true });
		const now = nowIso();
		const c = {
			id: randomUUID(),
			room_id: session.room_id,
			session_id: session.id,
			user_id: USER_ID,
			status: 'enqueued',
			format: body.format || 'mp4',
			resolution: body.resolution || '1280x720',
			video_layout: body.video_layout || {},
			duration_secs: null,
			size_mb: null,
			download_url: null, // set on completion
			created_at: now,
			updated_at: now,
			started_at: null,
			ended_at: null,
			completed_at: null,
			webhook_event_url: body.webhook_event_url,
			webhook_event_failover_url: v.has(body, 'webhook_event_failover_url') ? body.webhook_event_failover_url : null,
			webhook_timeout_secs: v.has(body, 'webhook_timeout_secs') ? body.webhook_timeout_secs : null,
			record_type: 'composition',
		};
		sb.store.compositions.set(c.id, c);
		sb.scheduleCompositionCompletion(c.id);
		return { status: 202, body: { data: serialize(c, sb.config.nullStyle) } };
	},
};
