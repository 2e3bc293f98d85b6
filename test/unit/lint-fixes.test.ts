/**
 * Behaviour kept through the lint fixes: n8n's default config forbids control characters in
 * regular expressions (no-control-regex), so nodes/shared/errors.ts collapses them with a loop.
 * It must still do exactly what the old `/[\u0000-\u001f\u007f]+/g -> ' '` replacement did.
 */
import { collapseControlCharacters, parseErrorBody } from '../../nodes/shared/errors';

// The old implementation, kept as the oracle (test code is not held to the node lint rules).
const oldCollapse = (text: string) => text.replace(/[\u0000-\u001f\u007f]+/g, ' ');

/** mulberry32: a small seeded generator, so a failure can be replayed from its seed. */
function random(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

// Control characters, their neighbours, DEL, C1, surrogate halves and pairs, ordinary text.
const ALPHABET = ['\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u001f', ' ', '!', '~', '\u007f', '\u0080', '\u009f', 'é', '€', '\ud83d\ude00', '\ud83d', '\ude00', 'a', 'Z'];

test('collapseControlCharacters equals the old regex replacement on random strings', () => {
	const seed = Number(process.env.LINT_FIXES_SEED ?? Date.now() % 2 ** 31);
	const next = random(seed);
	for (let run = 0; run < 2000; run++) {
		const length = Math.floor(next() * 40);
		let text = '';
		for (let i = 0; i < length; i++) text += ALPHABET[Math.floor(next() * ALPHABET.length)];
		const got = collapseControlCharacters(text);
		if (got !== oldCollapse(text)) {
			throw new Error(`seed ${seed}, run ${run}: ${JSON.stringify(text)} -> ${JSON.stringify(got)}, expected ${JSON.stringify(oldCollapse(text))}`);
		}
	}
});

test('a non-JSON error body still prints on one line', () => {
	expect(parseErrorBody('bad\r\n\tgateway\u0000\u007f!')).toEqual([{ detail: 'bad gateway !' }]);
	expect(collapseControlCharacters('\u0000\u0001x\u001fy\u007f')).toBe(' x y ');
});
