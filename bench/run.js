#!/usr/bin/env node
'use strict';
/*
 * npm run bench [-- --latency 50 --runs 3 --patch my-change.patch --only 1,2,3]
 *
 * Return All and per-item throughput of the Telnyx Video node against the local sandbox with a
 * fixed injected latency, side by side with the official `telnyx` SDK and the round-trip limit.
 * Prints a table, then one JSON summary as the LAST line (also saved to bench/results/).
 * See bench/README.md for what is measured and how.
 */
const { execFileSync, fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const { ROOT, buildVariant, buildWorkingTree } = require('./lib/build');
const { startSandboxProcess } = require('./lib/sandbox-client');
const { runWan } = require('./lib/wan');
const { readFlags, list } = require('../scripts/lib/args');

/* ------------------------------------------------------------------------------------------ */
/*                                          Options                                           */
/* ------------------------------------------------------------------------------------------ */

const { values: FLAGS } = readFlags({
	latency: { type: 'number', env: 'BENCH_LATENCY_MS', default: 50 },
	runs: { type: 'number', env: 'BENCH_RUNS', default: 3 },
	records: { type: 'number', env: 'BENCH_RECORDS', default: 10_000 },
	items: { type: 'number', env: 'BENCH_ITEMS', default: 1000 },
	'rate-items': { type: 'number', env: 'BENCH_RATE_ITEMS', default: 100 },
	'rate-list': { type: 'number', env: 'BENCH_RATE_LIST', default: 10 },
	'rl-headers': { type: 'string', env: 'BENCH_RL_HEADERS', default: 'reset,retryAfter,retryAfterMs', hint: 'list' },
	patch: { type: 'string', env: 'BENCH_PATCH', hint: 'file' },
	only: { type: 'string', env: 'BENCH_ONLY', default: '1,2,3,wan', hint: 'list' },
	'wan-rtt': { type: 'string', env: 'BENCH_WAN_RTT', default: '20,50,150', hint: 'list' },
	'wan-runs': { type: 'number', env: 'BENCH_WAN_RUNS', default: 3 },
	'wan-items': { type: 'number', env: 'BENCH_WAN_ITEMS', default: 1000 },
	'wan-serial-items': { type: 'number', env: 'BENCH_WAN_SERIAL_ITEMS', default: 100 },
	'wan-extra-pc': { type: 'string', env: 'BENCH_WAN_EXTRA_PC', default: '', hint: 'list' },
	'wan-extra-ic': { type: 'string', env: 'BENCH_WAN_EXTRA_IC', default: '', hint: 'list' },
	'no-build': { type: 'boolean', default: false },
});

const OPTS = {
	latencyMs: FLAGS.latency,
	runs: Math.max(1, FLAGS.runs),
	records: FLAGS.records,
	items: FLAGS.items,
	rateItems: FLAGS['rate-items'],
	rateList: FLAGS['rate-list'],
	rlHeaders: String(FLAGS['rl-headers']).split(','),
	patch: FLAGS.patch,
	only: String(FLAGS.only).split(','),
	wanRtts: String(FLAGS['wan-rtt']).split(',').map(Number),
	wanRuns: Math.max(1, FLAGS['wan-runs']),
	wanItems: FLAGS['wan-items'],
	wanSerialItems: FLAGS['wan-serial-items'],
	wanExtraPc: list(FLAGS['wan-extra-pc']).map(Number),
	wanExtraIc: list(FLAGS['wan-extra-ic']).map(Number),
	build: !FLAGS['no-build'],
};
const PAGE_SIZE = 250;
const fastRunsOf = (runs) => Math.max(runs, 5);
const SDK_DEFAULT_PAGE_SIZE = 20; // the SDK sends no page[size]; the API's default applies
const HEADER_VARIANTS = {
	reset: { label: 'x-ratelimit-reset (s)', headers: {} },
	retryAfter: { label: 'retry-after (s)', headers: { retryAfter: true } },
	retryAfterMs: { label: 'retry-after-ms', headers: { retryAfterMs: true } },
};

const log = (...args) => process.stderr.write(`${args.join(' ')}\n`);

/* ------------------------------------------------------------------------------------------ */
/*                                       Child processes                                      */
/* ------------------------------------------------------------------------------------------ */

function startWorker(label, env = process.env) {
	const child = fork(path.join(__dirname, 'lib', 'worker.js'), [label], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const pending = new Map();
	let nextId = 1;
	child.on('message', (msg) => {
		const waiter = pending.get(msg.id);
		if (!waiter) return;
		pending.delete(msg.id);
		if (msg.ok) waiter.resolve(msg.value);
		else waiter.reject(new Error(`${label}: ${msg.error}`));
	});
	child.on('exit', (code) => {
		for (const waiter of pending.values()) waiter.reject(new Error(`${label} exited (${code})`));
		pending.clear();
	});
	return {
		call: (cmd, arg) =>
			new Promise((resolve, reject) => {
				const id = nextId++;
				pending.set(id, { resolve, reject });
				child.send({ id, cmd, arg });
			}),
		close: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', resolve);
				child.disconnect();
			}),
	};
}

