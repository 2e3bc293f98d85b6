'use strict';
/*
 * Contract check: Prism 5.14.2 `proxy` validating requests AND responses against
 * test/spec/telnyx-video-openapi.json (its provenance: test/spec/README.md).
 *
 *   const { startPrismProxy } = require('./test/sandbox/prism');
 *   const p = await startPrismProxy({ upstream: sb.url });
 *   await fetch(`${p.url}/v2/rooms`, ...);   // '/v2' is optional, it is stripped
 *   expect(p.violations).toEqual([]);
 *   await p.close();
 *
 * How Prism 5.14.2 reports problems (verified by hand, see test/unit/sandbox.test.ts):
 *  - Every violation of a forwarded request/response goes into an `sl-violations` response
 *    header: a JSON array of { location: ['request'|'response', ...], severity, code, message }.
 *  - With --errors, a response violation of severity Error replaces the upstream answer by
 *    500 application/problem+json, type https://stoplight.io/prism/errors#VIOLATIONS.
 *  - A request violation is answered by Prism itself (never forwarded): 422 problem+json,
 *    type ...#UNPROCESSABLE_ENTITY, details in body.validation (no sl-violations header);
 *    a missing Bearer header gives 401 ...#UNAUTHORIZED; unknown path/method 404/405
 *    ...#NO_PATH_MATCHED_ERROR / #NO_METHOD_MATCHED_ERROR.
 *  - Its log output (even with -v debug or -m) carries no violation details, only
 *    "Request terminated with error: ...#VIOLATIONS", so it is useless for collecting them.
 * So the helper puts a small recording proxy in front of Prism: `url` is that recorder
 * (it strips an optional /v2 prefix, since Prism serves the spec's paths without it),
 * it forwards everything to Prism unchanged and records every violation it sees in
 * `violations` ({ method, path, status, phase, location, severity, code, message }).
 *
 * What Prism checks: query values (deepObject brackets at any depth: date formats,
 * integer/boolean types, uuid format, enums, page[size] 1-250), path params (uuid),
 * body types/min/max/uri format/oneOf/required/required body/content type, presence of the
 * Bearer header (not its value); responses: status declared, body schema incl. formats
 * (uuid, date-time, uri: "" fails `format: uri`), content type.
 * What it does NOT check: unknown or misspelled query keys (filter[unique_nam], page=5),
 * unknown body properties (no additionalProperties:false in the spec), the key's value,
 * response headers it does not declare (x-ratelimit-*), and whether the data are right.
 * Generic `4XX` responses ({message, success}) have no required fields, so any JSON
 * object passes there. Check query keys yourself (the sandbox logs them as unknownQuery).
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const path = require('node:path');

function findRepoRoot(start = __dirname) {
	let dir = start;
	for (;;) {
		const pkg = path.join(dir, 'package.json');
		if (fs.existsSync(pkg)) {
			try { if (JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'n8n-nodes-telnyx-video') return dir; } catch { /* keep looking */ }
		}
		const up = path.dirname(dir);
		if (up === dir) return path.resolve(__dirname, '..', '..');
		dir = up;
	}
}

const ROOT = findRepoRoot();
const SPEC = path.join(ROOT, 'test', 'spec', 'telnyx-video-openapi.json');

function prismEntry(explicit) {
	const candidates = [explicit, process.env.PRISM_CLI_JS, path.join(ROOT, 'node_modules/@stoplight/prism-cli/dist/index.js')];
	for (const c of candidates) if (c && fs.existsSync(c)) return c;
	try { return require.resolve('@stoplight/prism-cli/dist/index.js', { paths: [ROOT] }); } catch { return null; }
}

function freePort(host) {
	return new Promise((resolve, reject) => {
		const s = net.createServer();
		s.unref();
		s.on('error', reject);
		s.listen(0, host, () => { const { port } = s.address(); s.close(() => resolve(port)); });
	});
}

function canConnect(host, port) {
	return new Promise((resolve) => {
		const sock = net.connect({ host, port });
		sock.once('connect', () => { sock.destroy(); resolve(true); });
		sock.once('error', () => resolve(false));
	});
}

const PRISM_ERR = 'https://stoplight.io/prism/errors#';

function violationsFrom(status, headers, bodyText) {
	const out = [];
	const header = headers['sl-violations'];
	if (header) {
		try {
			for (const v of JSON.parse(header)) out.push({ phase: v.location && v.location[0], ...v });
		} catch {
			out.push({ phase: 'unknown', location: [], severity: 'Error', code: 'too-many', message: String(header).slice(0, 500) });
		}
		return out;
	}
	if (!String(headers['content-type'] || '').includes('application/problem+json')) return out;
	let body;
	try { body = JSON.parse(bodyText); } catch { return out; }
	if (!body || typeof body.type !== 'string' || !body.type.startsWith(PRISM_ERR)) return out;
	const kind = body.type.slice(PRISM_ERR.length);
	if (Array.isArray(body.validation) && body.validation.length) {
		for (const v of body.validation) out.push({ phase: kind === 'VIOLATIONS' ? 'response' : 'request', ...v });
	} else {
		out.push({ phase: kind === 'UNAUTHORIZED' || kind.startsWith('NO_') ? 'request' : 'proxy', location: [], severity: 'Error', code: kind, message: `${body.title}: ${body.detail || ''}`.trim() });
	}
	return out;
}

