'use strict';
// A loopback HTTP server collecting what workflows POST to it.

const http = require('http');
const { waitFor } = require('./n8n-process');

/**
 * Resolves { url, port, requests, waitFor(n, timeoutMs), clear(), close() }; each request is
 * { method, url, headers, body (parsed JSON or text), bytes (Buffer) }.
 */
async function startSink() {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const bytes = Buffer.concat(chunks);
			const raw = bytes.toString('utf8');
			let body = raw;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				// keep the raw text
			}
			// `bytes`: the body exactly as received (binary uploads do not survive the utf8 text)
			requests.push({ method: req.method, url: req.url, headers: req.headers, body, bytes });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		requests,
		waitFor: (n = 1, timeoutMs = 30000) =>
			waitFor(() => requests.length >= n && requests.slice(0, n), { timeoutMs, what: `${n} request(s) at the sink` }),
		clear: () => requests.splice(0),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

module.exports = { startSink };
