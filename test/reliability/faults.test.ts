/**
 * Faults (issue #6): the sandbox fails 20 % of requests at random (429 with rate-limit headers,
 * 500, 502, 503, connection reset, a stall past the request timeout) and the node must still
 * return every record exactly once, finish or fail each item clearly, never duplicate a create,
 * stay within its timeout budget, and never return a silently truncated list.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FaultPick, FullSandbox } from './lib/common';
import {
	FAST_RETRY,
	apiRequests,
	byId,
	errorOf,
	failPage,
	fromJson,
	isClearError,
	runAction,
	startSandbox,
	timed,
	values,
} from './lib/common';
import { Figures } from './lib/figures';

const API_KEY = 'KEY_reliability_faults_2b7e';
const RECORDS = 5000;
const RANDOM_KINDS = ['429', '500', '502', '503', 'reset', 'stall'];
const TIMEOUT_MS = 1000;
/** Longest backoff before attempt n+1 (transport.backoffDelayMs without jitter). */
const backoffMax = (attempts: number) =>
	Array.from({ length: attempts - 1 }, (_, i) => Math.min(500 * 2 ** i, 8000)).reduce((a, b) => a + b, 0);

let sb: FullSandbox;
const figures = new Figures('faults');
let faultsBefore = 0;
const knownBugs: string[] = [];

const run = (parameters: Parameters<typeof runAction>[2], opts: Parameters<typeof runAction>[3] = {}) =>
	runAction(sb, API_KEY, parameters, opts);

/** Random faults at `rate`; 5xx answers carry a short retry-after-ms so the run stays quick (429s keep the sandbox's own x-ratelimit-* headers). */
function randomFaults(rate: number, seed: number) {
	sb.configure({ faults: { rate, kinds: RANDOM_KINDS, seed, stallMs: 3 * TIMEOUT_MS } });
	const original = sb.faults.pick;
	sb.faults.pick = function (method: string, path: string, isDownload: boolean): FaultPick | null {
		const fault = original.call(sb.faults, method, path, isDownload);
		if (fault && /^5\d\d$/.test(fault.kind)) return { ...fault, headers: { 'retry-after-ms': '20' } };
		return fault;
	};
	return () => {
		sb.faults.pick = original;
		sb.configure({ faults: null });
	};
}

beforeAll(async () => {
	sb = await startSandbox({
		apiKey: API_KEY,
		seed: { rooms: 4, sessionsPerRoom: 2, participantsPerSession: 2, recordings: RECORDS, compositions: 4 },
	});
	faultsBefore = sb.stats.faultsInjected;
});

afterAll(async () => {
	figures.set('faults_injected', sb.stats.faultsInjected - faultsBefore);
	figures.set('sandbox_requests', sb.stats.requests);
	figures.set('known_bugs', knownBugs);
	figures.save();
	await sb?.close();
});

afterEach(() => {
	sb.configure({ faults: null, latencyMs: 0 });
	sb.faults.queue.length = 0;
});

