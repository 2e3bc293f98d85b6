'use strict';
// The bench's table, its JSON summary (the last line of output) and the results file.

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const { ROOT } = require('./build');
const { OPTS, fastRunsOf, SDK_DEFAULT_PAGE_SIZE } = require('./options');
const { median, round, results, summarize, listLimit, itemsLimit } = require('./measure');

/** `run`: what main() measured ({ L, N, P, DEF_PC, DEF_IC, diagnostics, listRss, sdkRss, loaded, wan, started }). */
function report(run) {
	const { L, N, P, DEF_PC, DEF_IC, diagnostics, listRss, sdkRss, loaded, wan, started } = run;
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

	const resultsDir = path.join(__dirname, '..', 'results');
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

module.exports = { report };
