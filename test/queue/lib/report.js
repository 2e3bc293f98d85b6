'use strict';
// The queue suite's named steps, its results and figures, and small helpers for its numbers.

const say = (msg) => console.log(`[queue] ${msg}`);
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const perSecond = (n, ms) => Math.round((n / ms) * 1000 * 10) / 10;

const results = { passed: [], failed: [], skipped: [] };
const figures = {};

async function step(name, fn) {
	const t0 = Date.now();
	try {
		const note = await fn();
		results.passed.push(name);
		console.log(`  ok    ${name} (${secs(Date.now() - t0)})${note ? `: ${note}` : ''}`);
		return true;
	} catch (err) {
		results.failed.push({ name, error: err });
		console.log(`  FAIL  ${name} (${secs(Date.now() - t0)})\n${String(err.stack || err.message).split('\n').slice(0, 25).map((l) => `        ${l}`).join('\n')}`);
		return false;
	}
}

function percentile(list, q) {
	const sorted = [...list].sort((a, b) => a - b);
	return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
}

function countBy(list, key) {
	const out = {};
	for (const x of list) {
		const k = key(x);
		out[k] = (out[k] || 0) + 1;
	}
	return out;
}

module.exports = { results, figures, step, say, secs, sleep, perSecond, percentile, countBy };