describe('20 % random faults', () => {
	it(`Return All of ${RECORDS} records returns each exactly once (5 runs, different fault seeds)`, async () => {
		const expected = values(sb.store.recordings).map((r) => r.id);
		const faults0 = sb.stats.faultsInjected;
		const requests0 = sb.stats.requests;
		let returnedTotal = 0;
		let uniqueTotal = 0;
		let lostTotal = 0;
		let duplicatedTotal = 0;
		const started = Date.now();
		for (const seed of [20240601, 11, 23, 42, 1337]) {
			const restore = randomFaults(0.2, seed);
			const { items, error } = await run({
				resource: 'roomRecording',
				operation: 'getAll',
				returnAll: true,
				options: { maxAttempts: 10, timeout: TIMEOUT_MS, pageConcurrency: 8 },
			});
			restore();
			expect(error).toBeUndefined();
			const returned = items.map((item) => item.json.id as string);
			const unique = new Set(returned);
			returnedTotal += returned.length;
			uniqueTotal += unique.size;
			lostTotal += expected.filter((id) => !unique.has(id)).length;
			duplicatedTotal += returned.length - unique.size;
			expect(returned).toEqual(expected);
		}
		figures.set('return_all_runs', 5);
		figures.set('records_expected', expected.length * 5);
		figures.set('records_returned', returnedTotal);
		figures.set('records_returned_unique', uniqueTotal);
		figures.set('records_lost', lostTotal);
		figures.set('records_duplicated', duplicatedTotal);
		figures.set('return_all_requests', sb.stats.requests - requests0);
		figures.set('return_all_faults', sb.stats.faultsInjected - faults0);
		figures.set('return_all_ms', Date.now() - started);
		expect(sb.stats.faultsInjected - faults0).toBeGreaterThan(5);
		expect(lostTotal).toBe(0);
		expect(duplicatedTotal).toBe(0);
	});

	it('500 per-item Gets each succeed, or fail with a clear error after the retry budget', async () => {
		const recordings = values(sb.store.recordings).filter((_, i) => i % 10 === 3).slice(0, 500);
		const restore = randomFaults(0.2, 7);
		const faults0 = sb.stats.faultsInjected;
		const { ms, value } = await timed(() =>
			run(
				{
					resource: 'roomRecording',
					operation: 'get',
					roomRecordingId: byId(fromJson('id')),
					options: { concurrency: 25, maxAttempts: 4, timeout: TIMEOUT_MS },
				},
				{ input: recordings.map((r) => ({ id: r.id })), continueOnFail: true },
			),
		);
		restore();
		const { items, error } = value;
		expect(error).toBeUndefined();
		expect(items).toHaveLength(500);
		let ok = 0;
		let failedClearly = 0;
		const unclear: string[] = [];
		items.forEach((item: INodeExecutionData, i) => {
			expect(item.pairedItem).toEqual({ item: i });
			const message = errorOf(item);
			if (message === undefined) {
				expect(item.json.id).toBe(recordings[i].id);
				ok++;
			} else if (
				/^(Telnyx error (429|500|502|503)|Could not reach Telnyx for GET \/room_recordings\/)/.test(message) &&
				/(after 4 attempts|after 4 attempt\(s\))/.test(String(item.json.description))
			) {
				failedClearly++;
			} else unclear.push(`${message} | ${String(item.json.description)}`);
		});
		figures.set('gets_tried', 500);
		figures.set('gets_ok', ok);
		figures.set('gets_failed_clearly', failedClearly);
		figures.set('gets_unclear', unclear.length);
		figures.set('gets_faults', sb.stats.faultsInjected - faults0);
		figures.set('gets_ms', ms);
		expect(unclear).toEqual([]);
		expect(ok + failedClearly).toBe(500);
	});

	it('creates are never duplicated (rooms on the sandbox vs successful and ambiguous creates)', async () => {
		const count = 300;
		const tag = (i: number) => `http://127.0.0.1:9/reliability/create/${i}`;
		const before = sb.store.rooms.size;
		const restore = randomFaults(0.2, 99);
		const { items, error } = await run(
			{
				resource: 'room',
				operation: 'create',
				additionalFields: { webhookEventUrl: fromJson('tag'), maxParticipants: 5 },
				options: { concurrency: 10, maxAttempts: 4, timeout: TIMEOUT_MS },
			},
			{ input: Array.from({ length: count }, (_, i) => ({ tag: tag(i) })), continueOnFail: true },
		);
		restore();
		expect(error).toBeUndefined();
		expect(items).toHaveLength(count);

		const roomsByTag = new Map<string, string[]>();
		for (const room of values(sb.store.rooms)) {
			const url = room.webhook_event_url as string | undefined;
			if (url?.startsWith('http://127.0.0.1:9/reliability/create/')) {
				roomsByTag.set(url, [...(roomsByTag.get(url) ?? []), room.id]);
			}
		}
		let succeeded = 0;
		let ambiguous = 0;
		let refused = 0;
		const unclear: string[] = [];
		items.forEach((item, i) => {
			const rooms = roomsByTag.get(tag(i)) ?? [];
			const message = errorOf(item);
			if (message === undefined) {
				succeeded++;
				expect(rooms).toEqual([item.json.id]);
			} else if (/^(Telnyx error 5\d\d|Could not reach Telnyx for POST \/rooms)/.test(message)) {
				// 5xx, reset or timeout: the server may have acted (at most once).
				ambiguous++;
				expect(rooms.length).toBeLessThanOrEqual(1);
			} else if (/^Telnyx error 429/.test(message)) {
				refused++;
				expect(rooms).toHaveLength(0);
			} else unclear.push(message);
		});
		const created = sb.store.rooms.size - before;
		const duplicates = [...roomsByTag.values()].reduce((sum, ids) => sum + Math.max(0, ids.length - 1), 0);
		const posts = sb.requests.filter((r) => r.method === 'POST' && r.path === '/rooms');
		figures.set('creates_tried', count);
		figures.set('creates_succeeded', succeeded);
		figures.set('creates_failed_ambiguous', ambiguous);
		figures.set('creates_failed_429', refused);
		figures.set('rooms_created_on_sandbox', created);
		figures.set('create_posts_sent', posts.length);
		figures.set('duplicate_creates', duplicates);
		expect(unclear).toEqual([]);
		expect(duplicates).toBe(0);
		expect(created).toBeGreaterThanOrEqual(succeeded);
		expect(created).toBeLessThanOrEqual(succeeded + ambiguous);
	});
});

