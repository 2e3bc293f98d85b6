/**
 * Every operation, driven through n8n-core's real execution engine, over real HTTP, through
 * `prism proxy` validating requests and responses against the official spec, into the sandbox.
 * Each case asserts the request on the wire (method, path, query, body) and the output items.
 */
import type { IDataObject, INodeExecutionData, INodeParameters, INodeProperties } from 'n8n-workflow';

import { TelnyxVideoApi } from '../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideo } from '../../nodes/TelnyxVideo/TelnyxVideo.node';
import { readBinary, runLoadOptions, runNode } from '../harness';
import type { Sandbox, SandboxRecord, SandboxRequest } from '../support/sandbox';
import { startPrismProxy, startSandbox } from '../support/sandbox';

const API_KEY = 'KEY_TEST';
let sb: Sandbox;
let prism: Awaited<ReturnType<typeof startPrismProxy>>;
const conforming = new Set<string>();

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const first = (map: Map<string, SandboxRecord>, where: (value: SandboxRecord) => boolean = () => true) =>
	[...map.values()].find(where) as SandboxRecord;

async function run(parameters: INodeParameters, input?: IDataObject[], typeVersion?: number) {
	return await runNode({
		node: new TelnyxVideo(),
		parameters,
		input,
		typeVersion,
		credentials: { telnyxVideoApi: { apiKey: API_KEY, publicKey: '', baseUrl: `${prism.url}/v2` } },
		credentialTypes: [new TelnyxVideoApi()],
	});
}

/** The API requests (not file downloads) the sandbox received during `action`. */
async function capture(action: () => Promise<{ items: INodeExecutionData[]; error?: Error }>) {
	sb.clearRequests();
	prism.violations.length = 0;
	const result = await action();
	if (result.error) throw result.error;
	const api = sb.requests.filter((r: SandboxRequest) => !r.path.startsWith('/downloads'));
	const downloads = sb.requests.filter((r: SandboxRequest) => r.path.startsWith('/downloads'));
	return { ...result, api, downloads, json: result.items.map((item) => item.json) };
}

function expectConforms(name: string) {
	expect(prism.violations).toEqual([]);
	conforming.add(name);
}

beforeAll(async () => {
	sb = await startSandbox({
		apiKey: API_KEY,
		seed: { rooms: 4, sessionsPerRoom: 3, participantsPerSession: 3, recordings: 30, compositions: 6 },
	});
	prism = await startPrismProxy({ upstream: sb.url });
});

afterAll(async () => {
	await prism?.close();
	await sb?.close();
	// eslint-disable-next-line no-console
	console.log(`Contract: ${conforming.size}/25 operations conform to the official spec (prism proxy, request + response validation)`);
});

