#!/usr/bin/env node
'use strict';
// Quick throughput check: starts the CLI sandbox in a child process (its own core) with
// 10,000 recordings and hammers it from here over keep-alive for a few seconds.
//   node test/sandbox/loadcheck.js [--seconds 5] [--concurrency 32] [--latency 0]
const http = require('node:http');
const { spawn } = require('node:child_process');
const path = require('node:path');

const { readFlags } = require('../../scripts/lib/args');

const { values: FLAGS } = readFlags({
	seconds: { type: 'number', default: 5 },
	concurrency: { type: 'number', default: 32 },
	latency: { type: 'number', default: 0 },
});
const SECONDS = FLAGS.seconds;
const CONCURRENCY = FLAGS.concurrency;
const LATENCY = FLAGS.latency;

async function main() {
	const child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), '--port', '0', '--rooms', '20', '--sessions-per-room', '5',
		'--participants-per-session', '4', '--recordings', '10000', '--compositions', '50', '--latency', String(LATENCY)], { stdio: ['ignore', 'pipe', 'inherit'] });
	const info = await new Promise((resolve) => {
		let buf = '';
		child.stdout.on('data', (d) => { buf += d; if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0])); });
	});
	const base = new URL(info.url);
	const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	const state = await fetch(`${info.url}/_sandbox/state`).then((r) => r.json());
	const rec = state.store.recordings;
	const paths = [
		'/v2/room_recordings?page[size]=20',
		'/v2/room_recordings?filter[date_started_at][gte]=2024-06-01&filter[type]=audio&page[size]=50&page[number]=3',
		`/v2/room_recordings?filter[session_id]=${rec[5].session_id}&page[size]=250`,
		`/v2/room_recordings/${rec[1234].id}`,
		'/v2/rooms?include_sessions=true',
		'/v2/room_sessions?filter[active]=true',
	];
	const lat = [];
	let n = 0;
	let errors = 0;
	const byPath = new Map();
	const end = Date.now() + SECONDS * 1000;
	const one = (p) => new Promise((resolve) => {
		const t0 = process.hrtime.bigint();
		const req = http.request({ host: base.hostname, port: base.port, path: p, agent, headers: { authorization: 'Bearer KEY_TEST' } }, (res) => {
			res.resume();
			res.on('end', () => {
				lat.push(Number(process.hrtime.bigint() - t0) / 1e6);
				if (res.statusCode !== 200) errors++;
				resolve();
			});
		});
		req.on('error', () => { errors++; resolve(); });
		req.end();
	});
	const worker = async (w) => {
		for (let i = w; Date.now() < end; i++) {
			const p = paths[i % paths.length];
			const t0 = Date.now();
			await one(p);
			const k = p.split('?')[0].replace(/[0-9a-f-]{36}/, ':id') + (p.includes('filter') ? '?filter' : '');
			const s = byPath.get(k) || { n: 0, ms: 0 };
			s.n++; s.ms += Date.now() - t0;
			byPath.set(k, s);
			n++;
		}
	};
	const t0 = Date.now();
	await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(i)));
	const secs = (Date.now() - t0) / 1000;
	lat.sort((a, b) => a - b);
	const pct = (q) => lat[Math.min(lat.length - 1, Math.floor(q * lat.length))].toFixed(2);
	const stats = await fetch(`${info.url}/_sandbox/stats`).then((r) => r.json());
	console.log(JSON.stringify({
		recordings: rec.length, concurrency: CONCURRENCY, latencyMs: LATENCY, seconds: secs, requests: n, errors,
		rps: Math.round(n / secs), p50ms: pct(0.5), p99ms: pct(0.99), serverPeakInFlight: stats.concurrentPeak,
	}));
	agent.destroy();
	child.kill('SIGTERM');
}

main().catch((e) => { console.error(e); process.exit(1); });
