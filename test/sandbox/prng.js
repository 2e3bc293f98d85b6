'use strict';
// Small seedable PRNG (mulberry32) so seeds and random faults are reproducible run to run.

function createPrng(seed = 1) {
	let state = seed >>> 0;
	const next = () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (min, max) => min + Math.floor(next() * (max - min + 1));
	const pick = (arr) => arr[Math.floor(next() * arr.length)];
	const chance = (p) => next() < p;
	// RFC 4122 version-4 layout, but drawn from the seeded stream (deterministic ids).
	const uuid = () => {
		let hex = '';
		for (let i = 0; i < 4; i++) hex += Math.floor(next() * 4294967296).toString(16).padStart(8, '0');
		const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	};
	return { next, int, pick, chance, uuid };
}

module.exports = { createPrng };
