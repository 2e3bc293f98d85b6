'use strict';
/*
 * The sandbox in its own process (so its CPU does not share the client's event loop, as with a
 * real remote API), driven over IPC by bench/lib/sandbox-client.js.
 *
 * Messages in:  { id, cmd: 'configure' | 'stats' | 'resetStats' | 'ids' | 'usage', arg }
 * Messages out: { id, ok, value | error }   plus one { ready: { url } } at start.
 */
const path = require('node:path');

const { startSandbox } = require(path.join(__dirname, '..', '..', 'test', 'sandbox'));
const { listenHttps } = require(path.join(__dirname, '..', '..', 'test', 'sandbox', 'https'));

function freshStats() {
	return { requests: 0, byStatus: {}, faultsInjected: 0, rateLimited: 0, concurrentPeak: 0 };
}

async function main() {
	const opts = JSON.parse(process.argv[2] || '{}');
	const sb = await startSandbox({ apiKey: opts.apiKey, latencyMs: opts.latencyMs ?? 0, seed: opts.seed, maxLog: 0 });
	// opts.tls = { key, cert }: also serve HTTPS (the WAN model puts its proxy in front of it)
	const secure = opts.tls ? await listenHttps(sb, opts.tls) : undefined;
	let cpuMark = process.cpuUsage();
	process.on('message', (msg) => {
		const reply = (value) => process.send({ id: msg.id, ok: true, value });
		try {
			switch (msg.cmd) {
				case 'configure':
					return reply(sb.configure(msg.arg));
				case 'stats':
					return reply({ ...sb.stats, byStatus: { ...sb.stats.byStatus } });
				case 'resetStats':
					// the request log is not needed (maxLog 0) and stats restart for each measured run
					sb.requests = [];
					sb.stats = freshStats();
					cpuMark = process.cpuUsage();
					return reply(true);
				case 'usage': {
					// CPU the sandbox spent since the last resetStats, in ms
					const u = process.cpuUsage(cpuMark);
					return reply({ cpuMs: (u.user + u.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 });
				}
				case 'requests':
					// timeline of the logged requests (at most the last 1,000): start, duration, status, page
					return reply(
						sb.requests.map((r) => ({
							at: Date.parse(r.at),
							ms: r.durationMs,
							status: r.status,
							page: r.query && r.query['page[number]'],
						})),
					);
				case 'ids': {
					const n = msg.arg ?? Infinity;
					return reply([...sb.store.recordings.keys()].slice(0, n));
				}
				default:
					throw new Error(`unknown command ${msg.cmd}`);
			}
		} catch (error) {
			process.send({ id: msg.id, ok: false, error: String(error && error.message) });
		}
	});
	process.on('disconnect', () => Promise.all([sb.close(), secure && secure.close()]).then(() => process.exit(0)));
	process.send({ ready: { url: sb.url, httpsPort: secure && secure.port } });
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
