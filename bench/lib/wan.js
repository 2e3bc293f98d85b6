'use strict';
/*
 * The WAN model (issue #15): the sandbox over HTTPS (certificate made at run time, trusted by the
 * client processes through NODE_EXTRA_CA_CERTS) behind bench/lib/wan-proxy.js, which delays every
 * segment by RTT/2 each way, so TCP set-up and TLS handshakes cost their round trips. The injected
 * server latency is 0 here: the network is the only wait.
 *
 * For each RTT: Return All of `records` (ours at page concurrency 1, 8, 16 and the default; the SDK
 * auto-pager at page[size] 250 with keep-alive; the connection-per-request floor = bare node:https,
 * keepAlive false, same strategy) and `items` per-item Gets (ours at 8, 16 and the default; the
 * floor at the default). The two one-at-a-time baselines (ours at concurrency 1, the SDK looping
 * over its items) take 3 RTT resp. 1 RTT per item, so they run on `serialItems` items on their own
 * sandbox + proxy while the rest runs, and are scaled to `items` (the time per item is constant).
 * Every run of every configuration counts the connections opened at the proxy.
 */
const os = require('node:os');

const { makeTestCertificate } = require('../../test/sandbox/https');
const { startSandboxProcess } = require('./sandbox-client');
const { startWanProxy } = require('./wan-proxy');

const PAGE_SIZE = 250;
const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const listLimit = (rtt, n, c) => rtt * (1 + Math.ceil((Math.ceil(n / PAGE_SIZE) - 1) / c));
const itemsLimit = (rtt, n, c) => Math.ceil(n / c) * rtt;
const load1 = () => Number(os.loadavg()[0].toFixed(2));

const LIST = { resource: 'roomRecording', operation: 'getAll', returnAll: true };
const GET = { resource: 'roomRecording', operation: 'get', roomRecordingId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } };

/**
 * @param {object} o
 * @param {number[]} o.rtts  @param {number} o.runs  @param {number} o.records  @param {number} o.items
 * @param {number} o.serialItems  @param {string} o.buildDir  @param {(label: string, env?: object) => any} o.startWorker
 * @param {(...a: string[]) => void} o.log  @param {boolean} o.warmUp
 */
