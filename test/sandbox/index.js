'use strict';
/*
 * Local, stateful Telnyx Video API sandbox (plain CommonJS, node built-ins only).
 *
 *   const { startSandbox } = require('./test/sandbox');
 *   const sb = await startSandbox({ apiKey: 'KEY_TEST', seed: { rooms: 3, recordings: 10 } });
 *   // API at sb.url + '/rooms' and sb.url + '/v2/rooms'; control API at sb.url + '/_sandbox/...'
 *   await sb.close();
 *
 * See README.md in this folder for the full API and the behaviour choices.
 */
const http = require('node:http');
const { Store } = require('./store');
const { seedStore } = require('./seed');
const { createPrng } = require('./prng');
const { RateLimiter, FaultInjector } = require('./faults');
const { makeKeys, signEvent, makeEvent, deliver } = require('./webhooks');
const { createSimulator } = require('./simulate');
const act = require('./activity');
const { createRequestHandler } = require('./server');
const { createChurn } = require('./churn');

const DEFAULT_CONFIG = Object.freeze({
	latencyMs: 0, // added to every API/download response (not the control API)
	latencyJitterMs: 0, // plus uniform random 0..jitter
	rateLimit: null, // { perSecond, burst?, headers: { retryAfter, retryAfterMs, rateLimitReset } }
	faults: null, // { rate, kinds, seed, stallMs, methods?, path? }
	requestTimeoutMs: null, // server-side deadline: requests not answered by then get their socket destroyed
	errorStyle: 'spec', // 'spec' (shapes the OpenAPI declares per operation) | 'errors' (errors[] everywhere)
	nullStyle: 'omit', // 'omit' (spec-valid: nulls dropped except nullable fields) | 'null'
	emptyTotalPages: 0, // meta.total_pages when nothing matches
	unknownQuery: 'ignore', // 'ignore' (logged as entry.unknownQuery) | 'reject' (422)
	webhookMeta: true, // include `meta: {attempt, delivered_to}` in simulated events
	emitOnActions: false, // end/kick through the API also send session.ended/participant.left
	compositionCompleteMs: null, // auto-complete created compositions after this delay
	downloadBytes: 16384, // size of each download body (streamed: any size, never held whole)
	bulkDelete: 'all', // bulk DELETE /room_recordings: 'all' matches | 'page' (one page of them per call)
	listChurn: null, // { rate, at: 'head'|'tail'|'both', deleteRate?, seed?, paths? } records added/removed between list reads
	maxLog: 50000, // request log cap (oldest dropped)
});

class Sandbox {
	constructor(opts = {}) {
		this.apiKey = opts.apiKey ?? 'KEY_TEST';
		this.keys = makeKeys(opts.privateKey);
		this.publicKey = this.keys.publicKeyB64;
		this._prngSeed = opts.prngSeed ?? 1;
		this._startConfig = pickConfig(opts);
		this.store = new Store();
		this.faults = new FaultInjector();
		this.simulate = createSimulator(this);
		this._timers = new Set();
		this._inFlight = 0;
		this.url = null;
		this.port = null;
		this._resetState();
	}

	_resetState() {
		this.store.clear();
		this.requests = [];
		this.deliveries = [];
		this.prng = createPrng(this._prngSeed);
		this.counters = { room: 0 };
		this.churnLog = [];
		this.stats = { requests: 0, byStatus: {}, faultsInjected: 0, rateLimited: 0, concurrentPeak: 0 };
		this.faults.clear();
		this.limiter = null;
		for (const t of this._timers) clearTimeout(t);
		this._timers.clear();
		this.config = { ...DEFAULT_CONFIG };
		this.churn = null;
		this.configure(this._startConfig);
	}

	_logRequest(entry) {
		this.requests.push(entry);
		const max = this.config.maxLog;
		if (this.requests.length > max + 1000) this.requests.splice(0, this.requests.length - max);
	}

	// ---- public API -------------------------------------------------------------------
	seed(spec = {}) {
		if (spec.prngSeed !== undefined) this.prng = createPrng(spec.prngSeed);
		return seedStore(this, spec);
	}

	reset() { this._resetState(); }

	clearRequests() { this.requests = []; }

