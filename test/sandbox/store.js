'use strict';
// In-memory data. Maps keep insertion order, which is the API's (stable) list order.
// Records hold the API field names; keys starting with "_" are sandbox-internal
// (e.g. _muted) and are never serialized. Tests may read and mutate these Maps freely:
// handlers look records up on every request, nothing is cached.

// A Map that remembers its values as an array until the next set/delete/clear, so list
// endpoints over 10,000 records filter a plain array instead of re-walking the Map.
// Tests can still use every Map method; mutating a record in place needs no bookkeeping.
class RecordMap extends Map {
	set(k, v) { this._arr = null; return super.set(k, v); }
	delete(k) { this._arr = null; return super.delete(k); }
	clear() { this._arr = null; super.clear(); }
	list() { return this._arr || (this._arr = [...super.values()]); }
}

class Store {
	constructor() { this.clear(); }

	clear() {
		this.rooms = new RecordMap();
		this.sessions = new RecordMap();
		this.participants = new RecordMap();
		this.recordings = new RecordMap();
		this.compositions = new RecordMap();
		this.refreshTokens = new Map(); // refresh token -> { room_id, expires_at_ms }
	}

	counts() {
		return {
			rooms: this.rooms.size, sessions: this.sessions.size, participants: this.participants.size,
			recordings: this.recordings.size, compositions: this.compositions.size,
		};
	}

	toJSON() {
		const arr = (m) => [...m.list()];
		return {
			rooms: arr(this.rooms), sessions: arr(this.sessions), participants: arr(this.participants),
			recordings: arr(this.recordings), compositions: arr(this.compositions),
		};
	}
}

// The spec types only these response fields as nullable; any other null is omitted in
// responses (nullStyle 'omit', default) because `type: string` fields fail validation with
// null. nullStyle 'null' sends nulls as stored, which is what real Telnyx likely does.
const NULLABLE = new Set(['webhook_event_failover_url', 'webhook_timeout_secs']);

function serialize(rec, nullStyle) {
	const o = {};
	for (const k in rec) {
		if (k.charCodeAt(0) === 95 /* _ */) continue;
		const v = rec[k];
		if (v === undefined) continue;
		if (v === null && nullStyle !== 'null' && !NULLABLE.has(k)) continue;
		o[k] = v;
	}
	return o;
}

// JSON text per record, reused while the record's own keys and values are unchanged
// (checked on every use, so in-place edits by tests show up at once). Records holding an
// object value (compositions' video_layout) are not cached: nested edits would go unseen.
// This halves the cost of 250-record pages, where JSON.stringify dominates.
const jsonCache = new WeakMap();

function recordJson(rec, nullStyle) {
	const c = jsonCache.get(rec);
	if (c !== undefined && c.style === nullStyle) {
		let i = 0;
		let same = true;
		for (const k in rec) {
			if (c.keys[i] !== k || c.vals[i] !== rec[k]) { same = false; break; }
			i++;
		}
		if (same && i === c.keys.length) return c.json;
	}
	const keys = [];
	const vals = [];
	let cacheable = true;
	for (const k in rec) {
		const v = rec[k];
		if (v !== null && typeof v === 'object') cacheable = false;
		keys.push(k);
		vals.push(v);
	}
	const json = JSON.stringify(serialize(rec, nullStyle));
	if (cacheable) jsonCache.set(rec, { style: nullStyle, keys, vals, json });
	return json;
}

// A list response as JSON text: {"data":[...],"meta":{...}}
function listJson(items, meta, nullStyle) {
	let out = '{"data":[';
	for (let i = 0; i < items.length; i++) out += (i ? ',' : '') + recordJson(items[i], nullStyle);
	return `${out}],"meta":${JSON.stringify(meta)}}`;
}

module.exports = { Store, RecordMap, serialize, recordJson, listJson };
