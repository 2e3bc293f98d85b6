'use strict';
// One measured run (sandbox counters reset, the call timed, what the server saw read back), the
// runs kept per configuration, their medians, and the round-trip limits they are compared with.

const { PAGE_SIZE } = require('./options');

const log = (...args) => process.stderr.write(`${args.join(' ')}\n`);

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

const pages = (n) => Math.ceil(n / PAGE_SIZE);
/** RTT × (1 + ⌈(P−1)/C⌉): page 1, then the other pages C at a time. */
const listLimit = (rtt, n, c, pageSize = PAGE_SIZE) => {
	const p = Math.ceil(n / pageSize);
	return rtt * (1 + Math.ceil((p - 1) / c));
};
/** N/C × RTT for N independent requests, C at a time. */
const itemsLimit = (rtt, n, c) => Math.ceil(n / c) * rtt;

module.exports = { log, median, min, round, results, record, measure, summarize, pages, listLimit, itemsLimit };