async function runWan(o) {
	const { rtts, runs, records, items, serialItems, buildDir, startWorker, log } = o;
	const tls = makeTestCertificate();
	const env = { ...process.env, NODE_EXTRA_CA_CERTS: tls.caFile };
	const seed = { rooms: 20, sessionsPerRoom: 5, participantsPerSession: 4, recordings: records, compositions: 10 };
	const sbOpts = { apiKey: 'KEY_bench', latencyMs: 0, seed, tls: { key: tls.key, cert: tls.cert } };
	const [sb, sbSerial] = await Promise.all([startSandboxProcess(sbOpts), startSandboxProcess({ ...sbOpts, seed: { ...seed, recordings: Math.max(serialItems, 1) } })]);
	const proxy = await startWanProxy({ targetPort: sb.httpsPort, rttMs: rtts[0] });
	const serialProxy = await startWanProxy({ targetPort: sbSerial.httpsPort, rttMs: rtts[0] });
	const url = proxy.url('https');
	const serialUrl = serialProxy.url('https');

	const ours = startWorker('wan-ours', env);
	const other = startWorker('wan-sdk-floor', env);
	const serialOurs = startWorker('wan-serial-ours', env);
	const serialSdk = startWorker('wan-serial-sdk', env);
	const loaded = await ours.call('load', { buildDir });
	await serialOurs.call('load', { buildDir });
	await other.call('load', { sdk: true });
	await serialSdk.call('load', { sdk: true });
	const defaults = { pageConcurrency: loaded.defaults.pageConcurrency, concurrency: loaded.defaults.concurrency };
	const ids = await sb.ids(items);
	const serialIds = await sbSerial.ids(serialItems);
	await ours.call('setInput', { name: 'ids', ids });
	await other.call('setInput', { name: 'ids', ids });
	await serialOurs.call('setInput', { name: 'ids', ids: serialIds });
	await serialSdk.call('setInput', { name: 'ids', ids: serialIds });

	const withOptions = (parameters, options) => ({ ...parameters, options });
	const pcs = [...new Set([1, 8, 16, defaults.pageConcurrency, ...(o.extraPageConcurrency || [])])].sort((a, b) => a - b);
	const ics = [...new Set([8, 16, defaults.concurrency, ...(o.extraConcurrency || [])])].sort((a, b) => a - b);
	const floorPcs = [...new Set([8, 16, defaults.pageConcurrency])].sort((a, b) => a - b);

	const listConfigs = [
		...pcs.map((c) => [`list.ours.pc${c}`, { label: `ours, page concurrency ${c}${c === defaults.pageConcurrency ? ' (default)' : ''}`, c, kind: 'ours' }, () => ours.call('ours', { url, parameters: withOptions(LIST, { pageConcurrency: c }) })]),
		['list.sdk.250', { label: 'SDK auto-pager, page[size]=250, keep-alive', c: 1, kind: 'sdk' }, () => other.call('sdk', { url, pageSize: PAGE_SIZE })],
		...floorPcs.map((c) => [`list.floor.pc${c}`, { label: `floor: bare node:https, conn/request, C=${c}`, c, kind: 'floor' }, () => other.call('rawPager', { url, concurrency: c, keepAlive: false })]),
	];
	const itemConfigs = [
		...ics.map((c) => [`items.ours.c${c}`, { label: `ours, concurrency ${c}${c === defaults.concurrency ? ' (default)' : ''}`, c, kind: 'ours' }, () => ours.call('ours', { url, parameters: withOptions(GET, { concurrency: c }), input: 'ids' })]),
		[`items.floor.c${defaults.concurrency}`, { label: `floor: bare node:https, conn/request, C=${defaults.concurrency}`, c: defaults.concurrency, kind: 'floor' }, () => other.call('rawGets', { url, input: 'ids', concurrency: defaults.concurrency, keepAlive: false })],
	];
	const scale = items / serialItems;
	const serialConfigs = [
		['items.ours.c1', { label: `ours, concurrency 1 (${serialItems} items ×${scale})`, c: 1, kind: 'ours', scale }, () => serialOurs.call('ours', { url: serialUrl, parameters: withOptions(GET, { concurrency: 1 }), input: 'ids' })],
		['items.sdk.seq', { label: `SDK, one Get after another, keep-alive (${serialItems} items ×${scale})`, c: 1, kind: 'sdk', scale }, () => serialSdk.call('sdkGets', { url: serialUrl, input: 'ids' })],
	];

	const results = {}; // rtt -> key -> { meta, runs: [] }
	const measure = async (px, rtt, key, meta, fn, expect) => {
		// every run starts cold: no connection kept from the run before (the SDK's pool would keep one)
		px.dropConnections();
		await new Promise((resolve) => setTimeout(resolve, 30));
		px.resetStats();
		const v = await fn();
		const st = px.stats();
		const run = { ms: v.ms * (meta?.scale ?? 1), measuredMs: v.ms, items: v.items, complete: !v.error && v.items === expect && !v.failed, error: v.error, connections: st.connections, clientCpuMs: v.clientCpuMs, load1: load1() };
		if (key) ((results[rtt] ??= {})[key] ??= { ...meta, runs: [] }).runs.push(run);
		log(`  ${String(rtt).padStart(3)} ms ${(key || 'warm-up').padEnd(22)} ${run.ms.toFixed(0).padStart(7)} ms  ${String(st.connections).padStart(5)} conn  items ${v.items}${v.error ? ` ERROR ${v.error.split('\n')[0]}` : ''}`);
		return run;
	};

	const loadAvg = { start: os.loadavg().map((x) => Number(x.toFixed(2))) };
	if (o.warmUp !== false) {
		log('\nWAN: warm-up (JIT, first handshakes)');
		for (const [, , fn] of listConfigs) await measure(proxy, rtts[0], null, null, fn, records);
		await measure(proxy, rtts[0], null, null, () => ours.call('ours', { url, parameters: GET, input: 'ids', limit: 50 }), 50);
		await measure(proxy, rtts[0], null, null, () => other.call('rawGets', { url, input: 'ids', limit: 50, concurrency: 8 }), 50);
		await measure(serialProxy, rtts[0], null, null, () => serialOurs.call('ours', { url: serialUrl, parameters: GET, input: 'ids', limit: 10 }), 10);
		await measure(serialProxy, rtts[0], null, null, () => serialSdk.call('sdkGets', { url: serialUrl, input: 'ids', limit: 10 }), 10);
	}
	for (const rtt of rtts) {
		proxy.setRtt(rtt);
		serialProxy.setRtt(rtt);
		log(`\nWAN at RTT ${rtt} ms (load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}): Return All of ${records}, ${items} per-item Gets; ${runs} runs, interleaved`);
		// the one-at-a-time baselines: own sandbox + proxy, alongside (one request in flight, little CPU)
		const serialDone = (async () => {
			for (let r = 0; r < runs; r++) for (const [key, meta, fn] of serialConfigs) await measure(serialProxy, rtt, key, meta, fn, serialItems);
		})();
		for (let r = 0; r < runs; r++) {
			for (const [key, meta, fn] of listConfigs) await measure(proxy, rtt, key, meta, fn, records);
			for (const [key, meta, fn] of itemConfigs) await measure(proxy, rtt, key, meta, fn, items);
		}
		await serialDone;
	}
	loadAvg.end = os.loadavg().map((x) => Number(x.toFixed(2)));

	await Promise.all([ours, other, serialOurs, serialSdk].map((w) => w.close()));
	await Promise.all([proxy.close(), serialProxy.close(), sb.close(), sbSerial.close()]);
	require('node:fs').rmSync(tls.dir, { recursive: true, force: true });
	return report({ results, rtts, records, items, serialItems, defaults, loadAvg, floorPcs });
}