/* ------------------------------------------------------------------------------------------ */
/*                                        Measurements                                        */
/* ------------------------------------------------------------------------------------------ */

const median = (xs) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = Math.floor(s.length / 2);
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const min = (xs) => Math.min(...xs);
const round = (x, digits = 0) => (x === undefined || Number.isNaN(x) ? undefined : Number(x.toFixed(digits)));

/** Results per configuration: { key: { runs: [...], meta } } */
const results = {};

function record(key, meta, run) {
	const entry = (results[key] ??= { ...meta, runs: [] });
	entry.runs.push(run);
	return run;
}

/** One measured run: resets the sandbox's counters, runs `fn`, and reads what the server saw. */
async function measure(sb, key, meta, fn, { expectItems } = {}) {
	await sb.resetStats();
	const value = await fn();
	const stats = await sb.stats();
	const usage = await sb.usage();
	const failed = (value.error ? 1 : 0) + (value.failed || 0);
	const run = {
		ms: value.ms,
		engineMs: value.engineMs,
		clientCpuMs: value.clientCpuMs,
		serverCpuMs: usage.cpuMs,
		items: value.items,
		complete: !value.error && (expectItems === undefined || value.items === expectItems),
		failed,
		error: value.error,
		requests: stats.requests,
		rateLimited: stats.byStatus['429'] || 0,
		concurrentPeak: stats.concurrentPeak,
	};
	if (key) record(key, meta, run);
	const note = run.error ? ` ERROR ${run.error}` : '';
	log(`  ${(key || 'warm-up').padEnd(34)} ${run.ms.toFixed(0).padStart(7)} ms  ${String(run.requests).padStart(5)} req  ${String(run.rateLimited).padStart(4)}×429  items ${run.items}${note}`);
	return run;
}

function summarize(key) {
	const entry = results[key];
	if (!entry) return undefined;
	const ms = entry.runs.map((r) => r.ms);
	return {
		...entry,
		minMs: min(ms),
		medianMs: median(ms),
		requests: median(entry.runs.map((r) => r.requests)),
		rateLimited: median(entry.runs.map((r) => r.rateLimited)),
		clientCpuMs: median(entry.runs.map((r) => r.clientCpuMs)),
		serverCpuMs: median(entry.runs.map((r) => r.serverCpuMs)),
		engineMs: entry.runs[0].engineMs === undefined ? undefined : median(entry.runs.map((r) => r.engineMs)),
		failed: entry.runs.reduce((n, r) => n + r.failed, 0),
		incomplete: entry.runs.filter((r) => !r.complete).length,
	};
}

/* ------------------------------------------------------------------------------------------ */
/*                                           Limits                                           */
/* ------------------------------------------------------------------------------------------ */

const pages = (n) => Math.ceil(n / PAGE_SIZE);
/** RTT × (1 + ⌈(P−1)/C⌉): page 1, then the other pages C at a time. */
const listLimit = (rtt, n, c, pageSize = PAGE_SIZE) => {
	const p = Math.ceil(n / pageSize);
	return rtt * (1 + Math.ceil((p - 1) / c));
};
/** N/C × RTT for N independent requests, C at a time. */
const itemsLimit = (rtt, n, c) => Math.ceil(n / c) * rtt;

/* ------------------------------------------------------------------------------------------ */
/*                                          Scenarios                                         */
/* ------------------------------------------------------------------------------------------ */

