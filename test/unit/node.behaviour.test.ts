/**
 * How the node behaves around the requests: Return All and Limit, retries and what is never
 * retried, error mapping, bad input caught before any request, Continue On Fail per item,
 * per-item concurrency and order, the credential test and the list pickers. Everything goes
 * through Prism's validating proxy, except the few faults Prism would rewrite (marked `direct`).
 */
import type { INodeParameters, NodeApiError } from 'n8n-workflow';

import { TelnyxVideoApi } from '../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideo } from '../../nodes/TelnyxVideo/TelnyxVideo.node';
import { runListSearch, runNode, testCredential } from '../harness';
import type { CheckedSandbox, Sandbox, SandboxRecord, SandboxRequest } from '../support/sandbox';
import { startCheckedSandbox } from '../support/sandbox';

const API_KEY = 'KEY_behaviour_5f1d3c';
let checked: CheckedSandbox;
let sb: Sandbox;
const fast = { 'retry-after-ms': '5' };

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const values = (map: Map<string, SandboxRecord>) => [...map.values()];
const apiRequests = () => sb.requests.filter((r: SandboxRequest) => !r.path.startsWith('/downloads'));

/** `direct` skips Prism: only for connection resets and bodies Prism would rewrite into its own 500. */
function credentials(apiKey = API_KEY, direct = false) {
	return { telnyxVideoApi: { apiKey, publicKey: '', baseUrl: `${direct ? checked.directUrl : checked.baseUrl}/` } };
}

type RunOptions = { input?: any[]; continueOnFail?: boolean; apiKey?: string; direct?: boolean };
async function run(parameters: INodeParameters, opts: RunOptions = {}) {
	sb.clearRequests();
	checked.clearViolations();
	return await runNode({
		node: new TelnyxVideo(),
		parameters,
		input: opts.input,
		continueOnFail: opts.continueOnFail,
		credentials: credentials(opts.apiKey, opts.direct),
		credentialTypes: [new TelnyxVideoApi()],
	});
}

beforeAll(async () => {
	checked = await startCheckedSandbox({ apiKey: API_KEY, seed: { rooms: 3, sessionsPerRoom: 2, participantsPerSession: 2, recordings: 1203 } });
	sb = checked.sb;
});
afterAll(async () => await checked?.close());
beforeEach(() => sb.configure({ latencyMs: 0, faults: null, rateLimit: null, errorStyle: 'spec' }));
afterEach(() => expect(checked.violations()).toEqual([]));

