/**
 * Proves the shared Telnyx Video sandbox (test/sandbox) behaves as Telnyx documents it, which is
 * what makes a product test against it worth something: its responses conform to the OpenAPI
 * spec (through a real `prism proxy` with response validation); pagination, every filter, auth,
 * error shapes, stateful semantics, rate-limit answers and webhook envelopes are Telnyx's; the
 * switches between documented variants (bulkDelete 'all' | 'page', errorStyle, nullStyle,
 * emptyTotalPages) do what they say. Plus the CLI that `npm start` runs.
 *
 * Mechanics the product tests exercise are proven there, not here: downloads (node.operations,
 * node.data-safety: bytes, MIME type, file name, no API key, 24 MiB streamed with size and
 * SHA-256), fault injection (node.behaviour, node.data-safety, reliability/faults and
 * hostile-responses), list churn (node.data-safety), event signing and tampering
 * (trigger-webhook.test.ts, the e2e trigger checks), the control API (demo-event.test.ts).
 */
import { createPublicKey, verify } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../sandbox');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startPrismProxy } = require('../sandbox/prism');

type Json = Record<string, any>;
const KEY = 'KEY_TEST';
const AUTH = { authorization: `Bearer ${KEY}` };
const DEMO = { rooms: 3, sessionsPerRoom: 2, participantsPerSession: 2, recordings: 10, compositions: 2 };

let sb: any;

beforeAll(async () => {
	sb = await startSandbox({ apiKey: KEY });
});
afterAll(async () => {
	await sb.close();
});
beforeEach(() => {
	sb.reset();
});

async function api(method: string, path: string, body?: unknown, headers: Json = AUTH, base?: string) {
	const res = await fetch(`${base ?? sb.url}${path}`, {
		method,
		headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let json: any;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status: res.status, headers: res.headers, text, json };
}
const get = (path: string, headers?: Json) => api('GET', path, undefined, headers);

/** Fetches every page (size 250) and returns the ids in order. */
async function allIds(path: string): Promise<string[]> {
	const ids: string[] = [];
	const sep = path.includes('?') ? '&' : '?';
	for (let n = 1; ; n++) {
		const r = await get(`${path}${sep}page[number]=${n}&page[size]=250`);
		expect(r.status).toBe(200);
		ids.push(...r.json.data.map((x: Json) => x.id));
		if (r.json.data.length === 0 || n >= r.json.meta.total_pages) break;
	}
	return ids;
}
const values = (m: Map<string, Json>) => [...m.values()];
const idsWhere = (m: Map<string, Json>, pred: (r: Json) => boolean) => values(m).filter(pred).map((r) => r.id);
function findIn(m: Map<string, Json>, pred: (r: Json) => boolean): Json {
	const r = values(m).find(pred);
	if (!r) throw new Error('no such record in the store');
	return r;
}
const day = (s: string | null | undefined) => (s ? s.slice(0, 10) : undefined);

/** Reference §9 verifier, verbatim: what the trigger node will do. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
function verifyTelnyx(raw: Buffer, tsHeader: string, sigHeader: string, pubB64: string, tolSec = 300): boolean {
	if (!/^\d+$/.test(tsHeader)) return false;
	const ts = Number(tsHeader);
	if (!Number.isSafeInteger(ts) || Math.abs(Math.floor(Date.now() / 1000) - ts) > tolSec) return false;
	const pub = Buffer.from(pubB64, 'base64');
	const sig = Buffer.from(sigHeader, 'base64');
	if (pub.length !== 32 || sig.length !== 64) return false;
	const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, pub]), format: 'der', type: 'spki' });
	return verify(null, Buffer.concat([Buffer.from(tsHeader + '|', 'utf8'), raw]), key, sig);
}

/** A webhook receiver on 127.0.0.1 that records raw bodies and answers `status`. */
interface Received {
	headers: IncomingHttpHeaders;
	raw: Buffer;
	json: Json;
}
async function receiver(status = 200): Promise<{ url: string; got: Received[]; server: Server; setStatus(s: number): void }> {
	const got: Received[] = [];
	let answer = status;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			got.push({ headers: req.headers, raw, json: JSON.parse(raw.toString('utf8')) });
			res.writeHead(answer, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	return { url, got, server, setStatus: (s) => (answer = s) };
}
const closeServer = (s: Server) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });

// ---------------------------------------------------------------------------------------
describe('basics', () => {
	it('seeds deterministic, realistic data with UUIDv4 ids and ISO date-times', async () => {
		const ids = sb.seed(DEMO);
		const first = JSON.stringify(sb.store.toJSON());
		sb.reset();
		expect(sb.seed(DEMO)).toEqual(ids);
		expect(JSON.stringify(sb.store.toJSON())).toBe(first);
		expect(sb.store.counts()).toEqual({ rooms: 3, sessions: 6, participants: 12, recordings: 10, compositions: 2 });
		const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
		const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
		for (const r of values(sb.store.recordings)) {
			expect(r.id).toMatch(uuid);
			expect(r.started_at).toMatch(iso);
			expect(sb.store.participants.get(r.participant_id).session_id).toBe(r.session_id);
		}
		for (const s of values(sb.store.sessions)) expect(s.active ? s.ended_at === null : s.ended_at > s.created_at).toBe(true);
	});
});