const LIST = { resource: 'roomRecording', operation: 'getAll', returnAll: true };
const GET = {
	resource: 'roomRecording',
	operation: 'get',
	roomRecordingId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
};
const withOptions = (parameters, options) => (options ? { ...parameters, options } : parameters);

async function main() {
	const started = performance.now();
	log(`bench: latency ${OPTS.latencyMs} ms, ${OPTS.runs} runs, ${os.cpus().length} CPUs, node ${process.version}`);

	let buildDir;
	if (OPTS.build || OPTS.patch) {
		log(OPTS.patch ? `building variant with ${OPTS.patch} …` : 'building working tree into .cache/bench-build …');
		buildDir = OPTS.patch ? buildVariant(OPTS.patch) : buildWorkingTree();
	} else {
		buildDir = path.join(ROOT, '.cache', 'bench-build');
	}
	const seed = { rooms: 20, sessionsPerRoom: 5, participantsPerSession: 4, recordings: OPTS.records, compositions: 10 };
	const sbOpts = { apiKey: 'KEY_bench', latencyMs: OPTS.latencyMs, seed };
	// A: the measured scenarios; B and C: the two serial baselines, which run alongside scenario 3
	const [sb, sb2, sb3] = await Promise.all([startSandboxProcess(sbOpts), startSandboxProcess(sbOpts), startSandboxProcess(sbOpts)]);
	const L = OPTS.latencyMs;
	const N = OPTS.records;
	const P = pages(N);

	const listWorker = startWorker('ours-list'); // scenario 1 only: its peak RSS is scenario 1's
	const sdkWorker = startWorker('sdk');
	const itemWorker = startWorker('ours-items');
	const serialSdkWorker = startWorker('sdk-serial');
	const serialItemWorker = startWorker('ours-items-serial');
	const loaded = await listWorker.call('load', { buildDir });
	// the node's own defaults (nodes/TelnyxVideo/properties.ts), read from the built description
	const DEF_PC = loaded.defaults.pageConcurrency;
	const DEF_IC = loaded.defaults.concurrency;
	await sdkWorker.call('load', { sdk: true });
	await serialSdkWorker.call('load', { sdk: true });
	await itemWorker.call('load', { buildDir });
	await serialItemWorker.call('load', { buildDir });
	const ids = await sb.ids(OPTS.items);
	await itemWorker.call('setInput', { name: 'ids', ids });
	await serialItemWorker.call('setInput', { name: 'ids', ids });

	const ours = (worker, server, parameters, input) => () => worker.call('ours', { url: server.url, parameters, input });
	const sdk = (server, pageSize, worker = sdkWorker) => () => worker.call('sdk', { url: server.url, pageSize });
	const fastRuns = fastRunsOf(OPTS.runs); // scenario 1's loop is cheap (~7 s a round): more runs
	const diagnostics = {};

	/* ---- raw round trips, for the record ---- */
	diagnostics.rttPage250 = await sdkWorker.call('rawRtt', { url: sb.url, path: `/v2/room_recordings?page[size]=${PAGE_SIZE}` });
	diagnostics.rttGet = await sdkWorker.call('rawRtt', { url: sb.url, path: `/v2/room_recordings/${ids[0]}` });
	diagnostics.parse = await sdkWorker.call('parseCost', { url: sb.url });

	/* ---- Scenario 1: Return All (fast configurations, interleaved) ---- */
	const s1 = [
		['s1.ours.default', { label: `ours, defaults (page concurrency ${DEF_PC})`, c: DEF_PC }, ours(listWorker, sb, LIST), N],
		['s1.ours.pc1', { label: 'ours, page concurrency 1', c: 1 }, ours(listWorker, sb, withOptions(LIST, { pageConcurrency: 1 })), N],
		['s1.ours.pc4', { label: 'ours, page concurrency 4', c: 4 }, ours(listWorker, sb, withOptions(LIST, { pageConcurrency: 4 })), N],
		['s1.ours.pc8', { label: 'ours, page concurrency 8', c: 8 }, ours(listWorker, sb, withOptions(LIST, { pageConcurrency: 8 })), N],
		['s1.sdk.250', { label: 'SDK auto-pager, page[size]=250', c: 1 }, sdk(sb, PAGE_SIZE), N],
		['s1.raw.keepalive', { label: 'floor: bare node:http, keep-alive, C=8', c: 8 }, () => sdkWorker.call('rawPager', { url: sb.url, concurrency: 8 }), N],
		['s1.raw.noKeepalive', { label: 'floor: bare node:http, new conn/request, C=8', c: 8 }, () => sdkWorker.call('rawPager', { url: sb.url, concurrency: 8, keepAlive: false }), N],
	];
	if (OPTS.only.includes('1')) {
		log(`\nScenario 1: Return All of ${N} recordings (${P} pages of ${PAGE_SIZE})`);
		for (const [, , fn] of s1) await measure(sb, null, null, fn); // warm-up, once each
		for (let r = 0; r < fastRuns; r++) {
			for (const [key, meta, fn, expectItems] of s1) await measure(sb, key, meta, fn, { expectItems });
		}
		// Where the time goes: the same Return All with no injected latency is pure CPU.
		await sb.configure({ latencyMs: 0 });
		for (let r = 0; r < OPTS.runs; r++) {
			await measure(sb, 's1.ours.latency0', { label: 'ours, defaults, latency 0 (CPU only)', c: 8 }, ours(listWorker, sb, LIST), { expectItems: N });
		}
		await sb.configure({ latencyMs: L });
	}

	/* ---- Scenario 2: per-item Gets at the default concurrency ---- */
	if (OPTS.only.includes('2')) {
		log(`\nScenario 2: ${OPTS.items} per-item Gets (By ID = {{ $json.id }})`);
		const fn = ours(itemWorker, sb, GET, 'ids');
		await measure(sb, null, null, fn);
		for (let r = 0; r < OPTS.runs; r++) {
			await measure(sb, 's2.ours.default', { label: `ours, defaults (concurrency ${DEF_IC})`, c: DEF_IC }, fn, { expectItems: OPTS.items });
		}
	}

	/*
	 * Serial baselines: SDK at its default page size (500 pages, one at a time) and ours at
	 * concurrency 1 (1,000 Gets, one at a time) each keep ONE request in flight for ~25-55 s and
	 * use a few % of a core, so they run on their own sandboxes (B, C) and client processes while
	 * scenario 3 runs; this keeps the bench within ~5 minutes.
	 */
	const serial = async () => {
		const sdkSerial = async () => {
			if (!OPTS.only.includes('1')) return;
			for (let r = 0; r < OPTS.runs; r++) {
				await measure(sb2, 's1.sdk.default', { label: `SDK auto-pager, default page size (${SDK_DEFAULT_PAGE_SIZE})`, c: 1 }, sdk(sb2, undefined, serialSdkWorker), { expectItems: N });
			}
		};
		const oursSerial = async () => {
			if (!OPTS.only.includes('2')) return;
			const fn = ours(serialItemWorker, sb3, withOptions(GET, { concurrency: 1 }), 'ids');
			for (let r = 0; r < OPTS.runs; r++) {
				await measure(sb3, 's2.ours.c1', { label: 'ours, concurrency 1', c: 1 }, fn, { expectItems: OPTS.items });
			}
		};
		await Promise.all([sdkSerial(), oursSerial()]);
	};
	log('\nSerial baselines start (SDK at default page size on sandbox B, ours at concurrency 1 on sandbox C), alongside scenario 3');
	const serialDone = serial();

	const listRss = await listWorker.call('usage');
	const sdkRss = await sdkWorker.call('usage');

	/* ---- Scenario 3: rate-limited server ---- */
	if (OPTS.only.includes('3')) {
		log(`\nScenario 3: rate limited (token bucket, burst = 1 s of requests), Return All at R=${OPTS.rateList}/s and ${OPTS.items} Gets at R=${OPTS.rateItems}/s`);
		const listFn = ours(itemWorker, sb, LIST);
		const getFn = ours(itemWorker, sb, GET, 'ids');
		for (const variant of OPTS.rlHeaders) {
			const { label, headers } = HEADER_VARIANTS[variant];
			for (let r = 0; r < OPTS.runs; r++) {
				// a fresh limiter (full bucket) for every run
				await sb.configure({ rateLimit: { perSecond: OPTS.rateList, headers } });
				await measure(sb, `s3.list.${variant}`, { label: `Return All, R=${OPTS.rateList}/s, ${label}`, rate: OPTS.rateList, n: P }, listFn, { expectItems: N });
				await sb.configure({ rateLimit: { perSecond: OPTS.rateItems, headers } });
				await measure(sb, `s3.items.${variant}`, { label: `${OPTS.items} Gets, R=${OPTS.rateItems}/s, ${label}`, rate: OPTS.rateItems, n: OPTS.items }, getFn, { expectItems: OPTS.items });
			}
		}
		await sb.configure({ rateLimit: null });
	}
	await serialDone;

	await Promise.all(
		[listWorker, sdkWorker, itemWorker, serialSdkWorker, serialItemWorker, sb, sb2, sb3].map((x) => x.close()),
	);

	/* ---- WAN model: HTTPS through a proxy delaying every segment by RTT/2 (bench/lib/wan.js) ---- */
	let wan;
	if (OPTS.only.includes('wan')) {
		wan = await runWan({ rtts: OPTS.wanRtts, runs: OPTS.wanRuns, records: N, items: OPTS.wanItems, serialItems: OPTS.wanSerialItems, extraPageConcurrency: OPTS.wanExtraPc, extraConcurrency: OPTS.wanExtraIc, buildDir, startWorker, log });
	}

	/* ------------------------------------------------------------------------------------ */
	/*                                        Report                                        */
	/* ------------------------------------------------------------------------------------ */

	const rows = [];
	const row = (scenario, key, limitMs, extra = {}) => {
		const s = summarize(key);
		if (!s) return undefined;
		rows.push({ scenario, label: s.label, s, limitMs, ...extra });
		return s;
	};
	const get = (key) => summarize(key);

	const s1Limit = (c) => listLimit(L, N, c);
	row('1', 's1.ours.default', s1Limit(DEF_PC));
	row('1', 's1.ours.pc1', s1Limit(1));
	row('1', 's1.ours.pc4', s1Limit(4));
	row('1', 's1.ours.pc8', s1Limit(8));
	row('1', 's1.sdk.250', s1Limit(1));
	row('1', 's1.sdk.default', listLimit(L, N, 1, SDK_DEFAULT_PAGE_SIZE));
	row('1', 's1.raw.keepalive', s1Limit(8));
	row('1', 's1.raw.noKeepalive', s1Limit(8));
	row('1', 's1.ours.latency0', undefined);
	row('2', 's2.ours.c1', itemsLimit(L, OPTS.items, 1));
	row('2', 's2.ours.default', itemsLimit(L, OPTS.items, DEF_IC));
	const rl = [];
	for (const variant of OPTS.rlHeaders) {
		for (const kind of ['list', 'items']) {
			const key = `s3.${kind}.${variant}`;
			const entry = results[key];
			if (!entry) continue;
			const ideal = (entry.n / entry.rate) * 1000;
			// a token bucket starts full (burst = 1 s of requests), so a perfect client needs only
			// (N − burst)/R, and never less than the round-trip bound
			const roundTrips = kind === 'list' ? s1Limit(DEF_PC) : itemsLimit(L, OPTS.items, DEF_IC);
			const bucketMin = Math.max(roundTrips, ((entry.n - entry.rate) / entry.rate) * 1000);
			const s = row('3', key, ideal);
			rl.push({ key, variant, kind, s, ideal, bucketMin });
		}
	}

	const fmt = (x, d = 0) => (x === undefined ? '' : x.toFixed(d));
	const header = ['scn', 'configuration', 'req', '429', 'min ms', 'median ms', 'limit ms', 'med/limit', 'failed runs', 'cpu ms (client/server)'];
	const lines = rows.map(({ scenario, label, s, limitMs }) => [
		scenario,
		label,
		fmt(s.requests),
		fmt(s.rateLimited),
		fmt(s.minMs),
		fmt(s.medianMs),
		fmt(limitMs),
		limitMs ? `${(s.medianMs / limitMs).toFixed(2)}×${s.incomplete ? ' (runs failed early)' : ''}` : '',
		`${s.incomplete}/${s.runs.length}`,
		`${fmt(s.clientCpuMs)}/${fmt(s.serverCpuMs)}`,
	]);
	const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
	const pad = (cells) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' │ ');
	const out = [];
	out.push('');
	out.push(`Telnyx Video node benchmark: latency ${L} ms/request, ${OPTS.runs} runs each (${fastRunsOf(OPTS.runs)} for scenario 1's interleaved loop), after 1 warm-up, ${os.cpus().length} CPUs, node ${process.version}${OPTS.patch ? `, PATCHED with ${OPTS.patch}` : ''}`);
	out.push('limit: scenario 1 RTT × (1 + ⌈(P−1)/C⌉), scenario 2 ⌈N/C⌉ × RTT, scenario 3 ideal N/R (requests / rate); RTT = injected latency');
	out.push(pad(header));
	out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
	let last;
	for (const l of lines) {
		if (last !== undefined && l[0] !== last) out.push(widths.map((w) => '─'.repeat(w)).join('─┼─'));
		last = l[0];
		out.push(pad(l));
	}

	const pc8 = get('s1.ours.pc8');
	const def = get('s1.ours.default');
	const sdk250 = get('s1.sdk.250');
	const sdkDefault = get('s1.sdk.default');
	const raw = get('s1.raw.keepalive');
	const lat0 = get('s1.ours.latency0');
	const items8 = get('s2.ours.default');
	const items1 = get('s2.ours.c1');
	const rlFailures = rl.reduce((n, x) => n + x.s.failed, 0);
	const rlIncomplete = rl.reduce((n, x) => n + x.s.incomplete, 0);
	// a run that failed ends early: its time says nothing about pacing, so ratios use complete runs
	for (const x of rl) {
		const done = x.s.runs.filter((r) => r.complete).map((r) => r.ms);
		x.okMedianMs = done.length ? median(done) : undefined;
	}
	const okRl = rl.filter((x) => x.okMedianMs !== undefined);
	const rlWorst = okRl.length ? Math.max(...okRl.map((x) => x.okMedianMs / x.ideal)) : undefined;
	const rlDefault = rl.filter((x) => x.variant === 'reset');
	const ratio = (a, b, d = 2) => (a === undefined || b === undefined ? undefined : round(a / b, d));

	const summary = {
		latency_ms: L,
		runs: OPTS.runs,
		cpus: os.cpus().length,
		node: process.version,
		variant: OPTS.patch ? path.basename(OPTS.patch) : 'working-tree',
		records: N,
		pages: P,
		return_all_ours_ms: round(pc8?.medianMs),
		return_all_ours_min_ms: round(pc8?.minMs),
		return_all_ours_default_ms: round(def?.medianMs),
		return_all_limit_ms: s1Limit(8),
		return_all_sdk_ms: round(sdk250?.medianMs),
		return_all_sdk_min_ms: round(sdk250?.minMs),
		return_all_sdk_default_ms: round(sdkDefault?.medianMs),
		return_all_floor_ms: round(raw?.medianMs),
		return_all_cpu_only_ms: round(lat0?.medianMs),
		return_all_vs_limit: ratio(pc8?.medianMs, s1Limit(8)),
		return_all_vs_limit_min: ratio(pc8?.minMs, s1Limit(8)),
		return_all_floor_vs_limit: ratio(raw?.medianMs, s1Limit(8)),
		return_all_pc1_vs_limit: ratio(get('s1.ours.pc1')?.medianMs, s1Limit(1)),
		return_all_pc4_vs_limit: ratio(get('s1.ours.pc4')?.medianMs, s1Limit(4)),
		sdk_over_ours: ratio(sdk250?.medianMs, pc8?.medianMs),
		sdk_over_ours_bound: ratio(s1Limit(1), s1Limit(8)),
		sdk_default_over_ours: ratio(sdkDefault?.medianMs, def?.medianMs, 1),
		per_item_ours_ms: round(items8?.medianMs),
		per_item_ours_min_ms: round(items8?.minMs),
		per_item_limit_ms: itemsLimit(L, OPTS.items, DEF_IC),
		per_item_vs_limit: ratio(items8?.medianMs, itemsLimit(L, OPTS.items, DEF_IC)),
		per_item_c1_ms: round(items1?.medianMs),
		per_item_c1_vs_limit: ratio(items1?.medianMs, itemsLimit(L, OPTS.items, 1)),
		rate_limited_failures: rl.length ? rlFailures : undefined,
		rate_limited_incomplete_runs: rl.length ? rlIncomplete : undefined,
		rate_limited_vs_ideal: round(rlWorst, 2),
		rate_limited_vs_bucket_min: okRl.length ? round(Math.max(...okRl.map((x) => x.okMedianMs / x.bucketMin)), 2) : undefined,
		rate_limited_vs_ideal_reset_header: rlDefault.some((x) => x.okMedianMs) ? round(Math.max(...rlDefault.filter((x) => x.okMedianMs).map((x) => x.okMedianMs / x.ideal)), 2) : undefined,
		rate_limited: Object.fromEntries(
			rl.map((x) => [
				x.key.slice(3),
				{ median_ms: round(x.s.medianMs), min_ms: round(x.s.minMs), complete_runs: x.s.runs.length - x.s.incomplete, ideal_ms: round(x.ideal), vs_ideal: x.okMedianMs === undefined ? null : round(x.okMedianMs / x.ideal, 2), bucket_min_ms: round(x.bucketMin), vs_bucket_min: x.okMedianMs === undefined ? null : round(x.okMedianMs / x.bucketMin, 2), requests: x.s.requests, http_429: x.s.rateLimited, failures: x.s.failed },
			]),
		),
		peak_rss_mb: round(listRss.maxRssMb, 1),
		peak_rss_after_load_mb: round(loaded.rssMb, 1),
		sdk_peak_rss_mb: round(sdkRss.maxRssMb, 1),
		rtt_page250_ms: round(diagnostics.rttPage250.medianMs, 1),
		rtt_get_ms: round(diagnostics.rttGet.medianMs, 1),
		json_parse_page250_ms: round(diagnostics.parse.parseMs, 2),
		page250_bytes: diagnostics.parse.bytes,
		engine_overhead_ms: round(def?.engineMs, 1),
		client_cpu_ms_return_all: round(def?.clientCpuMs),
		server_cpu_ms_return_all: round(def?.serverCpuMs),
		client_cpu_ms_per_item: items8 ? round(items8.clientCpuMs / OPTS.items, 2) : undefined,
		targets: {
			return_all_within_1_3x_limit: pc8 ? pc8.medianMs / s1Limit(8) <= 1.3 : undefined,
			return_all_5x_faster_than_sdk_250: pc8 && sdk250 ? sdk250.medianMs / pc8.medianMs >= 5 : undefined,
			per_item_within_1_3x_limit: items8 ? items8.medianMs / itemsLimit(L, OPTS.items, DEF_IC) <= 1.3 : undefined,
			rate_limited_zero_failures: rl.length ? rlFailures === 0 && rlIncomplete === 0 : undefined,
			rate_limited_within_1_2x_ideal: rlWorst === undefined ? undefined : rlWorst <= 1.2,
		},
		bench_seconds: round((performance.now() - started) / 1000, 1),
	};
	if (wan) {
		const w = wan.summary;
		const at = (rtt, key) => w.by_rtt[rtt]?.[key];
		const pcDefault = `list.ours.pc${w.defaults.pageConcurrency}`;
		const sdkOver = (rtt) => (at(rtt, 'list.sdk.250') && at(rtt, pcDefault) ? round(at(rtt, 'list.sdk.250').median_ms / at(rtt, pcDefault).median_ms, 2) : undefined);
		Object.assign(summary, {
			wan_sdk_over_ours_50ms: sdkOver(50),
			wan_sdk_over_ours_150ms: sdkOver(150),
			wan_ours_vs_floor_50ms: at(50, pcDefault)?.vs_floor,
			connections_per_return_all: {
				ours: at(w.rtts[0], pcDefault)?.connections,
				sdk: at(w.rtts[0], 'list.sdk.250')?.connections,
				floor: at(w.rtts[0], `list.floor.pc${w.defaults.pageConcurrency}`)?.connections,
			},
			wan_default_page_concurrency: w.defaults.pageConcurrency,
			wan_default_item_concurrency: w.defaults.concurrency,
			wan: w,
		});
		summary.targets.wan_3x_faster_than_sdk_250_at_50_and_150ms = summary.wan_sdk_over_ours_50ms === undefined ? undefined : summary.wan_sdk_over_ours_50ms >= 3 && summary.wan_sdk_over_ours_150ms >= 3;
		summary.targets.wan_within_1_3x_floor = w.rtts.every((rtt) => (at(rtt, pcDefault)?.vs_floor ?? 0) <= 1.3);
		summary.bench_seconds = round((performance.now() - started) / 1000, 1);
	}

	out.push('');
	out.push('Where the time goes (Return All, defaults, medians):');
	if (pc8 && raw && lat0) {
		out.push(`  limit ${s1Limit(8)} ms │ bare node:http client, same strategy ${fmt(raw.medianMs)} ms (${(raw.medianMs / s1Limit(8)).toFixed(2)}×: sandbox serialising + client parsing ${P} pages of ${(diagnostics.parse.bytes / 1024).toFixed(0)} KiB, ${diagnostics.parse.parseMs.toFixed(2)} ms JSON.parse each) │ ours ${fmt(pc8.medianMs)} ms`);
		out.push(`  ours with latency 0 (all CPU, both sides): ${fmt(lat0.medianMs)} ms │ client CPU per Return All ${fmt(def.clientCpuMs)} ms, server CPU ${fmt(def.serverCpuMs)} ms │ engine outside execute() ${fmt(def.engineMs, 1)} ms`);
	}
	if (items8) out.push(`  per-item: client CPU ${(items8.clientCpuMs / OPTS.items).toFixed(2)} ms per item (expression + n8n request helper + auth + parse); engine outside execute() ${fmt(items8.engineMs, 1)} ms`);
	out.push(`  peak RSS: scenario 1 process ${fmt(listRss.maxRssMb)} MB (${fmt(loaded.rssMb)} MB after loading n8n-core + node), SDK process ${fmt(sdkRss.maxRssMb)} MB`);
	out.push('');
	out.push('Targets:');
	const t = summary.targets;
	const yes = (v) => (v === undefined ? 'n/a' : v ? 'MET' : 'NOT MET');
	out.push(`  Return All ≤ 1.3× limit at C=8: ${yes(t.return_all_within_1_3x_limit)} (${summary.return_all_vs_limit}×)`);
	out.push(`  Return All ≥ 5× faster than SDK at 250: ${yes(t.return_all_5x_faster_than_sdk_250)} (${summary.sdk_over_ours}×, bound ${summary.sdk_over_ours_bound}×)`);
	out.push(`  Per-item ≤ 1.3× limit: ${yes(t.per_item_within_1_3x_limit)} (${summary.per_item_vs_limit}×)`);
	out.push(`  Rate limited: 0 failures ${yes(t.rate_limited_zero_failures)} (${summary.rate_limited_failures}), ≤ 1.2× N/R ${yes(t.rate_limited_within_1_2x_ideal)} (${summary.rate_limited_vs_ideal}×)`);
	if (rl.length) out.push(`  (scenario 3 against the token bucket's own minimum max(round trips, (N − burst)/R): worst ${summary.rate_limited_vs_bucket_min}×)`);
	if (wan) {
		out.push(...wan.lines);
		out.push(`  WAN: SDK at 250 / ours (default) ${summary.wan_sdk_over_ours_50ms}× at 50 ms, ${summary.wan_sdk_over_ours_150ms}× at 150 ms (target ≥ 3×: ${yes(summary.targets.wan_3x_faster_than_sdk_250_at_50_and_150ms)}); ours / floor ${summary.wan_ours_vs_floor_50ms}× at 50 ms (≤ 1.3× at every RTT: ${yes(summary.targets.wan_within_1_3x_floor)}); connections per Return All: ours ${summary.connections_per_return_all.ours}, SDK ${summary.connections_per_return_all.sdk}`);
	}
	out.push(`  bench took ${summary.bench_seconds} s`);

	const resultsDir = path.join(__dirname, 'results');
	fs.mkdirSync(resultsDir, { recursive: true });
	const stamp = new Date().toISOString().replace(/[:.]/g, '-');
	const file = path.join(resultsDir, `${stamp}.json`);
	let commit;
	try {
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		commit = undefined;
	}
	fs.writeFileSync(file, `${JSON.stringify({ ...summary, commit, options: OPTS, results, wan_results: wan?.results }, null, '\t')}\n`);
	out.push(`  saved ${path.relative(ROOT, file)}`);
	process.stdout.write(`${out.join('\n')}\n`);
	process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
