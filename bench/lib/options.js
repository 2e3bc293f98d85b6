'use strict';
// bench/run.js's flags, each with its BENCH_* environment fallback (table in bench/README.md),
// and the fixed settings of its scenarios.

const { readFlags, list } = require('../../scripts/lib/args');

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

module.exports = { OPTS, PAGE_SIZE, fastRunsOf, SDK_DEFAULT_PAGE_SIZE, HEADER_VARIANTS };
