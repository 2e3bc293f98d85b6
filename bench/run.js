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
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const { ROOT, buildVariant, buildWorkingTree } = require('./lib/build');
const { startSandboxProcess } = require('./lib/sandbox-client');
const { runWan } = require('./lib/wan');
const { OPTS, PAGE_SIZE, fastRunsOf, SDK_DEFAULT_PAGE_SIZE, HEADER_VARIANTS } = require('./lib/options');
const { startWorker } = require('./lib/worker-client');
const { log, measure, pages } = require('./lib/measure');
const { report } = require('./lib/report');

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
	// the node's own defaults (declared in nodes/shared/settings.ts), read from the built description
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

	report({ L, N, P, DEF_PC, DEF_IC, diagnostics, listRss, sdkRss, loaded, wan, started });
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