describe('timeouts are bounded: timeout × attempts + backoff', () => {
	const slack = 1500;
	const room = () => values(sb.store.rooms)[0];
	const recording = (i: number) => values(sb.store.recordings)[i];

	const cases: Array<[string, () => Parameters<typeof runAction>[2], number, () => void]> = [
		['get (GET, 3 attempts)', () => ({ resource: 'room', operation: 'get', roomId: byId(room().id) }), 3, () => {}],
		[
			'Return All (GET pages, 3 attempts)',
			() => ({ resource: 'roomRecording', operation: 'getAll', returnAll: true }),
			3,
			() => {},
		],
		['create (POST, never repeated)', () => ({ resource: 'room', operation: 'create' }), 1, () => {}],
		['delete (DELETE, 3 attempts)', () => ({ resource: 'roomRecording', operation: 'delete', roomRecordingId: byId(recording(4990).id) }), 3, () => {}],
		[
			'action (POST end, never repeated)',
			() => ({ resource: 'roomSession', operation: 'end', roomSessionId: byId(values(sb.store.sessions).find((s) => s.active === true)!.id) }),
			1,
			// only the action stalls: the node reads the session first, and that GET must get through
			() => sb.configure({ faults: { rate: 1, kinds: ['stall'], seed: 1, stallMs: 20000, methods: ['POST'] } }),
		],
		[
			'download (file GET stalls, 3 attempts)',
			() => ({
				resource: 'roomRecording',
				operation: 'download',
				roomRecordingId: byId(values(sb.store.recordings).find((r) => r.status === 'completed')!.id),
			}),
			3,
			() => {
				sb.configure({ faults: null });
				sb.failNext(10, 'stall', { path: '/downloads/*', stallMs: 20000 });
			},
		],
	];

	it.each(cases)('%s', async (_name, parameters, attempts, arrange) => {
		sb.configure({ faults: { rate: 1, kinds: ['stall'], seed: 1, stallMs: 20000 } });
		arrange();
		sb.clearRequests();
		const maxAttempts = 3;
		const { ms, value } = await timed(() =>
			run({ ...parameters(), options: { timeout: TIMEOUT_MS, maxAttempts } }),
		);
		const bound = TIMEOUT_MS * attempts + backoffMax(attempts) + slack;
		const key = _name.split(' ')[0];
		figures.set(`timeout_${key}_ms`, ms);
		figures.set(`timeout_${key}_bound_ms`, bound);
		expect(value.error?.message).toMatch(/^Could not reach Telnyx for (GET|POST|DELETE) \S+: no answer before the timeout$/);
		expect((value.error as { description?: string }).description).toMatch(new RegExp(`Gave up after ${attempts} attempt\\(s\\)`));
		expect(value.items).toHaveLength(0);
		expect(ms).toBeLessThanOrEqual(bound);
		const stalled = sb.requests.filter((r) => (r as { fault?: string }).fault === 'stall' || r.status === 0);
		expect(stalled).toHaveLength(attempts);
	});

	it('20 stalled items in parallel (Concurrency 20) finish within one budget', async () => {
		sb.configure({ faults: { rate: 1, kinds: ['stall'], seed: 1, stallMs: 20000 } });
		const recordings = values(sb.store.recordings).slice(100, 120);
		const { ms, value } = await timed(() =>
			run(
				{
					resource: 'roomRecording',
					operation: 'get',
					roomRecordingId: byId(fromJson('id')),
					options: { timeout: TIMEOUT_MS, maxAttempts: 2, concurrency: 20 },
				},
				{ input: recordings.map((r) => ({ id: r.id })), continueOnFail: true },
			),
		);
		const bound = TIMEOUT_MS * 2 + backoffMax(2) + 1500;
		figures.set('timeout_parallel20_ms', ms);
		expect(value.items).toHaveLength(20);
		expect(value.items.every((item) => /no answer before the timeout/.test(String(errorOf(item))))).toBe(true);
		expect(ms).toBeLessThanOrEqual(bound);
	});
});

