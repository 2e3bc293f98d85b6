'use strict';
// Telnyx writes timestamps with microseconds ("2021-04-16T09:46:20.954863Z"); mimic that.

function iso(ms) {
	const whole = Math.floor(ms);
	const base = new Date(whole).toISOString(); // 2021-04-16T09:46:20.954Z
	const micros = String(Math.floor((ms - whole) * 1000)).padStart(3, '0');
	return `${base.slice(0, 23)}${micros}Z`;
}

// Token expiries in the spec examples have no fraction ("2021-04-22T12:24:55Z").
function isoSeconds(ms) {
	return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const nowIso = () => iso(Date.now());

module.exports = { iso, isoSeconds, nowIso };