function report({ results, rtts, records, items, serialItems, defaults, loadAvg }) {
	const out = [];
	const summary = { rtts, records, items, serial_items: serialItems, defaults, load_avg: loadAvg, by_rtt: {} };
	const fmt = (x, d = 0) => (x === undefined || Number.isNaN(x) ? '' : x.toFixed(d));
	for (const rtt of rtts) {
		const r = results[rtt] || {};
		const s = (key) => {
			const e = r[key];
			if (!e) return undefined;
			const ms = e.runs.map((x) => x.ms);
			return { ...e, minMs: Math.min(...ms), medianMs: median(ms), connections: median(e.runs.map((x) => x.connections)), incomplete: e.runs.filter((x) => !x.complete).length, load1: median(e.runs.map((x) => x.load1)) };
		};
		const rows = [];
		const by = {};
		const add = (scenario, key, limit, floorKey) => {
			const x = s(key);
			if (!x) return;
			const floor = floorKey ? s(floorKey) : undefined;
			by[key] = { min_ms: Math.round(x.minMs), median_ms: Math.round(x.medianMs), connections: x.connections, keep_alive_limit_ms: limit, vs_limit: limit ? Number((x.medianMs / limit).toFixed(2)) : undefined, vs_floor: floor ? Number((x.medianMs / floor.medianMs).toFixed(2)) : undefined, incomplete_runs: x.incomplete, runs: x.runs.length };
			rows.push([scenario, x.label, fmt(x.connections), fmt(x.minMs), fmt(x.medianMs), fmt(limit), limit ? `${(x.medianMs / limit).toFixed(2)}×` : '', floor ? `${(x.medianMs / floor.medianMs).toFixed(2)}×` : '', `${x.incomplete}/${x.runs.length}`]);
		};
		for (const key of Object.keys(r).filter((k) => k.startsWith('list.'))) {
			const e = r[key];
			const floorKey = e.kind === 'ours' && r[`list.floor.pc${e.c}`] ? `list.floor.pc${e.c}` : undefined;
			add('Return All', key, listLimit(rtt, records, e.c), floorKey);
		}
		for (const key of Object.keys(r).filter((k) => k.startsWith('items.'))) {
			const e = r[key];
			const floorKey = e.kind === 'ours' && r[`items.floor.c${e.c}`] ? `items.floor.c${e.c}` : undefined;
			add('Gets', key, itemsLimit(rtt, items, e.c), floorKey);
		}
		summary.by_rtt[rtt] = by;
		const header = ['', 'configuration', 'conns', 'min ms', 'median ms', 'keep-alive limit', 'med/limit', 'vs floor', 'failed'];
		const widths = header.map((h, i) => Math.max(h.length, ...rows.map((l) => l[i].length)));
		const pad = (cells) => cells.map((c, i) => (i === 1 || i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' │ ');
		out.push('');
		out.push(`WAN model, RTT ${rtt} ms (HTTPS through the delaying proxy; load avg ${loadAvg.start.join(' ')} → ${loadAvg.end.join(' ')})`);
		out.push(pad(header));
		out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
		for (const row of rows) out.push(pad(row));
	}
	out.push(`  keep-alive limit: Return All RTT × (1 + ⌈(P−1)/C⌉), Gets ⌈N/C⌉ × RTT; floor: same strategy on bare node:https with a new connection per request (what n8n's helpers allow); one-at-a-time Gets measured on ${serialItems} items and scaled to ${items}`);
	return { summary, lines: out, results };
}

module.exports = { runWan };
