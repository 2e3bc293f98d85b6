'use strict';
const { serialize, listJson } = require('../store');
const { notFound } = require('../errors');
const { parsePage, buildFilter, selectPage } = require('../query');
const { PARTICIPANT_FILTERS } = require('./sessions');

const FILTERS = [...PARTICIPANT_FILTERS, { name: 'session_id', kind: 'str', field: 'session_id' }];

module.exports = {
	FILTERS,
	list(sb, ctx) {
		const page = parsePage(ctx.query);
		const p = selectPage(sb.store.participants, buildFilter(ctx.query, FILTERS), page, sb.config.emptyTotalPages);
		return { status: 200, raw: listJson(p.items, p.meta, sb.config.nullStyle) };
	},
	get(sb, ctx) {
		const p = sb.store.participants.get(ctx.params.room_participant_id);
		if (!p) throw notFound('Room participant', ctx.params.room_participant_id);
		return { status: 200, body: { data: serialize(p, sb.config.nullStyle) } };
	},
};