// ---------------------------------------------------------------------------------------
describe('pagination', () => {
	it('computes page math, keeps creation order, defaults to page 1 / size 20', async () => {
		sb.seed({ rooms: 45 });
		const order = [...sb.store.rooms.keys()];
		const d = await get('/rooms');
		expect(d.json.meta).toEqual({ page_number: 1, page_size: 20, total_pages: 3, total_results: 45 });
		expect(d.json.data).toHaveLength(20);
		const p3 = await get('/rooms?page[number]=3&page[size]=20');
		expect(p3.json.data.map((r: Json) => r.id)).toEqual(order.slice(40));
		const p4 = await get('/rooms?page[number]=4');
		expect(p4.json.data).toEqual([]);
		expect(p4.json.meta).toEqual({ page_number: 4, page_size: 20, total_pages: 3, total_results: 45 });
		const big = await get('/rooms?page%5Bsize%5D=250'); // URL-encoded brackets (the SDK's form)
		expect(big.json.meta).toEqual({ page_number: 1, page_size: 250, total_pages: 1, total_results: 45 });
		expect(await allIds('/rooms')).toEqual(order);
		const seven: string[] = [];
		for (let n = 1; n <= 7; n++) seven.push(...(await get(`/rooms?page[size]=7&page[number]=${n}`)).json.data.map((r: Json) => r.id));
		expect(seven).toEqual(order);
	});

	it('answers total_pages 0 for an empty result (configurable to 1)', async () => {
		expect((await get('/room_recordings')).json.meta).toEqual({ page_number: 1, page_size: 20, total_pages: 0, total_results: 0 });
		sb.configure({ emptyTotalPages: 1 });
		expect((await get('/room_recordings')).json.meta.total_pages).toBe(1);
	});

	it.each([
		['page[size]=0', 'page[size]'],
		['page[size]=251', 'page[size]'],
		['page[size]=abc', 'page[size]'],
		['page[number]=0', 'page[number]'],
		['page[number]=1.5', 'page[number]'],
	])('rejects %s with 422', async (q, param) => {
		const spec = await get(`/rooms?${q}`);
		expect(spec.status).toBe(422);
		expect(spec.json).toEqual({ message: expect.stringContaining(param), success: false }); // generic 4XX shape
		sb.configure({ errorStyle: 'errors' });
		const e = await get(`/rooms?${q}`);
		expect(e.json.errors[0]).toMatchObject({ code: '10015', source: { parameter: param } });
	});
});

// ---------------------------------------------------------------------------------------
describe('filters (every filter of every list endpoint)', () => {
	let ids: Json;
	beforeEach(() => {
		ids = sb.seed({ rooms: 8, sessionsPerRoom: 3, participantsPerSession: 3, recordings: 400, compositions: 12 });
	});

	const mid = (m: Map<string, Json>, field: string, base: (r: Json) => boolean) => {
		const ds = values(m).filter(base).map((r) => day(r[field])).filter(Boolean).sort() as string[];
		return ds[Math.floor(ds.length / 2)];
	};

	async function checkDates(path: string, m: Map<string, Json>, name: string, field: string, base: (r: Json) => boolean = () => true) {
		const d = mid(m, field, base);
		const sep = path.includes('?') ? '&' : '?';
		const cases: Array<[string, (r: Json) => boolean]> = [
			['eq', (r) => day(r[field]) === d],
			['gte', (r) => !!r[field] && day(r[field])! >= d],
			['lte', (r) => !!r[field] && day(r[field])! <= d],
		];
		for (const [op, pred] of cases) {
			const want = idsWhere(m, (r) => base(r) && pred(r));
			const got = await allIds(`${path}${sep}filter[${name}][${op}]=${d}`);
			expect({ op, name, got }).toEqual({ op, name, got: want });
		}
		// a proper subset, not all or nothing
		const gte = idsWhere(m, (r) => base(r) && !!r[field] && day(r[field])! >= d).length;
		expect(gte).toBeGreaterThan(0);
		expect(gte).toBeLessThan(idsWhere(m, base).length);
	}

	it('rooms: date_created_at, date_updated_at, unique_name, include_sessions', async () => {
		await checkDates('/rooms', sb.store.rooms, 'date_created_at', 'created_at');
		await checkDates('/rooms', sb.store.rooms, 'date_updated_at', 'updated_at');
		const room = sb.store.rooms.get(ids.rooms[2]);
		expect(await allIds(`/rooms?filter[unique_name]=${room.unique_name}`)).toEqual([room.id]);
		const withS = await get('/rooms?include_sessions=true');
		expect(withS.json.data[0].sessions.map((s: Json) => s.id)).toEqual(idsWhere(sb.store.sessions, (s) => s.room_id === ids.rooms[0]));
		expect((await get('/rooms?include_sessions=false')).json.data[0].sessions).toBeUndefined();
		const one = await get(`/rooms/${room.id}?include_sessions=true`);
		expect(one.json.data.sessions).toHaveLength(3);
	});

	it('room_sessions: dates, room_id, active, include_participants (and /rooms/{id}/sessions)', async () => {
		for (const [n, f] of [['date_created_at', 'created_at'], ['date_updated_at', 'updated_at'], ['date_ended_at', 'ended_at']]) {
			await checkDates('/room_sessions', sb.store.sessions, n, f);
		}
		expect(await allIds(`/room_sessions?filter[room_id]=${ids.rooms[1]}`)).toEqual(idsWhere(sb.store.sessions, (s) => s.room_id === ids.rooms[1]));
		const active = idsWhere(sb.store.sessions, (s) => s.active);
		expect(active.length).toBeGreaterThan(0);
		expect(await allIds('/room_sessions?filter[active]=true')).toEqual(active);
		expect(await allIds('/room_sessions?filter[active]=false')).toEqual(idsWhere(sb.store.sessions, (s) => !s.active));
		const inc = await get('/room_sessions?include_participants=true&page[size]=1');
		expect(inc.json.data[0].participants).toHaveLength(3);
		const room = ids.rooms[3];
		const inRoom = (s: Json) => s.room_id === room;
		expect(await allIds(`/rooms/${room}/sessions`)).toEqual(idsWhere(sb.store.sessions, inRoom));
		await checkDates(`/rooms/${room}/sessions`, sb.store.sessions, 'date_created_at', 'created_at', inRoom);
		expect(await allIds(`/rooms/${room}/sessions?filter[active]=false`)).toEqual(idsWhere(sb.store.sessions, (s) => inRoom(s) && !s.active));
		const one = await get(`/room_sessions/${ids.sessions[0]}?include_participants=true`);
		expect(one.json.data.participants).toHaveLength(3);
	});

	it('room_participants: dates, context, session_id (and /room_sessions/{id}/participants)', async () => {
		for (const [n, f] of [['date_joined_at', 'joined_at'], ['date_updated_at', 'updated_at'], ['date_left_at', 'left_at']]) {
			await checkDates('/room_participants', sb.store.participants, n, f);
		}
		const ctx = sb.store.participants.get(ids.participants[4]).context;
		expect(await allIds(`/room_participants?filter[context]=${ctx}`)).toEqual(idsWhere(sb.store.participants, (p) => p.context === ctx));
		const sid = ids.sessions[5];
		const inS = (p: Json) => p.session_id === sid;
		expect(await allIds(`/room_participants?filter[session_id]=${sid}`)).toEqual(idsWhere(sb.store.participants, inS));
		expect(await allIds(`/room_sessions/${sid}/participants`)).toEqual(idsWhere(sb.store.participants, inS));
		const c2 = sb.store.participants.get(idsWhere(sb.store.participants, inS)[1]).context;
		expect(await allIds(`/room_sessions/${sid}/participants?filter[context]=${c2}`)).toEqual(idsWhere(sb.store.participants, (p) => inS(p) && p.context === c2));
	});

	it('room_recordings: dates, room/participant/session ids, status, type, duration_secs (>=)', async () => {
		await checkDates('/room_recordings', sb.store.recordings, 'date_started_at', 'started_at');
		await checkDates('/room_recordings', sb.store.recordings, 'date_ended_at', 'ended_at');
		const r0 = sb.store.recordings.get(ids.recordings[7]);
		for (const f of ['room_id', 'participant_id', 'session_id', 'status', 'type']) {
			expect(await allIds(`/room_recordings?filter[${f}]=${r0[f]}`)).toEqual(idsWhere(sb.store.recordings, (r) => r[f] === r0[f]));
		}
		expect(await allIds('/room_recordings?filter[status]=processing')).toEqual(idsWhere(sb.store.recordings, (r) => r.status === 'processing'));
		const dur = await allIds('/room_recordings?filter[duration_secs]=1800');
		expect(dur).toEqual(idsWhere(sb.store.recordings, (r) => r.duration_secs >= 1800));
		expect(dur.length).toBeGreaterThan(50);
		expect(await allIds('/room_recordings?filter[duration_secs][lte]=60')).toEqual(idsWhere(sb.store.recordings, (r) => r.duration_secs <= 60));
		const combo = await allIds(`/room_recordings?filter[type]=video&filter[duration_secs]=600&filter[date_started_at][lte]=2024-06-30`);
		expect(combo).toEqual(idsWhere(sb.store.recordings, (r) => r.type === 'video' && r.duration_secs >= 600 && day(r.started_at)! <= '2024-06-30'));
	});

	it('room_compositions: date_created_at, session_id, status', async () => {
		await checkDates('/room_compositions', sb.store.compositions, 'date_created_at', 'created_at');
		const c = sb.store.compositions.get(ids.compositions[3]);
		expect(await allIds(`/room_compositions?filter[session_id]=${c.session_id}`)).toEqual(idsWhere(sb.store.compositions, (x) => x.session_id === c.session_id));
		for (const st of ['completed', 'processing', 'enqueued']) {
			expect(await allIds(`/room_compositions?filter[status]=${st}`)).toEqual(idsWhere(sb.store.compositions, (x) => x.status === st));
		}
	});

	it.each([
		['/rooms?filter[date_created_at][gte]=2021-13-45', 'filter[date_created_at][gte]'],
		['/rooms?filter[date_created_at][eq]=2021-04-25T10:00:00Z', 'filter[date_created_at][eq]'],
		['/room_sessions?filter[active]=yes', 'filter[active]'],
		['/room_recordings?filter[room_id]=not-a-uuid', 'filter[room_id]'],
		['/room_recordings?filter[duration_secs]=ten', 'filter[duration_secs]'],
		['/room_compositions?filter[status]=failed', 'filter[status]'],
		['/rooms?include_sessions=1', 'include_sessions'],
	])('rejects invalid filter value %s', async (path, param) => {
		sb.configure({ errorStyle: 'errors' });
		const r = await get(path);
		expect(r.status).toBe(422);
		expect(r.json.errors[0].source).toEqual({ parameter: param });
	});

	it('logs unknown query keys (Prism does not flag them) and can reject them', async () => {
		await get('/rooms?filter[unique_nam]=x&page=5');
		expect(sb.requests[0].unknownQuery).toEqual(['filter[unique_nam]', 'page']);
		expect(sb.requests[0].query).toEqual({ 'filter[unique_nam]': 'x', page: '5' });
		sb.configure({ unknownQuery: 'reject' });
		expect((await get('/rooms?filter[unique_nam]=x')).status).toBe(422);
	});
});

