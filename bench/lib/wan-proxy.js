'use strict';
/*
 * A TCP proxy on 127.0.0.1 that behaves like a WAN link of a given round-trip time: every segment
 * is held for RTT/2 in each direction (order kept per direction), and a new connection pays the
 * TCP handshake: the client's first bytes reach the server no earlier than 1.5 RTT after the
 * connect, as SYN, SYN-ACK, then data would on a real network. TLS runs end to end through it, so
 * a TLS 1.3 handshake costs its round trip too: a request on a fresh connection takes 3 RTT, on a
 * kept-alive one 1 RTT. Not modelled: bandwidth, loss, TCP slow start (which would make fresh
 * connections slower still for large bodies).
 *
 *   const proxy = await startWanProxy({ targetPort, rttMs: 50 });
 *   proxy.url('https')  // https://127.0.0.1:<port>
 *   proxy.stats()       // { connections, bytesUp, bytesDown }
 *   proxy.resetStats(); proxy.dropConnections(); proxy.setRtt(150); await proxy.close();
 */
const net = require('node:net');

/** Forwards src → dst, each chunk `delayOf(now)` ms later, in order; FIN and resets follow the data. */
function pipeDelayed(src, dst, delayOf, onBytes) {
	const queue = [];
	let timer = null;
	const flush = () => {
		timer = null;
		const now = performance.now();
		while (queue.length && queue[0].due <= now + 0.5) {
			const { chunk } = queue.shift();
			if (chunk === 'end') dst.end();
			else if (chunk === 'destroy') dst.destroy();
			else if (!dst.destroyed) dst.write(chunk);
		}
		if (queue.length) timer = setTimeout(flush, queue[0].due - now);
	};
	const push = (chunk) => {
		const now = performance.now();
		// a constant delay keeps order; max() keeps it even if the delay shrinks mid-connection
		const due = Math.max(now + delayOf(now), queue.length ? queue[queue.length - 1].due : 0);
		queue.push({ due, chunk });
		if (!timer) timer = setTimeout(flush, due - now);
	};
	src.on('data', (chunk) => {
		onBytes(chunk.length);
		push(chunk);
	});
	src.on('end', () => push('end'));
	src.on('error', () => push('destroy'));
	src.on('close', (hadError) => {
		if (hadError) push('destroy');
	});
}

async function startWanProxy({ targetPort, targetHost = '127.0.0.1', rttMs = 50 }) {
	let rtt = rttMs;
	let stats = { connections: 0, bytesUp: 0, bytesDown: 0 };
	const sockets = new Set();
	const server = net.createServer((client) => {
		stats.connections++;
		const acceptedAt = performance.now();
		const connRtt = rtt;
		client.setNoDelay(true);
		const upstream = net.connect({ port: targetPort, host: targetHost });
		upstream.setNoDelay(true);
		for (const s of [client, upstream]) {
			sockets.add(s);
			s.on('close', () => sockets.delete(s));
			s.on('error', () => {});
		}
		// client → server: not before the handshake's round trip, then half a round trip
		pipeDelayed(client, upstream, (now) => Math.max(now, acceptedAt + connRtt) - now + connRtt / 2, (n) => (stats.bytesUp += n));
		// server → client: half a round trip
		pipeDelayed(upstream, client, () => connRtt / 2, (n) => (stats.bytesDown += n));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', resolve);
	});
	const port = server.address().port;
	return {
		port,
		url: (scheme = 'https') => `${scheme}://127.0.0.1:${port}`,
		rttMs: () => rtt,
		setRtt: (ms) => {
			rtt = ms;
		},
		stats: () => ({ ...stats }),
		/** Closes every open connection (between runs: each run starts cold, as after an idle spell). */
		dropConnections: () => {
			for (const s of sockets) s.destroy();
		},
		resetStats: () => {
			stats = { connections: 0, bytesUp: 0, bytesDown: 0 };
		},
		close: () =>
			new Promise((resolve) => {
				for (const s of sockets) s.destroy();
				server.close(() => resolve());
			}),
	};
}

module.exports = { startWanProxy };