describe('every test here is checked against the spec', () => {
	it('Prism sits between the node and the sandbox and reports what the spec forbids, both ways', async () => {
		expect(credentials().telnyxVideoApi.baseUrl.startsWith(checked.baseUrl)).toBe(true);
		expect(checked.baseUrl).not.toContain(String(sb.port));
		// An answer the spec forbids: the sandbox sending null where the spec says string.
		sb.configure({ nullStyle: 'null' });
		const idle = values(sb.store.rooms).find((r) => r.active_session_id === null) as SandboxRecord;
		const { error } = await run({ resource: 'room', operation: 'get', roomId: byId(idle.id), options: { maxAttempts: 1 } });
		sb.configure({ nullStyle: 'omit' });
		expect(error?.message).toMatch(/^Telnyx error 500/); // Prism replaced it, as it would any unlawful answer
		expect(checked.violations()).toEqual(
			expect.arrayContaining([expect.objectContaining({ phase: 'response', severity: 'Error', path: expect.stringMatching(/^\/rooms\//) })]),
		);
		// A request the spec forbids never reaches the sandbox.
		checked.clearViolations();
		sb.clearRequests();
		const res = await fetch(`${checked.baseUrl}/rooms?page[size]=251`, { headers: { authorization: `Bearer ${API_KEY}` } });
		expect(res.status).toBe(422);
		expect(sb.requests).toHaveLength(0);
		expect(checked.violations()).toEqual([expect.objectContaining({ phase: 'request' })]);
		checked.clearViolations();
	});
});

describe('Return All and Limit', () => {
	it('returns 1,203 recordings each exactly once, in API order, fetching overlapping pages concurrently', async () => {
		// Long enough that Prism's own time in between cannot hide the overlap on a busy machine.
		sb.configure({ latencyMs: 120 });
		const { items, error } = await run({ resource: 'roomRecording', operation: 'getAll', returnAll: true });
		expect(error).toBeUndefined();
		const ids = items.map((item) => item.json.id);
		expect(ids).toEqual(values(sb.store.recordings).map((r) => r.id));
		// Each read after the first starts inside the one before it (so a moving list is still read whole).
		const reads = apiRequests().map((r) => ({ size: Number(r.query['page[size]']), number: Number(r.query['page[number]']) }));
		const ranges = reads.map(({ size, number }) => [(number - 1) * size, number * size]).sort((a, b) => a[0] - b[0]);
		expect(ranges[0]).toEqual([0, 250]);
		for (let i = 1; i < ranges.length; i++) {
			expect(ranges[i][0]).toBeGreaterThan(ranges[i - 1][0]);
			expect(ranges[i][0]).toBeLessThan(ranges[i - 1][1]);
		}
		expect(ranges.at(-1)![1]).toBeGreaterThanOrEqual(1203);
		expect(reads.length).toBeLessThanOrEqual(7);
		// The reads after the first were in flight together (each takes 120 ms; one after another they would not overlap).
		expect(maxInFlight(apiRequests().slice(1))).toBeGreaterThanOrEqual(3);
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(ids.map(() => 0));
	});

	it('asks only for the pages a Limit needs', async () => {
		const small = await run({ resource: 'roomRecording', operation: 'getAll', returnAll: false, limit: 30 });
		expect(small.items).toHaveLength(30);
		expect(apiRequests().map((r) => r.query['page[size]'])).toEqual(['30']);

		const larger = await run({ resource: 'roomRecording', operation: 'getAll', returnAll: false, limit: 300 });
		expect(larger.items.map((i) => i.json.id)).toEqual(values(sb.store.recordings).slice(0, 300).map((r) => r.id));
		expect(apiRequests()).toHaveLength(2);
	});

	it('fails loudly when a page fails after all retries, never returning a partial list', async () => {
		sb.failNext(4, '503', { path: '/room_recordings', headers: fast } as any);
		const result = await run({
			resource: 'roomRecording',
			operation: 'getAll',
			returnAll: true,
			options: { maxAttempts: 4, pageConcurrency: 1 },
		});
		expect(result.items).toHaveLength(0);
		expect(result.error?.message).toMatch(/^Telnyx error 503/);
		expect(apiRequests()).toHaveLength(4);
	});

	it.each([
		['absurdTotalPages', /meta\.total_pages is 1000000000/],
		['negativeTotalPages', /meta\.total_pages is -1/],
		['missingData', /no "data" array/],
		['truncatedJson', /Telnyx answered 200 with a body that is not JSON \(\d+ bytes, application\/json/],
		['html', /HTML page/],
	])('rejects a hostile list page (%s) with a clear error', async (kind, message) => {
		sb.failNext(1, kind, { path: '/room_recordings' });
		const result = await run(
			{ resource: 'roomRecording', operation: 'getAll', returnAll: true, options: { maxAttempts: 1 } },
			{ direct: true }, // Prism would answer these bodies with its own 500 first
		);
		expect(result.error?.message).toMatch(message);
		expect(result.items).toHaveLength(0);
	});
});

describe('retries', () => {
	it('retries a GET on 503 and a connection reset, then succeeds', async () => {
		const room = values(sb.store.rooms)[0];
		sb.failNext(1, '503', { headers: fast } as any);
		sb.failNext(1, 'reset');
		// direct: through Prism a reset arrives as Prism's 500, not as a reset
		const { items, error } = await run({ resource: 'room', operation: 'get', roomId: byId(room.id) }, { direct: true });
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(room.id);
		expect(apiRequests().map((r) => r.status)).toEqual([503, 0, 200]);
	});

	it('waits as the 429 headers say and then succeeds, also for a create', async () => {
		const before = sb.store.rooms.size;
		sb.failNext(2, '429', { method: 'POST', headers: { 'retry-after': '0', 'x-ratelimit-reset': '0' } } as any);
		const { error } = await run({ resource: 'room', operation: 'create', additionalFields: { uniqueName: 'after-429' } });
		expect(error).toBeUndefined();
		expect(apiRequests().map((r) => r.status)).toEqual([429, 429, 201]);
		expect(sb.store.rooms.size).toBe(before + 1);
	});

	it('never repeats a create after a 500: the server may have acted', async () => {
		const before = sb.store.rooms.size;
		sb.failNext(1, '500', { method: 'POST', headers: fast } as any);
		const { error } = await run({ resource: 'room', operation: 'create', additionalFields: { uniqueName: 'no-dup' } });
		expect(apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
		expect((error as NodeApiError).httpCode).toBe('500');
		// The fault struck after the room was made: exactly one exists, none duplicated.
		expect(values(sb.store.rooms).filter((r) => r.unique_name === 'no-dup')).toHaveLength(1);
		expect(sb.store.rooms.size).toBe(before + 1);
	});

	it('never repeats a create after a connection reset either', async () => {
		sb.failNext(1, 'reset', { method: 'POST' });
		const { error } = await run(
			{ resource: 'room', operation: 'create', additionalFields: { uniqueName: 'reset-once' } },
			{ direct: true }, // a reset, not Prism's 500
		);
		expect(error?.message).toBe('Could not reach Telnyx for POST /rooms: the connection was reset');
		expect((error as NodeApiError).description).toMatch(/after 1 attempt\(s\) \(ECONNRESET\)/);
		expect(apiRequests().filter((r) => r.method === 'POST')).toHaveLength(1);
	});

	it('stops after Max Attempts', async () => {
		const room = values(sb.store.rooms)[0];
		sb.failNext(5, '502', { headers: fast } as any);
		const { error } = await run({ resource: 'room', operation: 'get', roomId: byId(room.id), options: { maxAttempts: 2 } });
		expect(error?.message).toMatch(/^Telnyx error 502/);
		expect((error as NodeApiError).description).toMatch(/after 2 attempts/);
		expect(apiRequests()).toHaveLength(2);
		expect(checked.violations()).toEqual([]);
		checked.clearViolations();
		sb.reset();
		sb.seed({ rooms: 3, sessionsPerRoom: 2, participantsPerSession: 2, recordings: 1203 });
	});

	it('treats a DELETE whose first answer was lost and then 404s as done', async () => {
		const recording = values(sb.store.recordings)[5];
		sb.failNext(1, 'reset', { method: 'DELETE' });
		const { items, error } = await run(
			{ resource: 'roomRecording', operation: 'delete', roomRecordingId: byId(recording.id) },
			{ direct: true }, // a reset, not Prism's 500
		);
		expect(error).toBeUndefined();
		expect(items[0].json).toEqual({ id: recording.id, deleted: true });
		expect(apiRequests().map((r) => r.status)).toEqual([0, 404]);
	});
});

describe('API errors', () => {
	const room = () => values(sb.store.rooms)[0];
	it.each([
		['401', /rejected the API key/],
		['403', /not allowed to do this/],
		['404', /Nothing with that ID exists/],
		['422', /^Telnyx rejected (a value; the message above is its explanation|the value of \S+ \(see the message above\))\. /],
	])('maps %s to a NodeApiError with Telnyx’s words and an actionable hint', async (status, hint) => {
		for (const errorStyle of ['spec', 'errors']) {
			sb.configure({ errorStyle });
			sb.failNext(1, status);
			// Telnyx's real `errors` shape is not the one its spec declares: Prism would reject it.
			const { error } = await run({ resource: 'room', operation: 'get', roomId: byId(room().id) }, { direct: errorStyle === 'errors' });
			const apiError = error as NodeApiError;
			expect(apiError.constructor.name).toBe('NodeApiError');
			expect(apiError.httpCode).toBe(status);
			expect(apiError.message).toMatch(new RegExp(`^Telnyx error ${status}: \\S`));
			expect(apiError.description).toMatch(hint);
			expect(`${apiError.message} ${apiError.description}`).not.toContain(API_KEY);
		}
	});

	it('names the field Telnyx points at on a 422', async () => {
		const taken = room().unique_name;
		const { error } = await run({ resource: 'room', operation: 'create', additionalFields: { uniqueName: taken } });
		expect(error?.message).toMatch(/^Telnyx error 422: .*\(field: unique_name\)/);
		// The field is in the message (n8n's title), so the hint points there, not "below".
		expect((error as NodeApiError).description).toMatch(/^Telnyx rejected the value of unique_name \(see the message above\)\. Correct it/);
		expect((error as NodeApiError).description).not.toMatch(/below/);
	});

	it('obeys any number of 429s that say when to come back, without using up attempts', async () => {
		sb.failNext(6, '429', { headers: fast } as any);
		const { items, error } = await run({ resource: 'room', operation: 'get', roomId: byId(room().id), options: { maxAttempts: 2 } });
		expect(error).toBeUndefined();
		expect(items[0].json.id).toBe(room().id);
		expect(apiRequests().map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 429, 200]);
	});

	it('counts 429s without a wait hint as attempts', async () => {
		sb.failNext(3, '429', { headers: { 'x-ratelimit-reset': '' } } as any);
		const { error } = await run({ resource: 'room', operation: 'get', roomId: byId(room().id), options: { maxAttempts: 2 } });
		expect((error as NodeApiError).httpCode).toBe('429');
		expect(apiRequests()).toHaveLength(2);
	});

	it('says what to do when Telnyx asks for a longer wait than the retry budget', async () => {
		sb.failNext(1, '429', { headers: { 'retry-after-ms': '600000' } } as any);
		const { error } = await run({ resource: 'room', operation: 'get', roomId: byId(room().id), options: { maxAttempts: 3 } });
		expect((error as NodeApiError).description).toMatch(/rate limit reached.*Lower the Concurrency/);
	});

	it('rejects a wrong API key without ever echoing it', async () => {
		const { error } = await run({ resource: 'room', operation: 'get', roomId: byId(room().id) }, { apiKey: 'KEY_wrong_9c2e' });
		expect((error as NodeApiError).httpCode).toBe('401');
		expect(JSON.stringify({ m: error?.message, d: (error as NodeApiError).description })).not.toContain('KEY_wrong_9c2e');
	});
});

describe('bad input is caught before any request, naming the field', () => {
	it('a literal malformed ID is already refused by n8n’s own parameter check', async () => {
		await expect(run({ resource: 'room', operation: 'get', roomId: byId('not-a-uuid') })).rejects.toThrow(
			/Not a valid room ID \(expected a UUID\)/,
		);
		expect(sb.requests).toHaveLength(0);
	});
	it.each<[string, INodeParameters, RegExp]>([
		['malformed room ID from an expression', { resource: 'room', operation: 'get', roomId: byId('={{ "not-a-uuid" }}') }, /^Room: must be an ID like 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0, got "not-a-uuid"/],
		['max participants out of range', { resource: 'room', operation: 'create', additionalFields: { maxParticipants: 51 } }, /^Additional Fields › Max Participants: must be between 2 and 50, got 51/],
		['timeout out of range', { resource: 'room', operation: 'create', additionalFields: { webhookTimeoutSecs: 31 } }, /Webhook Timeout \(Seconds\): must be between 0 and 30/],
		['URL without scheme', { resource: 'room', operation: 'create', additionalFields: { webhookEventUrl: 'example.com/hook' } }, /Webhook Event URL: must be a full http/],
		['impossible date', { resource: 'room', operation: 'getAll', filters: { dateCreatedAtGte: '2021-13-45' } }, /^Filters › Created On or After: must be a date/],
		['update with nothing to change', { resource: 'room', operation: 'update', roomId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0') }, /^Update Fields: add at least one field/],
		['malformed layout JSON', { resource: 'roomComposition', operation: 'create', sessionId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'), additionalFields: { videoLayout: '{"a": ' } }, /^Additional Fields › Video Layout \(JSON\): is not valid JSON/],
		['layout region out of range', { resource: 'roomComposition', operation: 'create', sessionId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'), additionalFields: { videoLayout: '{"a":{"z_pos":100}}' } }, /region "a": z_pos must be in -99–99/],
		['resolution too large', { resource: 'roomComposition', operation: 'create', sessionId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'), additionalFields: { resolution: '1920x1080' } }, /Resolution: each side must be 16–1280/],
		['kick list with a bad ID', { resource: 'roomSession', operation: 'kick', roomSessionId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'), participants: 'specific', participantsIds: 'abc' }, /^Participant Names or IDs: "abc" is not a valid ID/],
		['token TTL too short', { resource: 'clientToken', operation: 'generate', roomId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'), additionalFields: { tokenTtlSecs: 5 } }, /Token TTL \(Seconds\): must be between 10 and 3600/],
		['empty refresh token', { resource: 'clientToken', operation: 'refresh', roomId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'), refreshToken: '={{ "" }}' }, /^Refresh Token: is required/],
		['number from an expression that is not one', { resource: 'room', operation: 'create', additionalFields: { maxParticipants: '={{ "ten" }}' } }, /Max Participants: must be a whole number, got "ten"/],
	])('%s', async (_, parameters, message) => {
		const { error } = await run(parameters);
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(sb.requests).toHaveLength(0);
	});
});

describe('items', () => {
	it('Continue On Fail turns each failing item into an error item and keeps the others', async () => {
		const [a, b] = values(sb.store.rooms);
		const input = [{ id: a.id }, { id: 'oops' }, { id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0' }, { id: b.id }];
		const { items, error } = await run(
			{ resource: 'room', operation: 'get', roomId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			{ input, continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(items[0].json.id).toBe(a.id);
		expect(items[1].json.error).toMatch(/^Room: must be an ID/);
		expect(items[2].json.error).toMatch(/^Telnyx error 404/);
		expect(items[3].json.id).toBe(b.id);
		expect(apiRequests()).toHaveLength(3);
	});

	it('without Continue On Fail, one bad item stops the run before any request', async () => {
		const input = [{ id: values(sb.store.rooms)[0].id }, { id: 'oops' }];
		const { error } = await run(
			{ resource: 'room', operation: 'get', roomId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			{ input },
		);
		expect(error?.message).toMatch(/^Room: must be an ID/);
		expect(sb.requests).toHaveLength(0);
	});

	it('runs per-item requests concurrently, bounded, with output in input order', async () => {
		sb.configure({ latencyMs: 100 });
		const recordings = values(sb.store.recordings).slice(0, 40);
		const { items } = await run(
			{
				resource: 'roomRecording',
				operation: 'get',
				roomRecordingId: { __rl: true, mode: 'id', value: '={{ $json.id }}' },
				options: { concurrency: 5 },
			},
			{ input: recordings.map((r) => ({ id: r.id })) },
		);
		expect(items.map((item) => item.json.id)).toEqual(recordings.map((r) => r.id));
		expect(items.map((item) => (item.pairedItem as { item: number }).item)).toEqual(recordings.map((_, i) => i));
		const peak = maxInFlight(apiRequests());
		expect(peak).toBeGreaterThanOrEqual(4);
		expect(peak).toBeLessThanOrEqual(5);
	});
});

/** Most requests in flight at once, from the log's start times and durations. */
function maxInFlight(requests: SandboxRequest[]): number {
	const events = requests.flatMap((r: any) => {
		const start = Date.parse(r.at);
		return [
			[start, 1],
			[start + r.durationMs, -1],
		];
	});
	events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
	let now = 0;
	let peak = 0;
	for (const [, delta] of events) peak = Math.max(peak, (now += delta));
	return peak;
}

describe('credential and pickers', () => {
	it('the credential test passes with a good key and fails with a bad one', async () => {
		checked.clearViolations();
		const good = await testCredential({ credentialType: new TelnyxVideoApi(), data: credentials().telnyxVideoApi });
		expect(good.status).toBe('OK');
		const bad = await testCredential({ credentialType: new TelnyxVideoApi(), data: credentials('KEY_nope').telnyxVideoApi });
		expect(bad.status).toBe('Error');
		const last = sb.requests.at(-1);
		expect(last).toMatchObject({ method: 'GET', path: '/rooms', query: { 'page[size]': '1' } });
	});

	it('a wrong API key or Base URL in the credential test says what to check, not n8n’s bare "Unauthorized"', async () => {
		const bad = await testCredential({ credentialType: new TelnyxVideoApi(), data: credentials('KEY_nope').telnyxVideoApi });
		expect(bad).toEqual({ status: 'Error', message: expect.stringMatching(/^Telnyx rejected the API key\. Paste an API v2 key .*Auth → API Keys/) });
		const wrongUrl = { ...credentials().telnyxVideoApi, baseUrl: `${checked.directUrl}/nowhere` };
		const lost = await testCredential({ credentialType: new TelnyxVideoApi(), data: wrongUrl });
		expect(lost).toEqual({ status: 'Error', message: expect.stringMatching(/^Nothing answers at Base URL \+ \/rooms/) });
	});

	it('the credential shows a notice while the public key is empty, saying the webhook trigger needs it', () => {
		const properties = new TelnyxVideoApi().properties;
		const notice = properties.find((p) => p.type === 'notice');
		expect(notice?.displayName).toMatch(/Telnyx Video Trigger needs it/);
		expect(notice?.displayOptions).toEqual({ show: { publicKey: [''] } });
		expect(properties.findIndex((p) => p === notice)).toBe(properties.findIndex((p) => p.name === 'publicKey') + 1);
	});

	const picker = (method: string, parameters: INodeParameters = { resource: 'roomRecording', operation: 'get' }) => ({
		node: new TelnyxVideo(),
		parameters,
		credentials: credentials(),
		credentialTypes: [new TelnyxVideoApi()],
		method,
	});

	it('the recording picker lists newest first and pages back on demand', async () => {
		const all = values(sb.store.recordings);
		const newestFirst = [...all].reverse().map((r) => r.id);
		const pages = Math.ceil(all.length / 50);
		const lastPage = all.length - (pages - 1) * 50;
		expect(lastPage).toBeLessThan(25); // ~1200 recordings: a short last page
		const page1 = await runListSearch(picker('searchRoomRecordings'));
		// the short last page is topped up with the one before it
		const first = lastPage + 50;
		expect(page1.results.map((r) => r.value)).toEqual(newestFirst.slice(0, first));
		expect(page1.paginationToken).toBe(`50:${pages - 2}`);
		expect(page1.results[0].name).toMatch(/^(Audio|Video) recording 20\d\d-\d\d-\d\d \d\d:\d\d \(\d+ s, \w+\) — [0-9a-f-]{36}$/);
		const page2 = await runListSearch({ ...picker('searchRoomRecordings'), paginationToken: page1.paginationToken });
		expect(page2.results.map((r) => r.value)).toEqual(newestFirst.slice(first, first + 50));
		expect(page2.paginationToken).toBe(`50:${pages - 3}`);
	});

	it('the recording picker searches beyond the first screen', async () => {
		const oldest = values(sb.store.recordings)[0];
		const searched = await runListSearch({ ...picker('searchRoomRecordings'), filter: String(oldest.id).slice(0, 13) });
		let results = searched.results;
		let token = searched.paginationToken;
		while (!results.some((r) => r.value === oldest.id) && token) {
			const more = await runListSearch({ ...picker('searchRoomRecordings'), filter: String(oldest.id).slice(0, 13), paginationToken: token });
			results = results.concat(more.results);
			token = more.paginationToken;
		}
		expect(results.map((r) => r.value)).toContain(oldest.id);
		const audio = await runListSearch({ ...picker('searchRoomRecordings'), filter: 'audio' });
		expect(audio.results.length).toBeGreaterThan(0);
		expect(audio.results.every((r) => r.name.startsWith('Audio'))).toBe(true);
	});

	it('the room picker asks Telnyx for an exact name first; sessions say their room and are found by it', async () => {
		const room = values(sb.store.rooms)[0];
		sb.clearRequests();
		const rooms = await runListSearch({ ...picker('searchRooms'), filter: String(room.unique_name) });
		expect(rooms.results[0].value).toBe(room.id);
		expect(sb.requests.some((r: SandboxRequest) => r.path === '/rooms' && r.query['filter[unique_name]'] === room.unique_name)).toBe(true);

		const sessions = await runListSearch({ ...picker('searchRoomSessions'), filter: String(room.unique_name) });
		const ofRoom = values(sb.store.sessions).filter((x) => x.room_id === room.id);
		expect(sessions.results.map((r) => r.value).sort()).toEqual(ofRoom.map((x) => x.id).sort());
		for (const entry of sessions.results) expect(entry.name).toMatch(new RegExp(`^(Live|Ended) session in ${String(room.unique_name)}, started `));
	});
});