// ---------------------------------------------------------------------------------------
describe('auth and error shapes', () => {
	it('requires the Bearer key (401, code 10009)', async () => {
		for (const h of [{}, { authorization: 'Bearer nope' }, { authorization: KEY }]) {
			const r = await get('/rooms', h);
			expect(r.status).toBe(401);
			expect(r.json.errors[0]).toMatchObject({ code: '10009', title: 'Authentication failed' });
		}
	});

	it('session actions work with or without the key, but not with a wrong one', async () => {
		const ids = sb.seed(DEMO);
		const s = ids.sessions[0];
		expect((await api('POST', `/room_sessions/${s}/actions/mute`, { participants: 'all' }, {})).status).toBe(200);
		expect((await api('POST', `/room_sessions/${s}/actions/mute`, { participants: 'all' })).status).toBe(200);
		expect((await api('POST', `/room_sessions/${s}/actions/mute`, { participants: 'all' }, { authorization: 'Bearer bad' })).status).toBe(401);
	});

	it('uses the spec-declared shapes by default and errors[] with errorStyle "errors"', async () => {
		const missing = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
		const bare = await get(`/rooms/${missing}`);
		expect(bare.status).toBe(404);
		expect(bare.json).toMatchObject({ code: '10005', title: 'Resource not found' });
		expect(bare.json.errors).toBeUndefined();
		const generic = await api('POST', `/room_sessions/${missing}/actions/end`);
		expect(generic.status).toBe(404);
		expect(generic.json).toEqual({ message: expect.any(String), success: false });
		const v = await api('POST', '/rooms', { max_participants: 1 });
		expect(v.status).toBe(422);
		expect(v.json.errors[0]).toMatchObject({ code: '10015', source: { pointer: '/max_participants' } });
		sb.configure({ errorStyle: 'errors' });
		for (const r of [await get(`/rooms/${missing}`), await api('POST', `/room_sessions/${missing}/actions/end`)]) {
			expect(r.json.errors[0]).toMatchObject({ code: '10005', title: 'Resource not found' });
		}
	});

	it('answers unknown paths with 404', async () => {
		expect((await get('/rooms/x/y/z')).status).toBe(404);
		expect((await get('/video_things')).status).toBe(404);
	});
});

