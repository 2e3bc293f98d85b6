'use strict';
// HTTP pipeline for API and download requests:
//   log -> latency -> (download: faults, serve) | route -> rate limit -> auth -> fault(before)
//   -> handler -> fault(after) | response
// The control API (/_sandbox/...) bypasses all of it (see control.js).
const { parseQuery, unknownKeys } = require('./query');
const { match } = require('./routes');
const { ApiError, errorBody, faultError, invalidParam } = require('./errors');
const { hostile } = require('./faults');
const { serveDownload } = require('./downloads');
const { handleControl } = require('./control');

const JSON_HEADERS = { 'content-type': 'application/json' };
const DEFAULT_STALL_MS = 10 * 60 * 1000;

function bearer(headers) {
	const h = headers.authorization;
	if (!h) return undefined;
	const m = /^Bearer\s+(.+)$/i.exec(h);
	return m ? m[1].trim() : '';
}

function createRequestHandler(sb) {
	return function onRequest(req, res) {
		const url = req.url || '/';
		const qi = url.indexOf('?');
		const path = qi < 0 ? url : url.slice(0, qi);
		const qs = qi < 0 ? '' : url.slice(qi + 1);
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = chunks.length ? Buffer.concat(chunks) : null;
			const p = path.startsWith('/_sandbox/') ? handleControl(sb, req, res, path, qs, raw) : handleApi(sb, req, res, path, qs, raw);
			p.catch((e) => {
				if (!res.headersSent && !res.destroyed) {
					res.writeHead(500, JSON_HEADERS);
					res.end(JSON.stringify({ errors: [{ code: '10007', title: 'Unexpected error', detail: `sandbox bug: ${e.message}` }] }));
				}
			});
		});
	};
}

