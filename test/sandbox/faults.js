'use strict';
// Rate limiting (token bucket) and fault injection (failNext queue + seeded random faults).
const { createPrng } = require('./prng');

const STATUS_KINDS = ['400', '401', '403', '404', '408', '409', '422', '429', '500', '502', '503'];
const HOSTILE_KINDS = ['html', 'nonJson', 'truncatedJson', 'missingData', 'absurdTotalPages', 'negativeTotalPages'];
const KINDS = new Set([...STATUS_KINDS, 'reset', 'stall', ...HOSTILE_KINDS]);

// Faults that leave the server untouched: 4xx (incl. 429, which never acts) and stall.
// Everything else (5xx, html 502, reset, mangled 200 bodies) is applied AFTER the handler
// ran: for a mutation that is the worst case, the server acted but the client saw a failure.
function defaultPhase(kind) {
	if (kind === 'stall') return 'before';
	if (/^\d+$/.test(kind) && +kind < 500) return 'before';
	return 'after';
}

class RateLimiter {
	// perSecond tokens per second, bucket size `burst` (default perSecond)
	constructor({ perSecond, burst, headers = {} }) {
		this.rate = perSecond;
		this.capacity = burst || perSecond;
		this.tokens = this.capacity;
		this.last = Date.now();
		this.opts = { retryAfter: false, retryAfterMs: false, rateLimitReset: true, ...headers };
	}

	refill(now) {
		this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
		this.last = now;
	}

	// -> { ok, headers }
	take() {
		const now = Date.now();
		this.refill(now);
		const h = { 'x-ratelimit-limit': String(this.capacity) };
		if (this.tokens >= 1) {
			this.tokens -= 1;
			h['x-ratelimit-remaining'] = String(Math.floor(this.tokens));
			// seconds until the bucket is full again (>= 1, like a window reset)
			h['x-ratelimit-reset'] = String(Math.max(1, Math.ceil((this.capacity - this.tokens) / this.rate)));
			return { ok: true, headers: h };
		}
		const waitMs = ((1 - this.tokens) / this.rate) * 1000;
		h['x-ratelimit-remaining'] = '0';
		if (this.opts.rateLimitReset) h['x-ratelimit-reset'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
		if (this.opts.retryAfter) h['retry-after'] = String(Math.max(1, Math.ceil(waitMs / 1000)));
		if (this.opts.retryAfterMs) h['retry-after-ms'] = String(Math.max(1, Math.ceil(waitMs)));
		return { ok: false, headers: h };
	}
}

function pathMatches(want, path) {
	if (want === undefined || want === null) return true;
	if (want instanceof RegExp) return want.test(path);
	const w = want.startsWith('/v2/') ? want.slice(3) : want;
	return w.endsWith('*') ? path.startsWith(w.slice(0, -1)) : path === w;
}

class FaultInjector {
	constructor() {
		this.queue = []; // failNext rules, first match wins
		this.random = null;
		this.prng = null;
	}

	configure(faults) {
		if (!faults) { this.random = null; return; }
		const kinds = faults.kinds || ['500', '502', '503', 'reset'];
		for (const k of kinds) if (!KINDS.has(k)) throw new Error(`unknown fault kind ${k}`);
		this.random = { rate: faults.rate ?? 0.1, kinds, stallMs: faults.stallMs, methods: faults.methods, path: faults.path };
		this.prng = createPrng(faults.seed ?? 1);
	}

	failNext(n, kind, opts = {}) {
		if (!KINDS.has(String(kind))) throw new Error(`unknown fault kind ${kind}`);
		this.queue.push({ remaining: n, kind: String(kind), ...opts, method: opts.method && opts.method.toUpperCase() });
	}

	// Picks the fault for an API (or download) request, consuming failNext budget.
	pick(method, path, isDownload) {
		for (let i = 0; i < this.queue.length; i++) {
			const r = this.queue[i];
			if (r.method && r.method !== method) continue;
			// a rule without a path only targets API requests, never downloads
			if (isDownload ? !r.path || !pathMatches(r.path, path) : !pathMatches(r.path, path)) continue;
			if (--r.remaining <= 0) this.queue.splice(i, 1);
			return { kind: r.kind, phase: r.phase || defaultPhase(r.kind), stallMs: r.stallMs, headers: r.headers };
		}
		const rnd = this.random;
		if (!rnd || isDownload) return null;
		if (rnd.methods && !rnd.methods.includes(method)) return null;
		if (rnd.path && !pathMatches(rnd.path, path)) return null;
		if (this.prng.next() >= rnd.rate) return null;
		const kind = rnd.kinds[Math.floor(this.prng.next() * rnd.kinds.length)];
		return { kind, phase: defaultPhase(kind), stallMs: rnd.stallMs };
	}

	clear() { this.queue = []; this.random = null; }
}

const HTML_502 = '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

// Mangles a handler result into a hostile 200/502 response. -> { status, headers, body(string) }
function hostile(kind, result) {
	const json = { 'content-type': 'application/json' };
	switch (kind) {
		case 'html':
			return { status: 502, headers: { 'content-type': 'text/html' }, body: HTML_502 };
		case 'nonJson':
			return { status: 200, headers: { 'content-type': 'text/plain' }, body: 'OK\n<<upstream returned garbage: \u0000\u0001 not json>>' };
		case 'truncatedJson': {
			const full = result && result.body ? JSON.stringify(result.body) : '{"data":{"id":"0ccc7b54-4df3-4bca-a65a-3da1ecc777f0","record_type":"room"}}';
			return { status: 200, headers: json, body: full.slice(0, Math.max(1, Math.floor(full.length / 2))) };
		}
		case 'missingData':
			return { status: 200, headers: json, body: '{}' };
		case 'absurdTotalPages':
		case 'negativeTotalPages': {
			const b = result && result.body && typeof result.body === 'object' ? result.body : { data: [] };
			const meta = { page_number: 1, page_size: 20, total_results: 0, ...(b.meta || {}) };
			meta.total_pages = kind === 'absurdTotalPages' ? 1e9 : -1;
			if (kind === 'absurdTotalPages') meta.total_results = 1e9 * meta.page_size;
			return { status: 200, headers: json, body: JSON.stringify({ ...b, data: b.data || [], meta }) };
		}
		default:
			return null;
	}
}

module.exports = { RateLimiter, FaultInjector, hostile, KINDS, STATUS_KINDS, HOSTILE_KINDS, defaultPhase };
