'use strict';
// One reporter for the real-n8n scripts (run.js, ai-agent.js, poll.js): named checks that never
// throw, printed as "ok"/"FAIL" lines, counted for the closing "N passed, M failed" line.

const indent = (text) =>
	String(text)
		.split('\n')
		.slice(0, 25)
		.map((l) => `        ${l}`)
		.join('\n');

/**
 * `rep.step(name, fn, tags)` runs one check; `onResult(passed, tags)` lets a suite count more
 * (e.g. which operations a check proved).
 */
function reporter(version, { onResult = () => {} } = {}) {
	const rep = { version, passed: [], failed: [], notes: {} };
	rep.step = async (name, fn, tags = {}) => {
		const t0 = Date.now();
		try {
			const note = await fn();
			rep.passed.push(name);
			onResult(true, tags);
			console.log(`  ok    ${name} (${Date.now() - t0} ms)${typeof note === 'string' ? `: ${note}` : ''}`);
			return true;
		} catch (err) {
			rep.failed.push({ name, error: err });
			onResult(false, tags);
			console.log(`  FAIL  ${name} (${Date.now() - t0} ms)\n${indent(err.stack || err.message)}`);
			return false;
		}
	};
	return rep;
}

module.exports = { reporter, indent };