async function handleApi(sb, req, res, rawPath, qs, rawBody) {
	const cfg = sb.config;
	const stats = sb.stats;
	const started = Date.now();
	const method = req.method;
	const path = rawPath === '/v2' ? '/' : rawPath.startsWith('/v2/') ? rawPath.slice(3) : rawPath;
	const isDownload = path.startsWith('/downloads/');
	const query = parseQuery(qs);
	let body;
	let bodyError;
	if (rawBody) {
		const text = rawBody.toString('utf8');
		try { body = JSON.parse(text); } catch (e) { body = text; bodyError = e.message; }
	}
	const entry = { method, path, query, headers: req.headers, body, status: null, at: new Date(started).toISOString() };
	if (isDownload) entry.download = true;
	sb._logRequest(entry);
	stats.requests++;
	sb._inFlight++;
	if (sb._inFlight > stats.concurrentPeak) stats.concurrentPeak = sb._inFlight;

	let done = false;
	let deadline = null;
	const count = (k) => { stats.byStatus[k] = (stats.byStatus[k] || 0) + 1; };
	res.on('close', () => {
		sb._inFlight--;
		if (deadline) clearTimeout(deadline);
		if (!done) { done = true; entry.status = 0; entry.fault = entry.fault || 'client-abort'; entry.durationMs = Date.now() - started; }
	});
	const send = (status, headers, payload) => {
		if (done || res.destroyed) return;
		done = true;
		entry.status = status;
		entry.durationMs = Date.now() - started;
		count(status);
		res.writeHead(status, headers);
		res.end(payload);
	};
	const destroy = (label) => {
		if (done) return;
		done = true;
		entry.status = 0;
		entry.fault = label;
		entry.durationMs = Date.now() - started;
		count(label);
		req.socket.destroy();
	};
	if (cfg.requestTimeoutMs) deadline = setTimeout(() => destroy('timeout'), cfg.requestTimeoutMs);

	const latency = (cfg.latencyMs || 0) + (cfg.latencyJitterMs ? Math.random() * cfg.latencyJitterMs : 0);
	if (latency > 0) await new Promise((r) => setTimeout(r, latency));
	if (done || res.destroyed) return;

	let route = null;
	let rlHeaders = null;
	const sendError = (err, extraHeaders) => {
		const shapes = route ? route.errorShapes : null;
		send(err.status, { ...JSON_HEADERS, ...rlHeaders, ...extraHeaders }, JSON.stringify(errorBody(err, shapes, cfg.errorStyle)));
	};
	// handler results: { status, body } or { status, raw } (pre-rendered JSON text)
	const sendResult = (r) => {
		if (r.raw !== undefined) send(r.status, { ...JSON_HEADERS, ...rlHeaders }, r.raw);
		else if (r.status === 204 || r.body === undefined) send(r.status, { ...rlHeaders }, undefined);
		else send(r.status, { ...JSON_HEADERS, ...rlHeaders }, JSON.stringify(r.body));
	};
	const applyFault = (f, result) => {
		stats.faultsInjected++;
		entry.fault = f.kind;
		if (f.kind === 'reset') return destroy('reset');
		if (f.kind === 'stall') {
			// hold the request, then drop it without an answer
			const t = setTimeout(() => { sb._timers.delete(t); destroy('stall'); }, f.stallMs ?? (cfg.faults && cfg.faults.stallMs) ?? DEFAULT_STALL_MS);
			t.unref();
			sb._timers.add(t);
			return undefined;
		}
		if (result && result.raw !== undefined && result.body === undefined) result.body = JSON.parse(result.raw);
		const h = hostile(f.kind, result);
		if (h) return send(h.status, { ...rlHeaders, ...h.headers, ...f.headers }, h.body);
		const status = Number(f.kind);
		const extra = status === 429 ? { 'x-ratelimit-limit': rlHeaders ? rlHeaders['x-ratelimit-limit'] : '0', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } : {};
		if (status === 429 && cfg.rateLimit && cfg.rateLimit.headers) {
			if (cfg.rateLimit.headers.retryAfter) extra['retry-after'] = '1';
			if (cfg.rateLimit.headers.retryAfterMs) extra['retry-after-ms'] = '1000';
		}
		return sendError(faultError(status), { ...extra, ...f.headers });
	};

	// --- downloads: presigned-style, no auth, no rate limit; only targeted failNext faults
	if (isDownload) {
		const f = sb.faults.pick(method, path, true);
		if (f) return applyFault(f, null);
		const d = serveDownload(sb, path);
		if (!d.body || typeof d.body.pipe !== 'function') return send(d.status, d.headers, method === 'HEAD' ? undefined : d.body);
		if (method === 'HEAD') { d.body.destroy(); return send(d.status, d.headers, undefined); }
		// A file: streamed with backpressure, never held whole (downloadBytes may be 1 GiB).
		if (done || res.destroyed) return d.body.destroy();
		done = true;
		entry.status = d.status;
		count(d.status);
		res.writeHead(d.status, d.headers);
		res.on('close', () => d.body.destroy());
		d.body.pipe(res);
		d.body.on('end', () => { entry.durationMs = Date.now() - started; });
		return undefined;
	}

	let matched;
	try { matched = match(method, path); } catch { matched = null; } // bad %-escapes
	route = matched && matched.route;

	if (sb.limiter) {
		const rl = sb.limiter.take();
		rlHeaders = rl.headers;
		if (!rl.ok) {
			stats.rateLimited++;
			return sendError(new ApiError(429, '10011', 'Too many requests', 'Rate limit exceeded. Please retry later.'));
		}
	}

	const auth = route ? route.auth : 'required';
	if (auth !== 'none') {
		const key = bearer(req.headers);
		const bad = auth === 'required' ? key !== sb.apiKey : key !== undefined && key !== sb.apiKey;
		if (bad) return sendError(new ApiError(401, '10009', 'Authentication failed', key === undefined ? 'Missing Authorization header (expected "Bearer <API key>")' : 'The API key provided is invalid'));
	}

	if (!matched) return sendError(new ApiError(404, '10005', 'Resource not found', `No route for ${method} ${path}`));
	if (matched.methodNotAllowed) return sendError(new ApiError(405, '10015', 'Method not allowed', `${method} is not supported on ${path}`));

	entry.operationId = route.operationId;
	const unknown = unknownKeys(query, route.query);
	if (unknown.length) {
		entry.unknownQuery = unknown;
		if (cfg.unknownQuery === 'reject') return sendError(invalidParam(unknown[0], `Unknown query parameter ${unknown[0]}`));
	}

	const fault = sb.faults.pick(method, path, false);
	if (fault && fault.phase === 'before') return applyFault(fault, null);

	let result;
	try {
		result = route.handler(sb, { params: matched.params, query, body, hasBody: !!rawBody, bodyError, headers: req.headers });
	} catch (e) {
		if (!(e instanceof ApiError)) e = new ApiError(500, '10007', 'Unexpected error', `sandbox handler failed: ${e.message}`);
		if (fault) return applyFault(fault, null);
		return sendError(e);
	}
	// A busy account: the list moves after each read (listChurn), before the next page is asked for.
	if (sb.churn && method === 'GET') sb.churn(sb, route.operationId, path);
	if (fault) return applyFault(fault, result);
	return sendResult(result);
}

module.exports = { createRequestHandler };