describe('rooms', () => {
	it('create sends every field and returns the new room', async () => {
		const { api, json } = await capture(() =>
			run({
				resource: 'room',
				operation: 'create',
				additionalFields: {
					uniqueName: 'ops-review',
					maxParticipants: 12,
					enableRecording: true,
					webhookEventUrl: 'https://hooks.example.com/video',
					webhookEventFailoverUrl: 'https://backup.example.com/video',
					webhookTimeoutSecs: 15,
				},
			}),
		);
		expect(api).toHaveLength(1);
		expect(api[0]).toMatchObject({ method: 'POST', path: '/rooms', status: 201 });
		expect(api[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
		expect(api[0].body).toEqual({
			unique_name: 'ops-review',
			max_participants: 12,
			enable_recording: true,
			webhook_event_url: 'https://hooks.example.com/video',
			webhook_event_failover_url: 'https://backup.example.com/video',
			webhook_timeout_secs: 15,
		});
		expect(json).toHaveLength(1);
		expect(json[0]).toMatchObject({ unique_name: 'ops-review', max_participants: 12, record_type: 'room' });
		expect(sb.store.rooms.get(json[0].id as string)).toMatchObject({ unique_name: 'ops-review', webhook_timeout_secs: 15 });
		expectConforms('room.create');
	});

	it('create with no field still sends the JSON body the API requires', async () => {
		const { api, json } = await capture(() => run({ resource: 'room', operation: 'create' }));
		expect(api[0].body).toEqual({});
		expect(api[0].headers['content-type']).toMatch(/application\/json/);
		expect(json[0].max_participants).toBe(10);
	});

	it('get reads one room, with sessions on request', async () => {
		const room = first(sb.store.rooms);
		const { api, json } = await capture(() =>
			run({ resource: 'room', operation: 'get', roomId: byId(room.id), options: { includeSessions: true } }),
		);
		expect(api[0]).toMatchObject({ method: 'GET', path: `/rooms/${room.id}`, query: { include_sessions: 'true' } });
		expect(json).toEqual([expect.objectContaining({ id: room.id, sessions: expect.any(Array) })]);
		expectConforms('room.get');
	});

	it('Include Sessions / Include Participants are Options on lists, as on Get; the wire query is unchanged', async () => {
		const properties = new TelnyxVideo().description.properties as INodeProperties[];
		const collectionOf = (resource: string, operation: string, name: string) =>
			properties.find(
				(p) =>
					p.name === name &&
					p.displayOptions?.show?.resource?.includes(resource) &&
					p.displayOptions?.show?.operation?.includes(operation),
			)?.options as Array<{ name: string }> | undefined;
		const cases: Array<[string, string, string]> = [
			['room', 'get', 'includeSessions'],
			['room', 'getAll', 'includeSessions'],
			['room', 'getSessions', 'includeParticipants'],
			['roomSession', 'get', 'includeParticipants'],
			['roomSession', 'getAll', 'includeParticipants'],
		];
		type Placed = { name: string; displayOptions?: { show?: Record<string, unknown[]> } };
		const shownAt = (option: Placed | undefined) => option && (option.displayOptions?.show?.['@version'] ?? 'always');
		for (const [resource, operation, name] of cases) {
			const inOptions = (collectionOf(resource, operation, 'options') as Placed[] | undefined)?.find((o) => o.name === name);
			const inFilters = (collectionOf(resource, operation, 'filters') as Placed[] | undefined)?.find((o) => o.name === name);
			// Lists had them under Filters up to node version 1, where saved workflows keep them.
			const isList = operation !== 'get';
			expect([resource, operation, shownAt(inOptions), shownAt(inFilters)]).toEqual([
				resource,
				operation,
				isList ? [{ _cnd: { gte: 2 } }] : 'always',
				isList ? [1] : undefined,
			]);
		}
		const room = first(sb.store.rooms);
		const rooms = await capture(() => run({ resource: 'room', operation: 'getAll', limit: 1, options: { includeSessions: true } }));
		expect(rooms.api[0].query).toMatchObject({ include_sessions: 'true' });
		expect(rooms.json[0].sessions).toEqual(expect.any(Array));
		const sessions = await capture(() =>
			run({ resource: 'room', operation: 'getSessions', roomId: byId(room.id), limit: 1, options: { includeParticipants: true } }),
		);
		expect(sessions.api[0].query).toMatchObject({ include_participants: 'true' });
		const all = await capture(() => run({ resource: 'roomSession', operation: 'getAll', limit: 1, options: { includeParticipants: true } }));
		expect(all.api[0].query).toMatchObject({ include_participants: 'true' });
	});

	it('a workflow saved at node version 1 keeps Include Sessions / Participants under Filters', async () => {
		const room = first(sb.store.rooms);
		const legacy = await capture(() => run({ resource: 'room', operation: 'getAll', limit: 1, filters: { includeSessions: true } }, undefined, 1));
		expect(legacy.api[0].query).toMatchObject({ include_sessions: 'true' });
		expect(legacy.json[0].sessions).toEqual(expect.any(Array));
		const sessions = await capture(() =>
			run({ resource: 'room', operation: 'getSessions', roomId: byId(room.id), limit: 1, filters: { includeParticipants: true } }, undefined, 1),
		);
		expect(sessions.api[0].query).toMatchObject({ include_participants: 'true' });
		// At version 2 n8n offers them under Options only, so a Filters value is not sent.
		const current = await capture(() => run({ resource: 'room', operation: 'getAll', limit: 1, filters: { includeSessions: true } }, undefined, 2));
		expect(current.api[0].query).not.toHaveProperty('include_sessions');
		expect(prism.violations).toEqual([]);
	});

	it('getAll sends filters with their bracketed names and honours Limit', async () => {
		const { api, json } = await capture(() =>
			run({
				resource: 'room',
				operation: 'getAll',
				returnAll: false,
				limit: 2,
				filters: { dateCreatedAtGte: '2024-02-01T00:00:00', dateUpdatedAtLte: '2025-12-31' },
			}),
		);
		expect(api).toHaveLength(1);
		expect(api[0].query).toEqual({
			'filter[date_created_at][gte]': '2024-02-01',
			'filter[date_updated_at][lte]': '2025-12-31',
			'page[number]': '1',
			'page[size]': '2',
		});
		expect(json).toHaveLength(2);
		for (const room of json) expect(String(room.created_at) >= '2024-02-01').toBe(true);
		expectConforms('room.getAll');
	});

	it.each<[string, string]>([
		['a Luxon DateTime in New York, 22:30 on May 31', '={{ DateTime.fromISO("2024-05-31T22:30:00", { zone: "America/New_York" }) }}'],
		['a Luxon DateTime in Tokyo, 08:30 on June 2', '={{ DateTime.fromISO("2024-06-02T08:30:00", { zone: "Asia/Tokyo" }) }}'],
		['a JS Date', '={{ new Date(Date.UTC(2024, 5, 1, 2, 30)) }}'],
		['an ISO text with an offset', '2024-05-31T22:30:00-04:00'],
		['an ISO text in UTC', '2024-06-01T02:30:00.000Z'],
		['a plain date', '2024-06-01'],
		['the editor’s date-time (no zone): the date as written', '2024-06-01T23:59:00'],
	])('a date filter sends the UTC calendar date of %s', async (_, value) => {
		const { api } = await capture(() =>
			run({ resource: 'room', operation: 'getAll', limit: 1, filters: { dateCreatedAtGte: value } }),
		);
		expect(api[0].query['filter[date_created_at][gte]']).toBe('2024-06-01');
	});

	it('getSessions lists one room’s sessions, filtered', async () => {
		const room = first(sb.store.rooms);
		const { api, json } = await capture(() =>
			run({ resource: 'room', operation: 'getSessions', roomId: byId(room.id), returnAll: true, filters: { active: false } }),
		);
		expect(api[0]).toMatchObject({ method: 'GET', path: `/rooms/${room.id}/sessions` });
		expect(api[0].query).toMatchObject({ 'filter[active]': 'false', 'page[size]': '250' });
		const expected = [...sb.store.sessions.values()].filter((s: IDataObject) => s.room_id === room.id && !s.active);
		expect(json.map((s) => s.id)).toEqual(expected.map((s: IDataObject) => s.id));
		expectConforms('room.getSessions');
	});

	it('update patches only the fields given', async () => {
		const room = first(sb.store.rooms);
		const { api, json } = await capture(() =>
			run({ resource: 'room', operation: 'update', roomId: byId(room.id), updateFields: { maxParticipants: 33 } }),
		);
		expect(api[0]).toMatchObject({ method: 'PATCH', path: `/rooms/${room.id}`, body: { max_participants: 33 } });
		expect(json[0]).toMatchObject({ id: room.id, max_participants: 33 });
		expectConforms('room.update');
	});

	it('delete removes the room and says so', async () => {
		const room = [...sb.store.rooms.values()].at(-1) as IDataObject;
		const { api, json } = await capture(() => run({ resource: 'room', operation: 'delete', roomId: byId(room.id as string) }));
		expect(api[0]).toMatchObject({ method: 'DELETE', path: `/rooms/${room.id}`, status: 204 });
		expect(json).toEqual([{ id: room.id, deleted: true }]);
		expect(sb.store.rooms.has(room.id as string)).toBe(false);
		expectConforms('room.delete');
	});
});

describe('room sessions', () => {
	const activeSession = () => first(sb.store.sessions, (s: IDataObject) => s.active === true);

	it('get reads one session with its participants', async () => {
		const session = first(sb.store.sessions);
		const { api, json } = await capture(() =>
			run({ resource: 'roomSession', operation: 'get', roomSessionId: byId(session.id), options: { includeParticipants: true } }),
		);
		expect(api[0]).toMatchObject({ path: `/room_sessions/${session.id}`, query: { include_participants: 'true' } });
		expect(json[0]).toMatchObject({ id: session.id, participants: expect.any(Array) });
		expectConforms('roomSession.get');
	});

	it('getAll filters by room and returns every match', async () => {
		const room = first(sb.store.rooms);
		const { api, json } = await capture(() =>
			run({ resource: 'roomSession', operation: 'getAll', returnAll: true, filters: { roomId: room.id } }),
		);
		expect(api[0]).toMatchObject({ path: '/room_sessions', query: { 'filter[room_id]': room.id } });
		expect(json.length).toBe([...sb.store.sessions.values()].filter((s: IDataObject) => s.room_id === room.id).length);
		expectConforms('roomSession.getAll');
	});

	it('getParticipants lists a session’s participants by context', async () => {
		const participant = first(sb.store.participants);
		const { api, json } = await capture(() =>
			run({
				resource: 'roomSession',
				operation: 'getParticipants',
				roomSessionId: byId(participant.session_id),
				returnAll: true,
				filters: { context: participant.context },
			}),
		);
		expect(api[0]).toMatchObject({
			path: `/room_sessions/${participant.session_id}/participants`,
			query: { 'filter[context]': participant.context },
		});
		expect(json.map((p) => p.id)).toContain(participant.id);
		for (const p of json) expect(p.context).toBe(participant.context);
		expectConforms('roomSession.getParticipants');
	});

	it.each(['mute', 'unmute'])('%s applies to all participants but the excluded, after checking the session is live', async (operation) => {
		const session = activeSession();
		const excluded = first(sb.store.participants, (p: IDataObject) => p.session_id === session.id);
		const { api, json } = await capture(() =>
			run({
				resource: 'roomSession',
				operation,
				roomSessionId: byId(session.id),
				participants: 'all',
				exclude: [excluded.id],
			}),
		);
		expect(api.map((r) => `${r.method} ${r.path}`)).toEqual([
			`GET /room_sessions/${session.id}`,
			`POST /room_sessions/${session.id}/actions/${operation}`,
		]);
		expect(api[1].body).toEqual({ participants: 'all', exclude: [excluded.id] });
		expect(json[0]).toEqual({
			room_session_id: session.id,
			room_id: session.room_id,
			action: operation,
			participants: 'all',
			exclude: [excluded.id],
			result: expect.any(String),
		});
		expectConforms(`roomSession.${operation}`);
	});

	it('kick removes the participants chosen from the session list', async () => {
		const session = activeSession();
		const options = await runLoadOptions({
			node: new TelnyxVideo(),
			method: 'getSessionParticipants',
			parameters: { resource: 'roomSession', operation: 'kick', roomSessionId: byId(session.id), participants: 'specific' },
			credentials: { telnyxVideoApi: { apiKey: API_KEY, publicKey: '', baseUrl: `${prism.url}/v2` } },
			credentialTypes: [new TelnyxVideoApi()],
		});
		const inSession = [...sb.store.participants.values()].filter((p: IDataObject) => p.session_id === session.id) as IDataObject[];
		expect(options.map((o) => o.value).sort()).toEqual(inSession.map((p) => p.id).sort());
		const present = inSession.filter((p) => !p.left_at);
		// people still in the session come first, each shown with context and join time
		expect(options.slice(0, present.length).map((o) => o.value).sort()).toEqual(present.map((p) => p.id).sort());
		const sample = inSession[0];
		const shown = options.find((o) => o.value === sample.id)!;
		expect(shown.name).toContain(String(sample.context));
		expect(shown.name).toContain(`joined ${String(sample.joined_at).replace('T', ' ').slice(0, 16)}`);

		const targets = present.slice(0, 2).map((p) => p.id as string);
		const { api, json } = await capture(() =>
			run({
				resource: 'roomSession',
				operation: 'kick',
				roomSessionId: byId(session.id),
				participants: 'specific',
				participantsIds: targets,
				exclude: ['0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'], // hidden with specific participants: not sent
			}),
		);
		expect(api[1].body).toEqual({ participants: targets });
		expect(json[0]).toMatchObject({ room_session_id: session.id, action: 'kick', participants: targets });
		expect(json[0]).not.toHaveProperty('exclude');
		for (const id of targets) expect(sb.store.participants.get(id)?.left_at).toBeTruthy();
		expectConforms('roomSession.kick');
	});

	it.each(['kick', 'mute', 'end'])('%s on an ended session is refused after one GET, before any action is sent', async (operation) => {
		const ended = first(sb.store.sessions, (s: IDataObject) => s.active === false);
		sb.clearRequests();
		const { error } = await run({ resource: 'roomSession', operation, roomSessionId: byId(ended.id), participants: 'all' });
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(new RegExp(`^Room Session: ${ended.id} already ended at .*, so nothing was sent`));
		expect(sb.requests.map((r: SandboxRequest) => `${r.method} ${r.path}`)).toEqual([`GET /room_sessions/${ended.id}`]);
	});

	it('end ends a live session', async () => {
		const session = activeSession();
		const { api, json } = await capture(() => run({ resource: 'roomSession', operation: 'end', roomSessionId: byId(session.id) }));
		expect(api[1]).toMatchObject({ method: 'POST', path: `/room_sessions/${session.id}/actions/end` });
		expect(json[0]).toEqual({ room_session_id: session.id, room_id: session.room_id, action: 'end', result: expect.any(String) });
		expect(sb.store.sessions.get(session.id)?.active).toBe(false);
		expectConforms('roomSession.end');
	});
});

describe('room participants', () => {
	it('get reads one participant', async () => {
		const participant = first(sb.store.participants);
		const { api, json } = await capture(() =>
			run({ resource: 'roomParticipant', operation: 'get', roomParticipantId: byId(participant.id) }),
		);
		expect(api[0]).toMatchObject({ method: 'GET', path: `/room_participants/${participant.id}` });
		expect(json[0]).toMatchObject({ id: participant.id, session_id: participant.session_id });
		expectConforms('roomParticipant.get');
	});

	it('getAll filters by session and join date', async () => {
		const participant = first(sb.store.participants);
		const joined = String(participant.joined_at).slice(0, 10);
		const { api, json } = await capture(() =>
			run({
				resource: 'roomParticipant',
				operation: 'getAll',
				returnAll: true,
				filters: { sessionId: byId(participant.session_id as string), dateJoinedAtEq: joined },
			}),
		);
		expect(api[0].query).toMatchObject({
			'filter[session_id]': participant.session_id,
			'filter[date_joined_at][eq]': joined,
		});
		expect(json.map((p) => p.id)).toContain(participant.id);
		for (const p of json) expect(p.session_id).toBe(participant.session_id);
		expectConforms('roomParticipant.getAll');
	});
});

describe('room recordings', () => {
	const completed = () => first(sb.store.recordings, (r: IDataObject) => r.status === 'completed');

	it('get reads one recording', async () => {
		const recording = completed();
		const { api, json } = await capture(() =>
			run({ resource: 'roomRecording', operation: 'get', roomRecordingId: byId(recording.id) }),
		);
		expect(api[0]).toMatchObject({ method: 'GET', path: `/room_recordings/${recording.id}` });
		expect(json[0]).toMatchObject({ id: recording.id, download_url: recording.download_url });
		expectConforms('roomRecording.get');
	});

	it('getAll filters by type, status and minimum duration', async () => {
		const { api, json } = await capture(() =>
			run({
				resource: 'roomRecording',
				operation: 'getAll',
				returnAll: true,
				filters: { type: 'audio', status: 'completed', minDurationSecs: 60 },
			}),
		);
		expect(api[0].query).toMatchObject({ 'filter[type]': 'audio', 'filter[status]': 'completed', 'filter[duration_secs]': '60' });
		const expected = [...sb.store.recordings.values()].filter(
			(r: IDataObject) => r.type === 'audio' && r.status === 'completed' && Number(r.duration_secs) >= 60,
		);
		expect(json.map((r) => r.id)).toEqual(expected.map((r: IDataObject) => r.id));
		expectConforms('roomRecording.getAll');
	});

	it('download returns the file as binary without sending the API key to the file host', async () => {
		const recording = completed();
		const { api, downloads, items } = await capture(() =>
			run({ resource: 'roomRecording', operation: 'download', roomRecordingId: byId(recording.id), binaryPropertyName: 'file' }),
		);
		expect(api).toHaveLength(1);
		expect(downloads).toHaveLength(1);
		expect(downloads[0].headers.authorization).toBeUndefined();
		const binary = items[0].binary?.file;
		expect(binary?.mimeType).toMatch(/^(audio|video)\//);
		expect(binary?.fileName).toMatch(new RegExp(`^${recording.id}\\.(webm|ogg|mp4)$`));
		expect((await readBinary(binary!)).length).toBeGreaterThan(1000);
		expect(items[0].json.id).toBe(recording.id);
	});

	it('delete removes one recording', async () => {
		const recording = [...sb.store.recordings.values()].at(-1) as IDataObject;
		const { api, json } = await capture(() =>
			run({ resource: 'roomRecording', operation: 'delete', roomRecordingId: byId(recording.id as string) }),
		);
		expect(api[0]).toMatchObject({ method: 'DELETE', path: `/room_recordings/${recording.id}` });
		expect(json).toEqual([{ id: recording.id, deleted: true }]);
		expectConforms('roomRecording.delete');
	});

	it('deleteMany dry run outputs each recording the filters select and deletes nothing', async () => {
		const before = sb.store.recordings.size;
		const { api, json } = await capture(() =>
			run({ resource: 'roomRecording', operation: 'deleteMany', dryRun: true, filters: { type: 'audio' } }),
		);
		expect(api.every((r: SandboxRequest) => r.method === 'GET')).toBe(true);
		const audio = [...sb.store.recordings.values()].filter((r: IDataObject) => r.type === 'audio');
		expect(json.map((r) => r.id)).toEqual(audio.map((r: IDataObject) => r.id));
		expect(sb.store.recordings.size).toBe(before);
	});

	it('deleteMany counts, deletes what the filters select, checks it is gone and reports it', async () => {
		const audio = [...sb.store.recordings.values()].filter((r: IDataObject) => r.type === 'audio');
		const { api, json } = await capture(() =>
			run({ resource: 'roomRecording', operation: 'deleteMany', dryRun: false, filters: { type: 'audio' } }),
		);
		const filtered = { 'filter[type]': 'audio', 'page[number]': '1', 'page[size]': '1' };
		expect(api.map((r: SandboxRequest) => [r.method, r.query])).toEqual([
			['GET', filtered],
			['GET', { 'page[number]': '1', 'page[size]': '1' }],
			['DELETE', { 'filter[type]': 'audio', 'page[number]': '1', 'page[size]': '250' }],
			['GET', filtered],
		]);
		expect(api[2]).toMatchObject({ path: '/room_recordings', status: 201 });
		expect(json).toEqual([{ dryRun: false, filters: { type: 'audio' }, matched: audio.length, deleted: audio.length, calls: 1 }]);
		expect([...sb.store.recordings.values()].some((r: IDataObject) => r.type === 'audio')).toBe(false);
		expectConforms('roomRecording.deleteMany');
	});

	it('deleteMany refuses to run without a filter, before any request', async () => {
		sb.clearRequests();
		const result = await run({ resource: 'roomRecording', operation: 'deleteMany', dryRun: false });
		expect(result.error?.message).toMatch(/^Filters: add at least one filter/);
		expect(sb.requests).toHaveLength(0);
	});
});

describe('room compositions', () => {
	const completed = () => first(sb.store.compositions, (c: IDataObject) => c.status === 'completed');

	it('create composes a session with a validated layout', async () => {
		const session = first(sb.store.sessions, (s: IDataObject) => !s.active);
		const layout = { main: { x_pos: 0, y_pos: 0, width: 640, height: 360, video_sources: ['*'] } };
		const { api, json } = await capture(() =>
			run({
				resource: 'roomComposition',
				operation: 'create',
				sessionId: byId(session.id),
				additionalFields: { resolution: '640x360', videoLayout: JSON.stringify(layout), webhookEventUrl: 'https://hooks.example.com/c' },
			}),
		);
		expect(api[0]).toMatchObject({ method: 'POST', path: '/room_compositions', status: 202 });
		expect(api[0].body).toEqual({
			session_id: session.id,
			resolution: '640x360',
			video_layout: layout,
			webhook_event_url: 'https://hooks.example.com/c',
		});
		expect(json[0]).toMatchObject({ session_id: session.id, status: 'enqueued' });
		expectConforms('roomComposition.create');
	});

	it('create takes the layout from the form; empty sizes fill the chosen Resolution', async () => {
		const session = first(sb.store.sessions, (s: IDataObject) => !s.active);
		const recording = first(sb.store.recordings, (r: IDataObject) => r.session_id === session.id) ?? first(sb.store.recordings);
		const { api } = await capture(() =>
			run({
				resource: 'roomComposition',
				operation: 'create',
				sessionId: byId(session.id),
				additionalFields: {
					resolution: '960x540',
					videoLayoutForm: {
						region: [
							{ name: 'grid', maxColumns: 2, maxRows: 2, sources: 'all' },
							{ name: 'guest', xPos: 720, yPos: 405, zPos: 2, width: 240, height: 135, sources: 'specific', recordingIds: recording.id },
						],
					},
				},
			}),
		);
		expect(api[0].body).toEqual({
			session_id: session.id,
			resolution: '960x540',
			video_layout: {
				grid: { x_pos: 0, y_pos: 0, z_pos: 0, width: 960, height: 540, max_columns: 2, max_rows: 2, video_sources: ['*'] },
				guest: { x_pos: 720, y_pos: 405, z_pos: 2, width: 240, height: 135, video_sources: [recording.id] },
			},
		});
		expectConforms('roomComposition.create');
	});

	it.each([
		['a common size: one region fills it', { resolution: '640x360' }, '640x360'],
		['Custom', { resolution: 'custom', customResolution: '800x450' }, '800x450'],
		['a size from an expression', { resolution: '={{ "320x240" }}' }, '320x240'],
	])('create with a Resolution as %s and no layout sends a layout of that size', async (_, fields, resolution) => {
		const session = first(sb.store.sessions, (s: IDataObject) => !s.active);
		const { api } = await capture(() =>
			run({ resource: 'roomComposition', operation: 'create', sessionId: byId(session.id), additionalFields: fields }),
		);
		const [width, height] = resolution.split('x').map(Number);
		expect(api[0].body).toEqual({
			session_id: session.id,
			resolution,
			video_layout: { main: { x_pos: 0, y_pos: 0, z_pos: 0, width, height, video_sources: ['*'] } },
		});
	});

	it.each([
		['a region outside the Resolution', { resolution: '640x360', videoLayout: '{"main":{"x_pos":0,"y_pos":0,"width":1280,"height":720,"video_sources":["*"]}}' }, /^Additional Fields › Video Layout \(JSON\): region "main" reaches 1280x720, outside the 640x360 Resolution/],
		['form and JSON both set', { videoLayout: '{"a":{}}', videoLayoutForm: { region: [{ name: 'a', sources: 'all' }] } }, /^Additional Fields › Video Layout: is set twice/],
		['specific sources without IDs', { videoLayoutForm: { region: [{ name: 'a', sources: 'specific' }] } }, /^Additional Fields › Video Layout: region "a": add Recording IDs/],
		['Custom without a size', { resolution: 'custom' }, /^Additional Fields › Custom Resolution: is required/],
		['a Custom size too large', { resolution: 'custom', customResolution: '1920x1080' }, /^Additional Fields › Custom Resolution: each side must be 16–1280/],
	])('create refuses %s before sending', async (_, fields, message) => {
		sb.clearRequests();
		const { error } = await run({ resource: 'roomComposition', operation: 'create', sessionId: byId('0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'), additionalFields: fields });
		expect(error?.message).toMatch(message);
		expect(sb.requests).toHaveLength(0);
	});

	it('get reads one composition', async () => {
		const composition = completed();
		const { api, json } = await capture(() =>
			run({ resource: 'roomComposition', operation: 'get', roomCompositionId: byId(composition.id) }),
		);
		expect(api[0].path).toBe(`/room_compositions/${composition.id}`);
		expect(json[0]).toMatchObject({ id: composition.id, status: 'completed' });
		expectConforms('roomComposition.get');
	});

	it('getAll filters by status', async () => {
		const { api, json } = await capture(() =>
			run({ resource: 'roomComposition', operation: 'getAll', returnAll: true, filters: { status: 'completed' } }),
		);
		expect(api[0].query).toMatchObject({ 'filter[status]': 'completed' });
		expect(json.length).toBe([...sb.store.compositions.values()].filter((c: IDataObject) => c.status === 'completed').length);
		expectConforms('roomComposition.getAll');
	});

	it('download returns the composition as an mp4', async () => {
		const composition = completed();
		const { items, downloads } = await capture(() =>
			run({ resource: 'roomComposition', operation: 'download', roomCompositionId: byId(composition.id), binaryPropertyName: 'data' }),
		);
		expect(downloads).toHaveLength(1);
		expect(items[0].binary?.data).toMatchObject({ mimeType: 'video/mp4', fileExtension: 'mp4' });
		expect(items[0].binary?.data.fileName).toMatch(/\.mp4$/);
	});

	it('download of a composition still processing says why it cannot', async () => {
		const pending = first(sb.store.compositions, (c: IDataObject) => c.status !== 'completed');
		const result = await run({ resource: 'roomComposition', operation: 'download', roomCompositionId: byId(pending.id) });
		expect(result.error?.message).toMatch(/Nothing to download yet.*status: (processing|enqueued)/);
	});

	it('delete removes one composition', async () => {
		const composition = completed();
		const { api, json } = await capture(() =>
			run({ resource: 'roomComposition', operation: 'delete', roomCompositionId: byId(composition.id) }),
		);
		expect(api[0]).toMatchObject({ method: 'DELETE', path: `/room_compositions/${composition.id}`, status: 204 });
		expect(json).toEqual([{ id: composition.id, deleted: true }]);
		expectConforms('roomComposition.delete');
	});
});

describe('client tokens', () => {
	it('generate then refresh a join token', async () => {
		const room = first(sb.store.rooms);
		const generated = await capture(() =>
			run({ resource: 'clientToken', operation: 'generate', roomId: byId(room.id), additionalFields: { tokenTtlSecs: 120, refreshTokenTtlSecs: 600 } }),
		);
		expect(generated.api[0]).toMatchObject({
			method: 'POST',
			path: `/rooms/${room.id}/actions/generate_join_client_token`,
			body: { token_ttl_secs: 120, refresh_token_ttl_secs: 600 },
			status: 201,
		});
		const token = generated.json[0];
		expect(token).toMatchObject({ token: expect.any(String), refresh_token: expect.any(String) });
		expectConforms('clientToken.generate');

		const refreshed = await capture(() =>
			run({ resource: 'clientToken', operation: 'refresh', roomId: byId(room.id), refreshToken: token.refresh_token as string }),
		);
		expect(refreshed.api[0]).toMatchObject({
			path: `/rooms/${room.id}/actions/refresh_client_token`,
			body: { refresh_token: token.refresh_token },
			status: 201,
		});
		expect(refreshed.json[0]).toMatchObject({ token: expect.any(String), token_expires_at: expect.any(String) });
		expectConforms('clientToken.refresh');
	});
});

describe('contract summary', () => {
	it('covered all 25 API operations through prism without a violation', () => {
		expect([...conforming].sort()).toHaveLength(25);
	});
});
