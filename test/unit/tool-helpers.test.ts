/**
 * The two helpers every tool script shares: scripts/lib/args.js (flags through util.parseArgs,
 * env fallbacks, clear errors) and scripts/lib/pool.js (the tools' concurrency pool, with the
 * contract of nodes/shared/concurrency.ts).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const { parseFlags, list, envPairs } = require('../../scripts/lib/args.js');
const { mapWithConcurrency, times } = require('../../scripts/lib/pool.js');
const { createPrng } = require('../sandbox/prng');
/* eslint-enable @typescript-eslint/no-require-imports */

const SPEC = {
	latency: { type: 'number', env: 'TOOL_TEST_LATENCY', default: 50 },
	only: { type: 'string', default: '1,2' },
	env: { type: 'string', multiple: true, default: [] },
	'no-build': { type: 'boolean', default: false },
};

describe('parseFlags', () => {
	afterEach(() => {
		delete process.env.TOOL_TEST_LATENCY;
	});

	it('takes the flag, then its env variable when set and not empty, then the default', () => {
		expect(parseFlags([], SPEC).values).toEqual({ latency: 50, only: '1,2', env: [], 'no-build': false });
		process.env.TOOL_TEST_LATENCY = '';
		expect(parseFlags([], SPEC).values.latency).toBe(50);
		process.env.TOOL_TEST_LATENCY = '80';
		expect(parseFlags([], SPEC).values.latency).toBe(80);
		expect(parseFlags(['--latency', '20'], SPEC).values.latency).toBe(20);
		expect(parseFlags(['--latency=30', '--no-build', '--env', 'A=b=c', '--env', 'C=d'], SPEC).values).toEqual({
			latency: 30,
			only: '1,2',
			env: ['A=b=c', 'C=d'],
			'no-build': true,
		});
	});

	it('fails on an unknown flag, a missing value or a non-number, naming the valid flags', () => {
		const usage = (argv: string[]) => {
			try {
				parseFlags(argv, SPEC);
			} catch (error) {
				return { code: (error as { code?: string }).code, message: (error as Error).message };
			}
			throw new Error(`${argv.join(' ')} was accepted`);
		};
		const valid = 'valid flags: --latency <number>, --only <string>, --env <string>, --no-build';
		expect(usage(['--latencyy', '5'])).toEqual({ code: 'USAGE', message: `Unknown option '--latencyy'; ${valid}` });
		expect(usage(['--latency'])).toEqual({ code: 'USAGE', message: `Option '--latency <value>' argument missing; ${valid}` });
		expect(usage(['--latency', 'fast'])).toEqual({ code: 'USAGE', message: `--latency needs a number, got 'fast'; ${valid}` });
		expect(usage(['2.41.1'])).toEqual({ code: 'USAGE', message: `Unexpected argument '2.41.1'; ${valid}` });
	});

	it('takes positionals when asked, or only after `--` to pass them on', () => {
		const flags = { 'skip-load': { type: 'boolean', default: false } };
		expect(parseFlags(['--skip-load', '2.41.1'], flags, { positionals: true }).positionals).toEqual(['2.41.1']);
		const passed = parseFlags(['--skip-load', '--', '--deliveries', '10'], flags, { positionals: 'after --' });
		expect(passed).toEqual({ values: { 'skip-load': true }, positionals: ['--deliveries', '10'] });
		expect(() => parseFlags(['x', '--', '--deliveries'], flags, { positionals: 'after --' })).toThrow(/Unexpected argument 'x'/);
	});

	it('splits lists and KEY=VALUE pairs', () => {
		expect(list('')).toEqual([]);
		expect(list('8,,16')).toEqual(['8', '16']);
		expect(envPairs(['A=b=c', 'EMPTY='])).toEqual({ A: 'b=c', EMPTY: '' });
	});
});

describe('the tools\' concurrency pool', () => {
	it('keeps at most `limit` calls in flight and returns results in input order (seeded)', async () => {
		const seed = Number(process.env.POOL_SEED ?? 16);
		const prng = createPrng(seed);
		for (let round = 0; round < 20; round++) {
			const count = prng.int(0, 40);
			const limit = prng.int(1, 10);
			let inFlight = 0;
			let peak = 0;
			const results = await times(count, limit, async (i: number) => {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((resolve) => setTimeout(resolve, prng.int(0, 3)));
				inFlight--;
				return i * 2;
			});
			const context = `seed ${seed}, round ${round}: ${count} calls, limit ${limit}`;
			expect({ context, results }).toEqual({ context, results: Array.from({ length: count }, (_, i) => i * 2) });
			expect({ context, peak: peak <= Math.max(1, limit) }).toEqual({ context, peak: true });
			if (count >= limit) expect({ context, peak }).toEqual({ context, peak: limit });
		}
	});

	it('stops starting calls after the first failure and rethrows it once the calls in flight settled', async () => {
		const started: number[] = [];
		let settled = 0;
		const run = mapWithConcurrency([0, 1, 2, 3, 4, 5, 6, 7], 3, async (x: number) => {
			started.push(x);
			await new Promise((resolve) => setTimeout(resolve, x === 1 ? 1 : 20));
			settled++;
			if (x === 1) throw new Error('boom');
			return x;
		});
		await expect(run).rejects.toThrow('boom');
		expect(started).toEqual([0, 1, 2]);
		expect(settled).toBe(3);
	});
});
