/** The transport's pure parts: rate-limit header reading, backoff, error-body parsing, the worker pool. */
import { mapWithConcurrency } from '../../nodes/shared/concurrency';
import { formatEntry, parseErrorBody, redact } from '../../nodes/shared/errors';
import { backoffDelayMs, serverRequestedDelayMs } from '../../nodes/shared/transport';

describe('serverRequestedDelayMs', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	it.each([
		[{ 'retry-after-ms': '250' }, 250],
		[{ 'retry-after': '3' }, 3000],
		[{ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 5000],
		[{ 'x-ratelimit-reset': '2' }, 2000],
		[{ 'x-ratelimit-reset': String(now / 1000 + 7) }, 7000],
		[{ 'retry-after-ms': '100', 'retry-after': '9', 'x-ratelimit-reset': '9' }, 100],
		[{ 'retry-after': 'soon' }, undefined],
		[{ 'retry-after-ms': '', 'x-ratelimit-reset': ' ' }, undefined],
		[{}, undefined],
	])('reads %j as %s ms', (headers, expected) => {
		expect(serverRequestedDelayMs(headers, now)).toBe(expected);
	});
});

describe('backoffDelayMs', () => {
	it('doubles from 0.5 s with at most 25% jitter below, capped at 8 s', () => {
		for (let i = 0; i < 200; i++) {
			const first = backoffDelayMs(1);
			expect(first).toBeGreaterThan(375);
			expect(first).toBeLessThanOrEqual(500);
			const fourth = backoffDelayMs(4);
			expect(fourth).toBeGreaterThan(3000);
			expect(fourth).toBeLessThanOrEqual(4000);
			expect(backoffDelayMs(20)).toBeLessThanOrEqual(8000);
		}
	});
});

describe('parseErrorBody', () => {
	it('reads the canonical errors[] shape with its pointer and code', () => {
		const entries = parseErrorBody({
			errors: [{ code: '10015', title: 'Invalid value', detail: 'must be 2-50', source: { pointer: '/max_participants' } }],
		});
		expect(entries).toEqual([{ code: '10015', title: 'Invalid value', detail: 'must be 2-50', field: 'max_participants' }]);
		expect(formatEntry(entries[0])).toBe('Invalid value: must be 2-50 (field: max_participants) [code 10015]');
	});
	it('reads a bare error object (the spec’s 404/403 shape)', () => {
		expect(parseErrorBody({ code: '10005', title: 'Resource not found', detail: 'No room' })).toEqual([
			{ code: '10005', title: 'Resource not found', detail: 'No room', field: undefined },
		]);
	});
	it('reads {message, success:false}, JSON text, HTML and plain text', () => {
		expect(parseErrorBody({ message: 'Error', success: false })).toEqual([{ detail: 'Error' }]);
		expect(parseErrorBody('{"errors":[{"title":"Nope","source":{"parameter":"page[size]"}}]}')[0].field).toBe('page[size]');
		expect(parseErrorBody('<!DOCTYPE html><h1>502</h1>')[0].detail).toMatch(/HTML page/);
		expect(parseErrorBody('upstream connect error')[0].detail).toBe('upstream connect error');
		expect(parseErrorBody('')).toEqual([]);
	});
	it('redacts a secret wherever it appears', () => {
		expect(redact('bad key KEY_SECRET_123 sent', 'KEY_SECRET_123')).toBe('bad key [redacted] sent');
	});
});

describe('mapWithConcurrency', () => {
	it('keeps input order and never exceeds the limit', async () => {
		let running = 0;
		let peak = 0;
		const out = await mapWithConcurrency([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
			running++;
			peak = Math.max(peak, running);
			await new Promise((resolve) => setTimeout(resolve, n * 3));
			running--;
			return n * 10;
		});
		expect(out).toEqual([50, 10, 40, 20, 30, 0, 60]);
		expect(peak).toBe(3);
	});
	it('stops starting work after the first failure and rethrows it', async () => {
		const started: number[] = [];
		await expect(
			mapWithConcurrency([0, 1, 2, 3, 4, 5], 2, async (n) => {
				started.push(n);
				if (n === 1) throw new Error('boom');
				await new Promise((resolve) => setTimeout(resolve, 5));
				return n;
			}),
		).rejects.toThrow('boom');
		expect(started.length).toBeLessThan(6);
	});
});
