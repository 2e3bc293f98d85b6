'use strict';
// Which n8n process made an API call? A small HTTP proxy in front of the Prism proxy looks up
// the client's TCP connection in /proc (the socket's inode, then the process holding it) and
// records every request with the label of the process that sent it ('main', 'worker-1', ...).
// Linux only; we run as the same user as n8n (or root), so /proc/<pid>/fd is readable.

const fs = require('fs');
const http = require('http');

/** The inode of the IPv4/IPv6 TCP socket whose local end is 127.0.0.1:<port>. */
function socketInode(port) {
	const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
	for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let text;
		try {
			text = fs.readFileSync(table, 'utf8');
		} catch {
			continue;
		}
		for (const line of text.split('\n').slice(1)) {
			const cols = line.trim().split(/\s+/);
			if (cols.length < 10) continue;
			const [, localPort] = cols[1].split(':');
			if (localPort === hexPort && cols[9] !== '0') return cols[9];
		}
	}
	return undefined;
}

/** Does process `pid` hold socket `inode`? */
function holdsSocket(pid, inode) {
	const target = `socket:[${inode}]`;
	let fds;
	try {
		fds = fs.readdirSync(`/proc/${pid}/fd`);
	} catch {
		return false;
	}
	for (const fd of fds) {
		try {
			if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`) === target) return true;
		} catch {
			// closed meanwhile
		}
	}
	return false;
}

/**
 * Starts the proxy. `processes()` returns the current [{ label, pid }] to attribute requests to.
 * Resolves { url, requests, clear(), close() }; each request is { method, path, query, origin, at }
 * with origin a label or 'unknown'.
 */
async function startOriginProxy({ upstream, processes }) {
	const target = new URL(upstream);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const requests = [];
	const originOf = (socket) => {
		if (socket.originLabel) return socket.originLabel;
		const inode = socketInode(socket.remotePort);
		let label = 'unknown';
		if (inode) {
			for (const p of processes()) {
				if (holdsSocket(p.pid, inode)) {
					label = p.label;
					break;
				}
			}
		}
		socket.originLabel = label; // keep-alive: one lookup per connection
		return label;
	};
	const server = http.createServer((req, res) => {
		const origin = originOf(req.socket);
		const url = new URL(req.url, 'http://x');
		const pathOnly = url.pathname.replace(/^\/v2(?=\/)/, '');
		requests.push({ method: req.method, path: pathOnly, query: Object.fromEntries(url.searchParams), origin, at: Date.now() });
		const up = http.request(
			{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host }, agent },
			(pres) => {
				res.writeHead(pres.statusCode, pres.headers);
				pres.pipe(res);
			},
		);
		up.on('error', (e) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`origin proxy: ${e.message}`);
		});
		req.pipe(up);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		requests,
		clear: () => requests.splice(0),
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
				agent.destroy();
			}),
	};
}

/** { label: count } of requests, optionally filtered. */
function countByOrigin(requests, filter = () => true) {
	const counts = {};
	for (const r of requests.filter(filter)) counts[r.origin] = (counts[r.origin] || 0) + 1;
	return counts;
}

module.exports = { startOriginProxy, countByOrigin, socketInode, holdsSocket };