describe('429s that say when to come back (paced, not counted as attempts)', () => {
	it('a 429 that keeps saying "retry in 0 ms" is still paced at least 50 ms apart', async () => {
		sb.failNext(30, '429', { path: '/rooms/*', method: 'GET', headers: { 'retry-after-ms': '0', 'x-ratelimit-reset': '' } });
		const roomId = values(sb.store.rooms)[0].id;
		sb.clearRequests();
		const { ms, value } = await timed(() => run({ resource: 'room', operation: 'get', roomId: byId(roomId), options: { maxAttempts: 3, timeout: TIMEOUT_MS } }));
		const starts = sb.requests.map((r: any) => Date.parse(r.at));
		const gaps = starts.slice(1).map((at, i) => at - starts[i]);
		figures.set('paced_429_zero_delay_requests_sent', sb.requests.length);
		figures.set('paced_429_zero_delay_ms', ms);
		figures.set('paced_429_zero_delay_min_gap_ms', Math.min(...gaps));
		expect(value.error).toBeUndefined();
		expect(sb.requests).toHaveLength(31);
		// The floor keeps a server that says "0 ms" from being flooded; pacing ends 2 minutes after the first request.
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(45);
	});

	it('a 429 pacing at 5 ms: requests sent for one Get with Max Attempts 3 (figure only)', async () => {
		sb.failNext(20, '429', { path: '/rooms/*', method: 'GET', headers: { 'retry-after-ms': '5', 'x-ratelimit-reset': '' } });
		const roomId = values(sb.store.rooms)[0].id;
		sb.clearRequests();
		const { ms } = await timed(() => run({ resource: 'room', operation: 'get', roomId: byId(roomId), options: { maxAttempts: 3 } }));
		figures.set('paced_429_5ms_requests_sent', sb.requests.length);
		figures.set('paced_429_5ms_ms', ms);
		expect(sb.requests.length).toBe(21);
	});
});

describe('a page that fails after all retries fails the whole Return All', () => {
	const list = { resource: 'roomRecording', operation: 'getAll', returnAll: true };
	const pages = [1, 11, 20];
	const kinds = ['503', '429', 'reset', 'stall'];
	const matrix = pages.flatMap((page) => kinds.map((kind) => [page, kind] as [number, string]));
	let refused = 0;

	afterAll(() => figures.set('failed_page_runs_refused', refused));

	it.each(matrix)('page %i of 20 failing with %s on every attempt: clear error, no items', async (page, kind) => {
		// A 429 without a wait hint counts as an attempt (one that says when to come back is paced instead; see below).
		const headers = kind === '429' ? { 'x-ratelimit-reset': '' } : FAST_RETRY;
		const target = failPage(sb, { path: '/room_recordings', page, kind, times: 99, headers });
		const { items, error } = await run({ ...list, options: { maxAttempts: 2, timeout: TIMEOUT_MS, pageConcurrency: 8 } });
		target.restore();
		expect(target.hits()).toBe(2);
		expect(items).toHaveLength(0);
		expect(isClearError(error)).toBe(true);
		expect(error?.message).toMatch(kind === 'reset' || kind === 'stall' ? /^Could not reach Telnyx for GET \/room_recordings/ : new RegExp(`^Telnyx error ${kind}`));
		refused++;
	});

	it.each(['html', 'nonJson', 'truncatedJson', 'missingData', 'absurdTotalPages', 'negativeTotalPages'])(
		'page 11 of 20 answering %s: clear error, no items',
		async (kind) => {
			const target = failPage(sb, { path: '/room_recordings', page: 11, kind, times: 99, headers: FAST_RETRY });
			const { items, error } = await run({ ...list, options: { maxAttempts: 2, timeout: TIMEOUT_MS } });
			target.restore();
			expect(items).toHaveLength(0);
			expect(isClearError(error)).toBe(true);
			refused++;
		},
	);

	it('a page that recovers on its second attempt still gives the whole list (control)', async () => {
		const target = failPage(sb, { path: '/room_recordings', page: 11, kind: '503', times: 1, headers: FAST_RETRY });
		const { items, error } = await run({ ...list, options: { maxAttempts: 2 } });
		target.restore();
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id)).toEqual(values(sb.store.recordings).map((r) => r.id));
	});

	it('a list that shrinks while it is read still gives every record that stayed, once, in order', async () => {
		// When page 2 is first asked for, 7 records before it vanish: later pages shift by 7.
		const original = sb.faults.pick;
		let removed = false;
		sb.faults.pick = function (method: string, path: string, isDownload: boolean) {
			const current = sb.requests[sb.requests.length - 1];
			if (!removed && path === '/room_recordings' && current?.query['page[number]'] === '2') {
				removed = true;
				for (const record of values(sb.store.recordings).slice(0, 7)) sb.store.recordings.delete(record.id);
			}
			return original.call(sb.faults, method, path, isDownload);
		};
		sb.clearRequests();
		const before = values(sb.store.recordings).map((r) => r.id);
		const { items, error } = await run({ ...list, options: { pageConcurrency: 1 } });
		sb.faults.pick = original;
		figures.set('shrinking_list_reads', apiRequests(sb).filter((r) => r.path === '/room_recordings').length);
		expect(removed).toBe(true);
		expect(error).toBeUndefined();
		// The 7 removed may or may not be in it (read before they went); every other record is, once, in order.
		const stayed = values(sb.store.recordings).map((r) => r.id);
		const ids = items.map((i) => i.json.id as string);
		expect(ids.filter((id) => stayed.includes(id))).toEqual(stayed);
		expect(ids).toEqual(before.filter((id) => ids.includes(id)));
	});
});
