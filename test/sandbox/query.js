'use strict';
// Query-string handling: bracketed deepObject keys exactly as they arrive on the wire
// ("filter[date_created_at][gte]"), page-number pagination and per-endpoint filters.
const { invalidParam } = require('./errors');

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT_RE = /^-?\d+$/;

function parseQuery(qs) {
	const out = {};
	if (!qs) return out;
	for (const [k, v] of new URLSearchParams(qs)) {
		if (k in out) out[k] = [].concat(out[k], v); // repeated key -> array (kept for the log)
		else out[k] = v;
	}
	return out;
}

const last = (v) => (Array.isArray(v) ? v[v.length - 1] : v);

function isCalendarDate(s) {
	const m = DATE_RE.exec(s);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
	return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function parseBool(query, key) {
	const v = last(query[key]);
	if (v === undefined) return undefined;
	if (v === 'true') return true;
	if (v === 'false') return false;
	throw invalidParam(key, `${key} must be true or false`);
}

function parseIntParam(key, v, min, max) {
	if (!INT_RE.test(v) || +v < min || (max !== undefined && +v > max)) {
		const range = max === undefined ? `>= ${min}` : `between ${min} and ${max}`;
		throw invalidParam(key, `${key} must be an integer ${range}`);
	}
	return +v;
}

function parsePage(query) {
	const n = last(query['page[number]']);
	const s = last(query['page[size]']);
	return {
		number: n === undefined ? 1 : parseIntParam('page[number]', n, 1),
		size: s === undefined ? 20 : parseIntParam('page[size]', s, 1, 250),
		explicit: n !== undefined || s !== undefined,
	};
}

// `total_pages` for an empty result is 0 by default (ceil(0/size)); opts.emptyTotalPages
// lets tests use 1 instead. Both stop the SDK loop (it also stops on empty data).
function paginate(items, page, emptyTotalPages = 0) {
	const total = items.length;
	const totalPages = total === 0 ? emptyTotalPages : Math.ceil(total / page.size);
	const start = (page.number - 1) * page.size;
	return {
		items: items.slice(start, start + page.size),
		meta: { page_number: page.number, page_size: page.size, total_pages: totalPages, total_results: total },
	};
}

/*
 * Filter definitions: { name, kind, field }
 *   date  -> filter[name][eq|gte|lte], compares the calendar-date part (YYYY-MM-DD) of `field`
 *   str   -> filter[name] exact match;  uuid -> same, but the value must be a UUID (spec format)
 *   bool  -> filter[name]=true|false;   enum -> value in `values`
 *   minInt -> filter[name] is "greater or equal" (spec); the older [eq|gte|lte] form is accepted too
 * Records lacking the field never match a filter on it.
 */
const OPS = ['eq', 'gte', 'lte'];

function buildFilter(query, defs) {
	const preds = [];
	const used = new Set();
	for (const def of defs) {
		const base = `filter[${def.name}]`;
		const f = def.field;
		if (def.kind === 'date' || def.kind === 'minInt') {
			for (const op of OPS) {
				const key = `${base}[${op}]`;
				const raw = last(query[key]);
				if (raw === undefined) continue;
				used.add(key);
				if (def.kind === 'date') {
					if (!isCalendarDate(raw)) throw invalidParam(key, `${key} must be a date (YYYY-MM-DD)`);
					// Plain string comparisons on ISO date-times are calendar-date comparisons:
					// "2024-06-01T10:00Z" >= "2024-06-01", and < "2024-06-01\x7f" ('T' < DEL).
					const upper = `${raw}\x7f`;
					if (op === 'eq') preds.push((r) => typeof r[f] === 'string' && r[f].startsWith(raw));
					else if (op === 'gte') preds.push((r) => typeof r[f] === 'string' && r[f] >= raw);
					else preds.push((r) => typeof r[f] === 'string' && r[f] < upper);
				} else {
					const n = parseIntParam(key, raw, -Infinity);
					if (op === 'eq') preds.push((r) => typeof r[f] === 'number' && r[f] === n);
					else if (op === 'gte') preds.push((r) => typeof r[f] === 'number' && r[f] >= n);
					else preds.push((r) => typeof r[f] === 'number' && r[f] <= n);
				}
			}
			if (def.kind === 'date') continue;
		}
		const raw = last(query[base]);
		if (raw === undefined) continue;
		used.add(base);
		switch (def.kind) {
			case 'minInt': {
				const n = parseIntParam(base, raw, -Infinity);
				preds.push((r) => typeof r[f] === 'number' && r[f] >= n);
				break;
			}
			case 'bool': {
				const b = parseBool(query, base);
				preds.push((r) => r[f] === b);
				break;
			}
			case 'uuid':
				if (!UUID_RE.test(raw)) throw invalidParam(base, `${base} must be a UUID`);
				preds.push((r) => r[f] === raw);
				break;
			case 'enum':
				if (!def.values.includes(raw)) throw invalidParam(base, `${base} must be one of ${def.values.join(', ')}`);
				preds.push((r) => r[f] === raw);
				break;
			default:
				preds.push((r) => r[f] === raw);
		}
	}
	// hot loop over up to 10,000 records: avoid an iterator per record
	const [a, b, c] = preds;
	const n = preds.length;
	const match = n === 0 ? () => true
		: n === 1 ? a
			: n === 2 ? (r) => a(r) && b(r)
				: n === 3 ? (r) => a(r) && b(r) && c(r)
					: (r) => { for (let i = 0; i < n; i++) if (!preds[i](r)) return false; return true; };
	return { match, used, count: preds.length };
}

const listOf = (m) => (typeof m.list === 'function' ? m.list() : [...m.values()]);

// Collects matching records in insertion (= creation) order.
function select(map, match) {
	const arr = listOf(map);
	const out = [];
	for (let i = 0; i < arr.length; i++) if (match(arr[i])) out.push(arr[i]);
	return out;
}

// One page of the records matching `filter` (from buildFilter), counting the rest without
// collecting them. -> { items, meta }
function selectPage(map, filter, page, emptyTotalPages = 0) {
	const arr = listOf(map);
	const start = (page.number - 1) * page.size;
	const end = start + page.size;
	let total;
	let items;
	if (filter.count === 0 && !filter.extra) {
		total = arr.length;
		items = arr.slice(start, end);
	} else {
		const m = filter.match;
		const x = filter.extra;
		total = 0;
		items = [];
		for (let i = 0; i < arr.length; i++) {
			const r = arr[i];
			if ((x && !x(r)) || !m(r)) continue;
			if (total >= start && total < end) items.push(r);
			total++;
		}
	}
	const totalPages = total === 0 ? emptyTotalPages : Math.ceil(total / page.size);
	return { items, meta: { page_number: page.number, page_size: page.size, total_pages: totalPages, total_results: total } };
}

// Query keys the endpoint does not know (typos such as filter[unique_nam]); Prism does not
// flag these, so the request log exposes them as `unknownQuery`.
function unknownKeys(query, allowed) {
	const out = [];
	for (const k of Object.keys(query)) if (!allowed.has(k)) out.push(k);
	return out;
}

function allowedKeys(defs, extra = []) {
	const s = new Set(['page[number]', 'page[size]', ...extra]);
	for (const d of defs) {
		const base = `filter[${d.name}]`;
		if (d.kind !== 'date') s.add(base);
		if (d.kind === 'date' || d.kind === 'minInt') for (const op of OPS) s.add(`${base}[${op}]`);
	}
	return s;
}

module.exports = {
	parseQuery, parseBool, parsePage, paginate, buildFilter, select, selectPage, unknownKeys, allowedKeys,
	isCalendarDate, UUID_RE, last,
};