	configure(partial = {}) {
		for (const k of Object.keys(partial)) {
			if (!(k in DEFAULT_CONFIG)) throw new Error(`unknown sandbox config key "${k}"`);
		}
		Object.assign(this.config, partial);
		if ('rateLimit' in partial) this.limiter = partial.rateLimit ? new RateLimiter(partial.rateLimit) : null;
		if ('faults' in partial) this.faults.configure(partial.faults);
		if (!['spec', 'errors'].includes(this.config.errorStyle)) throw new Error('errorStyle must be "spec" or "errors"');
		if (!['all', 'page'].includes(this.config.bulkDelete)) throw new Error('bulkDelete must be "all" or "page"');
		if ('listChurn' in partial) this.churn = partial.listChurn ? createChurn(partial.listChurn) : null;
		return { ...this.config };
	}

	// failNext(n, kind, { path?, method?, phase?: 'before'|'after', stallMs?, headers? })
	// path: exact ('/rooms', '/v2/rooms'), prefix ('/rooms/*') or RegExp.
	failNext(n, kind, opts = {}) { this.faults.failNext(n, kind, opts); }

	signEvent(rawBody, opts = {}) { return signEvent(this.keys, rawBody, opts); }

	makeEvent(type, payloadOverrides = {}) { return makeEvent(type, payloadOverrides, { meta: this.config.webhookMeta }); }

	// -> { status, body, url, error?, raw, signature, timestamp, headers }
	deliverEvent(url, eventOrRaw, opts = {}) { return deliver(this.keys, url, eventOrRaw, opts); }

	// ---- store mutations used by handlers (so emitOnActions can hook in) ---------------
	endSession(s, at, reason) {
		const left = act.endSession(this, s, at, reason);
		if (this.config.emitOnActions) {
			const fire = async () => {
				for (const p of left) await this._emitLeft(p);
				const { deliverTo } = require('./simulate');
				const room = this.store.rooms.get(s.room_id);
				await deliverTo(this, roomTarget(room), this.makeEvent('session.ended', {
					room_id: s.room_id, session_id: s.id, duration_secs: act.secsBetween(s.created_at, s.ended_at), ended_reason: reason,
				}));
			};
			fire().catch(() => {});
		}
		return left;
	}

	participantLeave(p, at, reason) {
		const changed = act.participantLeave(this, p, at, reason);
		if (changed && this.config.emitOnActions) this._emitLeft(p).catch(() => {});
		return changed;
	}

	async _emitLeft(p) {
		const { deliverTo } = require('./simulate');
		const s = this.store.sessions.get(p.session_id);
		const room = s && this.store.rooms.get(s.room_id);
		return deliverTo(this, roomTarget(room), this.makeEvent('participant.left', {
			room_id: s && s.room_id, session_id: p.session_id, participant_id: p.id, context: p.context,
			duration_secs: act.secsBetween(p.joined_at, p.left_at), left_reason: p._left_reason || 'left',
		}));
	}

	scheduleCompositionCompletion(id) {
		const ms = this.config.compositionCompleteMs;
		if (ms === null || ms === undefined) return;
		const t = setTimeout(() => {
			this._timers.delete(t);
			if (this.store.compositions.has(id)) this.simulate.compositionCompleted(id).catch(() => {});
		}, ms);
		t.unref();
		this._timers.add(t);
	}

	// ---- lifecycle ---------------------------------------------------------------------
	listen(port = 0, host = '127.0.0.1') {
		this.server = http.createServer({ keepAlive: true }, createRequestHandler(this));
		this.server.keepAliveTimeout = 30000; // longer than typical client agents' idle timeout
		this.server.headersTimeout = 35000;
		return new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => {
				this.server.off('error', reject);
				this.port = this.server.address().port;
				const h = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
				this.url = `http://${h.includes(':') ? `[${h}]` : h}:${this.port}`;
				resolve(this);
			});
		});
	}

	close() {
		for (const t of this._timers) clearTimeout(t);
		this._timers.clear();
		if (!this.server) return Promise.resolve();
		return new Promise((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections(); // also drops keep-alive and stalled sockets
		});
	}
}

const roomTarget = (room) => (room ? { url: room.webhook_event_url, failover: room.webhook_event_failover_url, timeoutSecs: room.webhook_timeout_secs } : {});

function pickConfig(opts) {
	const c = {};
	for (const k of Object.keys(DEFAULT_CONFIG)) if (opts[k] !== undefined) c[k] = opts[k];
	return c;
}

// opts: { port=0, host='127.0.0.1', apiKey='KEY_TEST', seed?: {...}, privateKey?, prngSeed=1,
//         ...any DEFAULT_CONFIG key }
async function startSandbox(opts = {}) {
	const sb = new Sandbox(opts);
	await sb.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
	if (opts.seed) sb.seed(opts.seed);
	return sb;
}

module.exports = { startSandbox, Sandbox, DEFAULT_CONFIG };
