/**
 * Issue #17, the long run: at least 1,000 seeded sequences of activations, deactivations, test
 * listens (started, stopped, timed out) and kill -9 between any two Telnyx calls, across 2–3
 * workflows and rooms, against the sandbox behind Prism's validating proxy; the room invariant
 * is checked after every step (model: test/unit/triggerModel.ts).
 *
 *   TRIGGER_SEQUENCES=1000 TRIGGER_SEED=<n> npx jest -c test/reliability/jest.config.js test/reliability/trigger-invariant.test.ts
 *
 * Without TRIGGER_SEED the first seed is taken from the clock and printed; a failure prints the
 * failing sequence's seed, which replays alone with TRIGGER_SEED=<seed> TRIGGER_SEQUENCES=1.
 */
import { runSequences, startWorld } from '../unit/triggerModel';
import type { World } from '../unit/triggerModel';
import { Figures } from './lib/figures';

const SEQUENCES = Number(process.env.TRIGGER_SEQUENCES ?? 1000);
const FIRST_SEED = Number(process.env.TRIGGER_SEED ?? Date.now() % 1_000_000_000);

let world: World;
beforeAll(async () => {
	process.stdout.write(`trigger invariant: ${SEQUENCES} sequences from seed ${FIRST_SEED}\n`);
	world = await startWorld();
});
afterAll(async () => {
	await world?.close();
});

it(`no room ends on a dead n8n URL over ${SEQUENCES} sequences (first seed ${FIRST_SEED})`, async () => {
	const started = Date.now();
	const figures = await runSequences(world, FIRST_SEED, SEQUENCES);
	const out = new Figures('trigger-invariant');
	out.set('first_seed', FIRST_SEED);
	for (const [key, value] of Object.entries(figures)) out.set(key, value);
	out.set('seconds', Math.round((Date.now() - started) / 1000));
	out.save();
	expect(figures.violations).toBe(0);
	expect(world.prism.violations).toEqual([]);
	expect(figures.sequences).toBe(SEQUENCES);
}, 3_600_000);
