'use strict';
const { serialize, listJson } = require('../store');
const { notFound } = require('../errors');
const { parsePage, paginate, buildFilter, select, selectPage } = require('../query');

const FILTERS = [
	{ name: 'date_started_at', kind: 'date', field: 'started_at' },
	{ name: 'date_ended_at', kind: 'date', field: 'ended_at' },
	{ name: 'room_id', kind: 'uuid', field: 'room_id' },
	{ name: 'participant_id', kind: 'uuid', field: 'participant_id' },
	{ name: 'session_id', kind: 'uuid', field: 'session_id' },
	{ name: 'status', kind: 'str', field: 'status' },
	{ name: 'type', kind: 'str', field: 'type' },
	// spec: filter[duration_secs] = "greater or equal"; older [eq|gte|lte] also accepted
	{ name: 'duration_secs', kind: 'minInt', field: 'duration_secs' },
];

function getRecording(sb, id) {
	const r = sb.store.recordings.get(id);
	if (!r) throw notFound('Room recording', id);
	return r;
}

module.exports = {
	FILTERS,
	list(sb, ctx) {
		const page = parsePage(ctx.query);
		const p = selectPage(sb.store.recordings, buildFilter(ctx.query, FILTERS), page, sb.config.emptyTotalPages);
		return { status: 200, raw: listJson(p.items, p.meta, sb.config.nullStyle) };
	},
	get(sb, ctx) {
		return { status: 200, body: { data: serialize(getRecording(sb, ctx.params.room_recording_id), sb.config.nullStyle) } };
	},
	remove(sb, ctx) {
		sb.store.recordings.delete(getRecording(sb, ctx.params.room_recording_id).id);
		return { status: 204 };
	},
	// Deletes what the filters select. Whether real Telnyx applies paging to this call is not
	// documented, so both answers are modelled (config `bulkDelete`):
	//   'all'  (default): every match, page[...] ignored
	//   'page': only one page of the matches per call (page[number]/page[size], default 1/20)
	// No filter at all selects every recording (the node refuses to send that unconfirmed).
	bulkRemove(sb, ctx) {
		const page = parsePage(ctx.query);
		const { match } = buildFilter(ctx.query, FILTERS);
		let victims = select(sb.store.recordings, match);
		if (sb.config.bulkDelete === 'page') victims = paginate(victims, page).items;
		for (const r of victims) sb.store.recordings.delete(r.id);
		return { status: 201, body: { data: { room_recordings: victims.length } } };
	},
};