async function startPrismProxy(opts = {}) {
	if (!opts.upstream) throw new Error('startPrismProxy: upstream is required');
	const host = opts.host || '127.0.0.1';
	const spec = opts.spec || SPEC;
	const entry = prismEntry(opts.prismCliJs);
	if (!entry) throw new Error('startPrismProxy: @stoplight/prism-cli is not installed (node_modules/@stoplight/prism-cli)');
	if (!fs.existsSync(spec)) throw new Error(`startPrismProxy: spec not found at ${spec}`);
	const prismPort = await freePort(host);
	const args = [entry, 'proxy', spec, opts.upstream.replace(/\/v2\/?$/, ''), '--errors', '--host', host, '--port', String(prismPort)];
	// own process group, so close() can kill Prism and anything it forks in one go
	const child = spawn(process.execPath, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	const output = [];
	const keep = (d) => {
		for (const line of String(d).split('\n')) if (line) output.push(line);
		if (output.length > 500) output.splice(0, output.length - 500);
		if (opts.verbose) process.stderr.write(d);
	};
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	let exited = null;
	const exitPromise = new Promise((resolve) => child.once('exit', (code, sig) => { exited = { code, sig }; resolve(); }));
	const killGroup = (sig) => { try { process.kill(-child.pid, sig); } catch { /* gone */ } };
	const onProcessExit = () => killGroup('SIGKILL'); // never leak Prism if the runner exits early
	process.once('exit', onProcessExit);

	const deadline = Date.now() + (opts.startTimeoutMs || 60000);
	while (!(await canConnect(host, prismPort))) {
		if (exited || Date.now() > deadline) {
			killGroup('SIGKILL');
			process.removeListener('exit', onProcessExit);
			throw new Error(`Prism did not start (${exited ? `exit ${exited.code}` : 'timeout'}):\n${output.slice(-30).join('\n')}`);
		}
		await new Promise((r) => setTimeout(r, 100));
	}

	// --- recording front proxy ----------------------------------------------------------
	const violations = [];
	const exchanges = [];
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const front = http.createServer((req, res) => {
		const p = req.url.startsWith('/v2/') ? req.url.slice(3) : req.url === '/v2' ? '/' : req.url;
		const up = http.request({ host, port: prismPort, method: req.method, path: p, headers: { ...req.headers, host: `${host}:${prismPort}` }, agent }, (pres) => {
			const chunks = [];
			pres.on('data', (c) => chunks.push(c));
			pres.on('end', () => {
				const buf = Buffer.concat(chunks);
				const found = violationsFrom(pres.statusCode, pres.headers, buf.toString('utf8'));
				const pathOnly = p.split('?')[0];
				for (const v of found) violations.push({ method: req.method, path: pathOnly, url: p, status: pres.statusCode, ...v });
				exchanges.push({ method: req.method, url: p, status: pres.statusCode, violations: found.length });
				if (exchanges.length > 10000) exchanges.splice(0, 1000);
				const headers = { ...pres.headers };
				delete headers['transfer-encoding'];
				headers['content-length'] = String(buf.length);
				res.writeHead(pres.statusCode, headers);
				res.end(buf);
			});
			pres.on('error', () => res.destroy());
		});
		up.on('error', (e) => {
			violations.push({ method: req.method, path: p.split('?')[0], url: p, status: 0, phase: 'proxy', location: [], severity: 'Error', code: 'proxy-error', message: e.message });
			if (!res.headersSent) { res.writeHead(502, { 'content-type': 'text/plain' }); res.end(`prism proxy error: ${e.message}`); } else res.destroy();
		});
		req.pipe(up);
	});
	await new Promise((resolve, reject) => {
		front.once('error', reject);
		front.listen(opts.port || 0, host, resolve);
	});
	const url = `http://${host}:${front.address().port}`;

	let closed = false;
	async function close() {
		if (closed) return;
		closed = true;
		await new Promise((r) => { front.close(() => r()); front.closeAllConnections(); });
		agent.destroy();
		if (!exited) {
			killGroup('SIGTERM');
			const t = setTimeout(() => killGroup('SIGKILL'), 3000);
			await exitPromise;
			clearTimeout(t);
		}
		killGroup('SIGKILL'); // anything left in the group
		process.removeListener('exit', onProcessExit);
	}

	return {
		url, // recording front proxy (accepts /v2/... too)
		prismUrl: `http://${host}:${prismPort}`, // Prism itself (no recording)
		violations,
		exchanges,
		output, // last lines of Prism's own log
		pid: child.pid,
		clearViolations() { violations.length = 0; exchanges.length = 0; },
		close,
	};
}

module.exports = { startPrismProxy, violationsFrom, SPEC_PATH: SPEC, REPO_ROOT: ROOT };
