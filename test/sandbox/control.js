'use strict';
// HTTP control API under /_sandbox/ for other processes (e2e n8n, benchmarks, CLI users).
// No auth, no latency, no faults, not in the request log.
const { parseQuery, last } = require('./query');
const { HTTP_ARGS } = require('./simulate');

function reply(res, status, body) {
	const s = JSON.stringify(body === undefined ? {} : body);
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(s);
}

function filterRequests(sb, q) {
	let out = sb.requests;
	const path = last(q.path);
	const method = last(q.method);
	const since = last(q.since); // ISO timestamp
	if (path) out = out.filter((r) => (path.endsWith('*') ? r.path.startsWith(path.slice(0, -1)) : r.path === path));
	if (method) out = out.filter((r) => r.method === method.toUpperCase());
	if (since) out = out.filter((r) => r.at >= since);
	const limit = last(q.limit);
	if (limit) out = out.slice(-Number(limit));
	return out;
}

const ROUTES = {
	'POST /_sandbox/seed': (sb, b) => ({ ids: sb.seed(b), counts: sb.store.counts() }),
	'POST /_sandbox/configure': (sb, b) => ({ config: sb.configure(b) }),
	'POST /_sandbox/fail-next': (sb, b) => {
		const { n = 1, kind, pathRegex, ...opts } = b;
		if (pathRegex) opts.path = new RegExp(pathRegex);
		sb.failNext(n, kind, opts);
		return { queued: sb.faults.queue.length };
	},
	'POST /_sandbox/reset': (sb) => { sb.reset(); return { ok: true }; },
	'GET /_sandbox/requests': (sb, b, q) => ({ data: filterRequests(sb, q) }),
	'DELETE /_sandbox/requests': (sb) => { sb.clearRequests(); return { ok: true }; },
	'GET /_sandbox/state': (sb, b, q) => (last(q.counts) === 'true'
		? { counts: sb.store.counts(), config: sb.config }
		: { counts: sb.store.counts(), config: sb.config, store: sb.store.toJSON() }),
	'GET /_sandbox/stats': (sb) => sb.stats,
	'GET /_sandbox/deliveries': (sb) => ({ data: sb.deliveries }),
	'GET /_sandbox/public-key': (sb) => ({ publicKey: sb.publicKey }),
	'POST /_sandbox/make-event': (sb, b) => sb.makeEvent(b.type, b.payload || {}),
	'POST /_sandbox/sign': (sb, b) => sb.signEvent(b.raw, { timestamp: b.timestamp }),
	'POST /_sandbox/deliver': async (sb, b) => {
		if (!b.url) throw new Error('url is required');
		const res = await sb.deliverEvent(b.url, b.raw !== undefined ? b.raw : b.event, { timestamp: b.timestamp, tamper: b.tamper, headers: b.headers, privateKey: b.privateKey });
		return { status: res.status, body: res.body, error: res.error, raw: res.raw, signature: res.signature, timestamp: res.timestamp };
	},
};

async function handleControl(sb, req, res, path, qs, raw) {
	let body = {};
	try {
		if (raw && raw.length) body = JSON.parse(raw.toString('utf8'));
	} catch (e) {
		return reply(res, 400, { error: `invalid JSON: ${e.message}` });
	}
	try {
		const sim = /^\/_sandbox\/simulate\/([A-Za-z]+)$/.exec(path);
		if (sim && req.method === 'POST') {
			const args = HTTP_ARGS[sim[1]];
			if (!args) return reply(res, 404, { error: `unknown simulation ${sim[1]}` });
			const r = await sb.simulate[sim[1]](...args(body || {}));
			return reply(res, 200, { status: r.status, body: r.body, url: r.url, error: r.error, skipped: r.skipped, event: r.event, record: r.record, attempts: r.attempts.map((a) => ({ url: a.url, status: a.status, error: a.error })) });
		}
		const fn = ROUTES[`${req.method} ${path}`];
		if (!fn) return reply(res, 404, { error: `unknown control endpoint ${req.method} ${path}` });
		return reply(res, 200, await fn(sb, body || {}, parseQuery(qs)));
	} catch (e) {
		return reply(res, 400, { error: e.message });
	}
}

module.exports = { handleControl };