// ---------------------------------------------------------------------------------------
describe('stateful semantics', () => {
	it('creates rooms with defaults and validates fields', async () => {
		const r = await api('POST', '/rooms', {});
		expect(r.status).toBe(201);
		expect(r.json.data).toMatchObject({ max_participants: 10, enable_recording: false, webhook_event_failover_url: null, webhook_timeout_secs: null, record_type: 'room' });
		const ok = await api('POST', '/rooms', { unique_name: 'dup', max_participants: 50, webhook_event_url: 'https://h.example/x', webhook_timeout_secs: 30 });
		expect(ok.status).toBe(201);
		const bad: Array<[Json, string]> = [
			[{ unique_name: 'dup' }, '/unique_name'],
			[{ max_participants: 1 }, '/max_participants'],
			[{ max_participants: 51 }, '/max_participants'],
			[{ max_participants: 'ten' }, '/max_participants'],
			[{ webhook_timeout_secs: 31 }, '/webhook_timeout_secs'],
			[{ webhook_event_url: 'example.com/hook' }, '/webhook_event_url'],
			[{ webhook_event_failover_url: 'not a url' }, '/webhook_event_failover_url'],
			[{ enable_recording: 'yes' }, '/enable_recording'],
		];
		for (const [body, pointer] of bad) {
			const e = await api('POST', '/rooms', body);
			expect({ body, status: e.status, pointer: e.json.errors[0].source.pointer }).toEqual({ body, status: 422, pointer });
		}
		const noBody = await api('POST', '/rooms');
		expect(noBody.status).toBe(422);
		expect(noBody.json.errors[0].detail).toBe('Body parameter is required');
		expect((await api('POST', '/rooms', '{"unique_name":')).status).toBe(422);
		expect(sb.store.rooms.size).toBe(2);
	});

	it('PATCH stores exactly what was sent (swap and restore of webhook_event_url)', async () => {
		const { json } = await api('POST', '/rooms', { unique_name: 'r', webhook_event_url: 'https://orig.example/h', webhook_event_failover_url: 'https://fo.example/h' });
		const id = json.data.id;
		const p1 = await api('PATCH', `/rooms/${id}`, { webhook_event_url: 'http://127.0.0.1:5678/webhook/abc', webhook_event_failover_url: null });
		expect(p1.status).toBe(200);
		expect(p1.json.data).toMatchObject({ webhook_event_url: 'http://127.0.0.1:5678/webhook/abc', webhook_event_failover_url: null, unique_name: 'r' });
		await api('PATCH', `/rooms/${id}`, { webhook_event_url: '' });
		expect(sb.store.rooms.get(id).webhook_event_url).toBe('');
		await api('PATCH', `/rooms/${id}`, { webhook_event_url: null });
		expect(sb.store.rooms.get(id).webhook_event_url).toBeNull();
		expect((await get(`/rooms/${id}`)).json.data.webhook_event_url).toBeUndefined(); // nullStyle 'omit'
		sb.configure({ nullStyle: 'null' });
		expect((await get(`/rooms/${id}`)).json.data.webhook_event_url).toBeNull();
		await api('PATCH', `/rooms/${id}`, { webhook_event_url: 'https://orig.example/h' });
		expect(sb.store.rooms.get(id).webhook_event_url).toBe('https://orig.example/h');
		expect(sb.requests.filter((r: Json) => r.method === 'PATCH').map((r: Json) => r.body.webhook_event_url)).toEqual(['http://127.0.0.1:5678/webhook/abc', '', null, 'https://orig.example/h']);
		expect((await api('PATCH', '/rooms/0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', {})).status).toBe(404);
	});

	it('DELETE room answers 204, ends its active session, then 404', async () => {
		const ids = sb.seed(DEMO);
		const room = findIn(sb.store.rooms, (r) => r.active_session_id);
		const sid = room.active_session_id;
		const d = await api('DELETE', `/rooms/${room.id}`);
		expect(d.status).toBe(204);
		expect(d.text).toBe('');
		expect(sb.store.sessions.get(sid)).toMatchObject({ active: false, ended_at: expect.any(String) });
		expect((await get(`/rooms/${room.id}`)).status).toBe(404);
		expect((await api('DELETE', `/rooms/${room.id}`)).status).toBe(404);
		expect(ids.rooms).toContain(room.id);
	});

	it('session end/kick/mute/unmute change the store', async () => {
		sb.seed({ rooms: 1, sessionsPerRoom: 1, participantsPerSession: 1 }); // room 1: active session
		const s = values(sb.store.sessions)[0];
		expect(s.active).toBe(true);
		const { record: p2 } = await sb.simulate.participantJoined(s.id, 'Bob');
		const { record: p3 } = await sb.simulate.participantJoined(s.id, 'Carol');
		const present = () => idsWhere(sb.store.participants, (p) => p.session_id === s.id && !p.left_at);
		expect(present()).toHaveLength(3);
		await api('POST', `/room_sessions/${s.id}/actions/mute`, { participants: 'all', exclude: [p2.id] });
		expect(values(sb.store.participants).map((p) => !!p._muted)).toEqual([true, false, true]);
		await api('POST', `/room_sessions/${s.id}/actions/unmute`, { participants: [p3.id] });
		expect(sb.store.participants.get(p3.id)._muted).toBe(false);
		const k = await api('POST', `/room_sessions/${s.id}/actions/kick`, { participants: [p2.id] });
		expect(k.json).toEqual({ data: { result: 'ok' } });
		expect(sb.store.participants.get(p2.id).left_at).toEqual(expect.any(String));
		expect(present()).toHaveLength(2);
		expect((await api('POST', `/room_sessions/${s.id}/actions/kick`, { participants: 'everyone' })).status).toBe(422);
		expect((await api('POST', `/room_sessions/${s.id}/actions/kick`)).status).toBe(422); // body required
		await api('POST', `/room_sessions/${s.id}/actions/kick`, {}); // no participants: no-op
		expect(present()).toHaveLength(2);
		const e = await api('POST', `/room_sessions/${s.id}/actions/end`);
		expect(e.json).toEqual({ data: { result: 'ok' } });
		expect(s).toMatchObject({ active: false, ended_at: expect.any(String) });
		expect(present()).toHaveLength(0);
		expect(sb.store.rooms.get(s.room_id).active_session_id).toBeNull();
		expect((await api('POST', `/room_sessions/${s.id}/actions/end`)).status).toBe(200); // idempotent
	});

	it('issues JWT-shaped client tokens with TTL-based expiry and refreshes only known ones', async () => {
		const ids = sb.seed(DEMO);
		const [room, other] = ids.rooms;
		const t = await api('POST', `/rooms/${room}/actions/generate_join_client_token`, { token_ttl_secs: 60, refresh_token_ttl_secs: 120 });
		expect(t.status).toBe(201);
		const d = t.json.data;
		expect(d.token.split('.')).toHaveLength(3);
		expect(JSON.parse(Buffer.from(d.token.split('.')[1], 'base64url').toString()).grants[0].resources).toEqual([`telnyx:video:rooms:${room}`]);
		expect(Math.abs(Date.parse(d.token_expires_at) - Date.now() - 60000)).toBeLessThan(3000);
		expect(Math.abs(Date.parse(d.refresh_token_expires_at) - Date.now() - 120000)).toBeLessThan(3000);
		const def = (await api('POST', `/rooms/${room}/actions/generate_join_client_token`, {})).json.data;
		expect(Math.abs(Date.parse(def.token_expires_at) - Date.now() - 600000)).toBeLessThan(3000);
		expect((await api('POST', `/rooms/${room}/actions/generate_join_client_token`, { token_ttl_secs: 5 })).status).toBe(422);
		const r = await api('POST', `/rooms/${room}/actions/refresh_client_token`, { refresh_token: d.refresh_token, token_ttl_secs: 30 }, {});
		expect(r.status).toBe(201);
		expect(Object.keys(r.json.data).sort()).toEqual(['token', 'token_expires_at']);
		const forged = await api('POST', `/rooms/${room}/actions/refresh_client_token`, { refresh_token: 'eyJ.x.y' }, {});
		expect(forged.status).toBe(403);
		expect(forged.json).toMatchObject({ code: '10006' });
		expect((await api('POST', `/rooms/${other}/actions/refresh_client_token`, { refresh_token: d.refresh_token }, {})).status).toBe(403);
		expect((await api('POST', `/rooms/${room}/actions/refresh_client_token`, {}, {})).status).toBe(422);
	});

	it('recordings: delete one (204), bulk delete by filter, all matches or one page per call (201 + count)', async () => {
		const ids = sb.seed({ rooms: 2, sessionsPerRoom: 1, participantsPerSession: 2, recordings: 100 });
		expect((await api('DELETE', `/room_recordings/${ids.recordings[0]}`)).status).toBe(204);
		expect((await get(`/room_recordings/${ids.recordings[0]}`)).status).toBe(404);
		const audio = idsWhere(sb.store.recordings, (r) => r.type === 'audio');
		const b = await api('DELETE', '/room_recordings?filter[type]=audio');
		expect(b.status).toBe(201);
		expect(b.json).toEqual({ data: { room_recordings: audio.length } });
		expect(idsWhere(sb.store.recordings, (r) => r.type === 'audio')).toEqual([]);
		const video = idsWhere(sb.store.recordings, (r) => r.type === 'video');
		expect(video.length).toBeGreaterThan(30);
		sb.configure({ bulkDelete: 'page' });
		const page = await api('DELETE', '/room_recordings?filter[type]=video&page[number]=2&page[size]=10');
		expect(page.json.data.room_recordings).toBe(10);
		expect(idsWhere(sb.store.recordings, () => true)).toEqual([...video.slice(0, 10), ...video.slice(20)]);
		const defaultPage = await api('DELETE', '/room_recordings?filter[type]=video');
		expect(defaultPage.json.data.room_recordings).toBe(20);
		sb.configure({ bulkDelete: 'all' });
		const rest = await api('DELETE', '/room_recordings?filter[type]=video&page[number]=1&page[size]=1');
		expect(rest.json.data.room_recordings).toBe(video.length - 30);
		expect(sb.store.recordings.size).toBe(0);
		expect(() => sb.configure({ bulkDelete: 'some' })).toThrow(/bulkDelete must be "all" or "page"/);
	});

	it('compositions: 202 enqueued, validation, completion with a download URL', async () => {
		const ids = sb.seed(DEMO);
		const c = await api('POST', '/room_compositions', { session_id: ids.sessions[0], format: 'mp4', resolution: '800x600', video_layout: { first: { x_pos: 0, y_pos: 0, z_pos: 0, width: 800, height: 600, video_sources: ['*'] } } });
		expect(c.status).toBe(202);
		expect(c.json.data).toMatchObject({ status: 'enqueued', session_id: ids.sessions[0], room_id: ids.rooms[0], format: 'mp4', resolution: '800x600' });
		expect(c.json.data.download_url).toBeUndefined();
		for (const body of [{}, { session_id: ids.sessions[0], resolution: '1920x1080' }, { session_id: ids.sessions[0], format: 'webm' }, { session_id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0' }, { session_id: ids.sessions[0], video_layout: { a: {}, b: {}, c: {} } }]) {
			expect((await api('POST', '/room_compositions', body)).status).toBe(422);
		}
		await sb.simulate.compositionCompleted(c.json.data.id);
		const done = (await get(`/room_compositions/${c.json.data.id}`)).json.data;
		expect(done).toMatchObject({ status: 'completed', download_url: `${sb.url}/downloads/compositions/${done.id}.mp4` });
		expect((await api('DELETE', `/room_compositions/${done.id}`)).status).toBe(204);
		expect((await get(`/room_compositions/${done.id}`)).status).toBe(404);
	});

	it('can auto-complete compositions after compositionCompleteMs', async () => {
		const ids = sb.seed(DEMO);
		sb.configure({ compositionCompleteMs: 50 });
		const c = await api('POST', '/room_compositions', { session_id: ids.sessions[0] });
		await new Promise((r) => setTimeout(r, 200));
		expect(sb.store.compositions.get(c.json.data.id).status).toBe('completed');
	});
});

// ---------------------------------------------------------------------------------------
describe('rate limiting', () => {
	it('answers 429 (code 10011) beyond the bucket, with x-ratelimit-* and optional retry-after headers', async () => {
		sb.configure({ rateLimit: { perSecond: 5, headers: { retryAfter: true, retryAfterMs: true } } });
		const rs = [];
		for (let i = 0; i < 8; i++) rs.push(await get('/rooms'));
		expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
		expect(rs[0].headers.get('x-ratelimit-limit')).toBe('5');
		expect(rs[0].headers.get('x-ratelimit-remaining')).toBe('4');
		expect(Number(rs[4].headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
		const limited = rs[6];
		expect(limited.json.errors[0]).toMatchObject({ code: '10011', title: 'Too many requests' });
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(1);
		expect(limited.headers.get('retry-after')).toBe('1');
		expect(Number(limited.headers.get('retry-after-ms'))).toBeGreaterThan(0);
		expect(Number(limited.headers.get('retry-after-ms'))).toBeLessThanOrEqual(1000);
		expect(sb.stats.rateLimited).toBe(3);
		await new Promise((r) => setTimeout(r, 450));
		expect((await get('/rooms')).status).toBe(200);
	});

	it('can leave out x-ratelimit-reset and retry-after (client must fall back to backoff)', async () => {
		sb.configure({ rateLimit: { perSecond: 1, headers: { rateLimitReset: false } } });
		await get('/rooms');
		const r = await get('/rooms');
		expect(r.status).toBe(429);
		expect(r.headers.get('x-ratelimit-reset')).toBeNull();
		expect(r.headers.get('retry-after')).toBeNull();
		// a 429 never acts
		expect((await api('POST', '/rooms', { unique_name: 'x' })).status).toBe(429);
		expect(sb.store.rooms.size).toBe(0);
	});
});

// ---------------------------------------------------------------------------------------
describe('webhooks', () => {
	it('makeEvent builds the 7 documented envelopes', () => {
		const fields: Record<string, string[]> = {
			'session.started': ['room_id', 'session_id'],
			'session.ended': ['room_id', 'session_id', 'duration_secs', 'ended_reason'],
			'participant.joined': ['room_id', 'session_id', 'participant_id', 'context'],
			'participant.left': ['room_id', 'session_id', 'participant_id', 'context', 'duration_secs', 'left_reason'],
			'recording.started': ['room_id', 'session_id', 'participant_id', 'recording_id', 'type'],
			'recording.completed': ['room_id', 'session_id', 'participant_id', 'recording_id', 'type', 'codec', 'duration_secs', 'size_mb', 'download_url'],
			'composition.completed': ['composition_id', 'room_id', 'session_id', 'format', 'resolution', 'duration_secs', 'size_mb', 'download_url'],
		};
		for (const [t, keys] of Object.entries(fields)) {
			const e = sb.makeEvent(t, { context: 'Zed' });
			expect(e.data).toMatchObject({ record_type: 'event', event_type: `video.room.${t}`, id: expect.any(String), occurred_at: expect.any(String) });
			for (const k of keys) expect(e.data.payload[k]).toBeDefined();
			expect(e.meta).toEqual({ attempt: 1 });
		}
		expect(sb.makeEvent('video.room.participant.joined', { context: 'Zed' }).data.payload.context).toBe('Zed');
	});

	it('simulate.* updates the store and delivers signed events to the room (or composition) URL, with failover', async () => {
		const rx = await receiver();
		const fo = await receiver();
		try {
			const room = (await api('POST', '/rooms', { unique_name: 'live', webhook_event_url: rx.url })).json.data;
			const s = await sb.simulate.sessionStarted(room.id);
			expect(s.status).toBe(200);
			expect(sb.store.rooms.get(room.id).active_session_id).toBe(s.record.id);
			const j = await sb.simulate.participantJoined(s.record.id, 'Alice');
			const rs = await sb.simulate.recordingStarted(j.record.id, { type: 'video' });
			const rc = await sb.simulate.recordingCompleted(rs.record.id);
			expect(sb.store.recordings.get(rs.record.id)).toMatchObject({ status: 'completed', download_url: expect.stringContaining('.webm') });
			const l = await sb.simulate.participantLeft(j.record.id, { reason: 'kicked' });
			expect(sb.store.participants.get(j.record.id).left_at).toEqual(expect.any(String));
			await sb.simulate.sessionEnded(s.record.id);
			expect(sb.store.sessions.get(s.record.id).active).toBe(false);
			expect(rx.got.map((g) => g.json.data.event_type)).toEqual([
				'video.room.session.started', 'video.room.participant.joined', 'video.room.recording.started',
				'video.room.recording.completed', 'video.room.participant.left', 'video.room.session.ended',
			]);
			expect(rc.event.data.payload.download_url).toBe(sb.store.recordings.get(rs.record.id).download_url);
			expect(l.event.data.payload).toMatchObject({ left_reason: 'kicked', context: 'Alice', participant_id: j.record.id });
			for (const g of rx.got) {
				expect(verifyTelnyx(g.raw, g.headers['telnyx-timestamp'] as string, g.headers['telnyx-signature-ed25519'] as string, sb.publicKey)).toBe(true);
			}
			// composition events go to the composition's own URL; primary failing -> failover
			rx.setStatus(500);
			const c = await api('POST', '/room_compositions', { session_id: s.record.id, webhook_event_url: rx.url, webhook_event_failover_url: fo.url });
			const cc = await sb.simulate.compositionCompleted(c.json.data.id);
			expect(cc.attempts.map((a: Json) => [a.url, a.status])).toEqual([[rx.url, 500], [fo.url, 200]]);
			expect(fo.got[0].json.data.event_type).toBe('video.room.composition.completed');
			expect(fo.got[0].json.meta.attempt).toBe(2);
			expect(sb.deliveries.length).toBe(8);
			// no URL: nothing is sent
			const quiet = (await api('POST', '/rooms', { unique_name: 'quiet' })).json.data;
			expect(await sb.simulate.sessionStarted(quiet.id)).toMatchObject({ status: null, skipped: true });
		} finally {
			await closeServer(rx.server);
			await closeServer(fo.server);
		}
	});

	it('can emit events for API end/kick (emitOnActions)', async () => {
		const rx = await receiver();
		try {
			sb.configure({ emitOnActions: true });
			const room = (await api('POST', '/rooms', { webhook_event_url: rx.url })).json.data;
			const s = (await sb.simulate.sessionStarted(room.id)).record;
			await sb.simulate.participantJoined(s.id, 'A');
			await api('POST', `/room_sessions/${s.id}/actions/end`);
			for (let i = 0; i < 50 && rx.got.length < 4; i++) await new Promise((r) => setTimeout(r, 20));
			expect(rx.got.map((g) => g.json.data.event_type).slice(2)).toEqual(['video.room.participant.left', 'video.room.session.ended']);
		} finally {
			await closeServer(rx.server);
		}
	});

	it('accepts a fixed private key (32-byte seed)', async () => {
		const seed = Buffer.alloc(32, 7).toString('base64');
		const a = await startSandbox({ privateKey: seed });
		const b = await startSandbox({ privateKey: seed });
		try {
			expect(a.publicKey).toBe(b.publicKey);
			const h = a.signEvent('x', { timestamp: 1 });
			expect(b.signEvent('x', { timestamp: 1 })).toEqual(h);
		} finally {
			await a.close();
			await b.close();
		}
	});
});

// ---------------------------------------------------------------------------------------
describe('CLI', () => {
	it('CLI prints one JSON line, serves the API and exits on SIGTERM', async () => {
		const child = spawn(process.execPath, [join(__dirname, '..', 'sandbox', 'cli.js'), '--port', '0', '--seed', 'demo', '--recordings', '25', '--api-key', 'CLIKEY'], { stdio: ['ignore', 'pipe', 'pipe'] });
		try {
			const line: string = await new Promise((resolve, reject) => {
				let buf = '';
				child.stdout.on('data', (d) => {
					buf += d;
					if (buf.includes('\n')) resolve(buf.split('\n')[0]);
				});
				child.once('exit', (c) => reject(new Error(`cli exited ${c}`)));
			});
			const info = JSON.parse(line);
			expect(Buffer.from(info.publicKey, 'base64')).toHaveLength(32);
			const r = await fetch(`${info.url}/v2/room_recordings`, { headers: { authorization: 'Bearer CLIKEY' } });
			expect(((await r.json()) as any).meta.total_results).toBe(25);
		} finally {
			const exited = new Promise((r) => child.once('exit', (code) => r(code)));
			child.kill('SIGTERM');
			expect(await exited).toBe(0);
		}
	});
});

// ---------------------------------------------------------------------------------------
describe('contract: every endpoint through prism proxy (request + response validation)', () => {
	let prism: any;
	beforeAll(async () => {
		prism = await startPrismProxy({ upstream: sb.url });
	}, 60000);
	afterAll(async () => {
		if (prism) await prism.close();
	});
	beforeEach(() => prism.clearViolations());

	const via = (method: string, path: string, body?: unknown, headers: Json = AUTH) => api(method, path, body, headers, prism.url);

	it('passes a realistic request for each of the 25 operations with zero violations', async () => {
		const ids = sb.seed({ ...DEMO, recordings: 30 });
		const room = findIn(sb.store.rooms, (r) => r.active_session_id);
		const live = room.active_session_id;
		const ended = findIn(sb.store.sessions, (s) => !s.active).id;
		const rec = ids.recordings[0];
		const comp = ids.compositions[0];
		const part = ids.participants[0];
		const livePeople = idsWhere(sb.store.participants, (p) => p.session_id === live && !p.left_at);
		const calls: Array<[string, string, unknown?, Json?]> = [
			['GET', '/v2/room_compositions?filter[date_created_at][gte]=2024-01-01&filter[status]=completed&page[number]=1&page[size]=50'],
			['POST', '/v2/room_compositions', { session_id: ended, format: 'mp4', resolution: '1280x720', video_layout: { first: { x_pos: 0, y_pos: 0, z_pos: 0, width: 1280, height: 720, video_sources: ['*'] } }, webhook_event_url: 'https://example.com/hooks', webhook_event_failover_url: null, webhook_timeout_secs: 25 }],
			['GET', `/v2/room_compositions/${comp}`],
			['GET', '/v2/room_participants?filter[date_joined_at][lte]=2025-01-01&filter[context]=Alice&filter[session_id]=' + ended],
			['GET', `/v2/room_participants/${part}`],
			['GET', `/v2/room_recordings?filter[date_started_at][gte]=2024-02-01&filter[type]=audio&filter[duration_secs]=10&filter[room_id]=${ids.rooms[0]}&page[size]=250`],
			['GET', `/v2/room_recordings/${rec}`],
			['GET', '/v2/room_sessions?include_participants=true&filter[active]=false&filter[date_ended_at][gte]=2024-01-01&filter[room_id]=' + ids.rooms[1]],
			['GET', `/v2/room_sessions/${live}?include_participants=true`],
			['POST', `/v2/room_sessions/${live}/actions/mute`, { participants: 'all', exclude: [] }],
			['POST', `/v2/room_sessions/${live}/actions/unmute`, { participants: livePeople }],
			['GET', `/v2/room_sessions/${live}/participants?filter[date_joined_at][gte]=2024-01-01&page[size]=10`],
			['POST', `/v2/room_sessions/${live}/actions/kick`, { participants: livePeople.slice(0, 1) }],
			['POST', `/v2/room_sessions/${live}/actions/end`],
			['GET', '/v2/rooms?include_sessions=true&filter[date_created_at][lte]=2025-12-31&filter[date_updated_at][gte]=2024-01-01&page[number]=1&page[size]=2'],
			['GET', `/v2/rooms?filter[unique_name]=${room.unique_name}`],
			['POST', '/v2/rooms', { unique_name: 'contract-room', max_participants: 10, enable_recording: true, webhook_event_url: 'https://example.com/hooks', webhook_event_failover_url: 'https://failover.example.com', webhook_timeout_secs: 25 }],
			['GET', `/v2/rooms/${room.id}?include_sessions=true`],
			['PATCH', `/v2/rooms/${room.id}`, { webhook_event_url: 'http://127.0.0.1:5678/webhook/x', webhook_event_failover_url: null, max_participants: 20 }],
			['POST', `/v2/rooms/${room.id}/actions/generate_join_client_token`, { token_ttl_secs: 600, refresh_token_ttl_secs: 3600 }],
			['GET', `/v2/rooms/${room.id}/sessions?include_participants=true&filter[active]=false&filter[date_created_at][gte]=2024-01-01`],
			['GET', '/v2/room_sessions?include_participants=true'],
			['GET', '/v2/room_participants'],
			['GET', '/v2/room_recordings'],
			['GET', `/v2/room_compositions/${ids.compositions[1]}`],
		];
		for (const [m, p, b, h] of calls) {
			const r = await via(m, p, b, h);
			expect([m, p, r.status < 300 ? 'ok' : `${r.status} ${r.text}`]).toEqual([m, p, 'ok']);
		}
		const token = sb.store.refreshTokens.keys().next().value;
		const refreshed = await via('POST', `/v2/rooms/${room.id}/actions/refresh_client_token`, { refresh_token: token, token_ttl_secs: 600 }, {});
		expect(refreshed.status).toBe(201);
		const bulk = await via('DELETE', `/v2/room_recordings?filter[session_id]=${sb.store.recordings.get(rec).session_id}&filter[status]=completed`);
		expect(bulk.status).toBe(201);
		const remaining = [...sb.store.recordings.keys()][0];
		expect((await via('DELETE', `/v2/room_recordings/${remaining}`)).status).toBe(204);
		expect((await via('DELETE', `/v2/room_compositions/${comp}`)).status).toBe(204);
		expect((await via('DELETE', `/v2/rooms/${room.id}`)).status).toBe(204);
		const ops = new Set(sb.requests.map((r: Json) => r.operationId));
		expect(ops.size).toBe(25);
		expect(prism.violations).toEqual([]);
	});

	it('keeps declared error responses valid (404 bare, 422 errors[], 403 bare, generic 4XX)', async () => {
		const ids = sb.seed(DEMO);
		const missing = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
		expect((await via('GET', `/rooms/${missing}`)).status).toBe(404);
		expect((await via('GET', `/room_recordings/${missing}`)).status).toBe(404);
		expect((await via('DELETE', `/room_compositions/${missing}`)).status).toBe(404);
		expect((await via('POST', '/rooms', { unique_name: sb.store.rooms.get(ids.rooms[0]).unique_name })).status).toBe(422);
		expect((await via('POST', `/rooms/${ids.rooms[0]}/actions/refresh_client_token`, { refresh_token: 'nope' }, {})).status).toBe(403);
		expect((await via('POST', `/room_sessions/${missing}/actions/end`)).status).toBe(404);
		expect((await via('GET', '/room_recordings?filter[session_id]=' + missing)).json.data).toEqual([]);
		expect(prism.violations).toEqual([]);
	});

	it('reports request violations (bad query, bad body) without forwarding them', async () => {
		sb.seed(DEMO);
		const r = await via('GET', '/v2/rooms?filter[date_created_at][gte]=2021-13-45&page[size]=999');
		expect(r.status).toBe(422);
		expect(prism.violations.map((v: Json) => [v.phase, v.location.join('.'), v.code])).toEqual([
			['request', 'query.filter.date_created_at.gte', 'format'],
			['request', 'query.page.size', 'maximum'],
		]);
		prism.clearViolations();
		const room = [...sb.store.rooms.keys()][0];
		await via('PATCH', `/rooms/${room}`, { webhook_event_url: '' }); // "" is not a uri: clearing with "" breaks the contract
		await via('POST', `/room_sessions/${room}/actions/kick`, { participants: 'everyone' });
		await via('POST', `/rooms/${room}/actions/generate_join_client_token`); // no body
		await via('GET', '/rooms', undefined, {}); // no Bearer
		const byCall = (frag: string) => prism.violations.filter((v: Json) => v.url.includes(frag)).map((v: Json) => v.code);
		expect(prism.violations.filter((v: Json) => v.method === 'PATCH').map((v: Json) => v.code)).toEqual(['format']);
		expect(byCall('/actions/kick')).toEqual(expect.arrayContaining(['oneOf']));
		expect(byCall('/generate_join_client_token')).toEqual(['required']);
		expect(prism.violations[prism.violations.length - 1]).toMatchObject({ path: '/rooms', status: 401, code: 'UNAUTHORIZED' });
		expect(sb.requests.filter((x: Json) => x.method !== 'GET')).toEqual([]); // none reached the sandbox
	});

	it('reports response violations when the sandbox answers something off-spec', async () => {
		const ids = sb.seed(DEMO);
		const room = sb.store.rooms.get(ids.rooms[0]);
		room.created_at = 'yesterday';
		room.webhook_event_failover_url = '';
		const r = await via('GET', `/rooms/${room.id}`);
		expect(r.status).toBe(500);
		expect(r.headers.get('sl-violations')).toBeTruthy();
		expect(prism.violations.map((v: Json) => [v.phase, v.location.join('.'), v.code]).sort()).toEqual([
			['response', 'response.body.data.created_at', 'format'],
			['response', 'response.body.data.webhook_event_failover_url', 'format'],
		]);
		prism.clearViolations();
		sb.configure({ errorStyle: 'errors' });
		await via('GET', '/rooms/0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'); // errors[] where the spec declares a bare Error
		expect(prism.violations.map((v: Json) => v.message)).toEqual(["Response body must have required property 'code'", "Response body must have required property 'title'"]);
	});
});
