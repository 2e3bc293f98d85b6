/**
 * Data safety (issue #10), through Prism's validating proxy into the sandbox:
 *  - Delete Many cannot delete more than meant, and is verified, whether the server deletes every
 *    match per call or one page of them (sandbox `bulkDelete`: both are run);
 *  - Update can clear what the spec lets be cleared; no default that differs from the API's;
 *  - Return All holds on a list that changes while it is read (sandbox `listChurn`, seeded);
 *  - downloads reach n8n's binary data as a stream, never as one buffer.
 */
import { BinaryDataService } from 'n8n-core';
import type { IDataObject, INodeParameters, INodeProperties } from 'n8n-workflow';
import { createHash } from 'node:crypto';

import { TelnyxVideoApi } from '../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideo } from '../../nodes/TelnyxVideo/TelnyxVideo.node';
import { readBinary, runNode } from '../harness';
import type { CheckedSandbox, Sandbox, SandboxRecord, SandboxRequest } from '../support/sandbox';
import { expectedDownload, startCheckedSandbox } from '../support/sandbox';

const API_KEY = 'KEY_data_safety_7a1c';
let checked: CheckedSandbox;
let sb: Sandbox;

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const recordings = () => [...sb.store.recordings.values()];
const api = () => sb.requests.filter((r: SandboxRequest) => !r.path.startsWith('/downloads'));
const deletes = () => api().filter((r) => r.method === 'DELETE');

async function run(parameters: INodeParameters) {
	sb.clearRequests();
	checked.clearViolations();
	return await runNode({
		node: new TelnyxVideo(),
		parameters,
		credentials: { telnyxVideoApi: { apiKey: API_KEY, publicKey: '', baseUrl: checked.baseUrl } },
		credentialTypes: [new TelnyxVideoApi()],
	});
}

/** A fresh account: `count` recordings over 2023 (seeded, same every run). */
function freshAccount(count: number, prngSeed = 11) {
	sb.reset();
	sb.seed({ rooms: 2, sessionsPerRoom: 2, participantsPerSession: 2, recordings: count, startDate: '2023-01-01', prngSeed });
}

const property = (op: string, name: string) =>
	(new TelnyxVideo().description.properties as INodeProperties[]).find(
		(p) => p.name === name && p.displayOptions?.show?.operation?.includes(op),
	);

beforeAll(async () => {
	checked = await startCheckedSandbox({ apiKey: API_KEY });
	sb = checked.sb;
});
afterAll(async () => await checked?.close());
afterEach(() => expect(checked.violations()).toEqual([]));

describe.each(['all', 'page'])('Delete Many when the server deletes %s matches per call', (bulkDelete) => {
	beforeEach(() => {
		freshAccount(600);
		sb.configure({ bulkDelete });
	});

	it.each<[string, INodeParameters]>([
		['Min Duration 0', { minDurationSecs: 0 }],
		['Started on or after 1970-01-01', { dateStartedAtGte: '1970-01-01' }],
		['Ended on or before 2999-12-31', { dateEndedAtLte: '2999-12-31' }],
	])('refuses filters that select every recording (%s), saying why, and deletes nothing', async (_, filters) => {
		const before = sb.store.recordings.size;
		const { error } = await run({ resource: 'roomRecording', operation: 'deleteMany', dryRun: false, filters });
		expect(error?.constructor.name).toBe('NodeOperationError');
		expect(error?.message).toBe(`Filters: they select every recording in the account (${before} of ${before}), so nothing was deleted`);
		expect((error as { description?: string }).description).toMatch(/Allow Deleting Every Recording/);
		expect(deletes()).toHaveLength(0);
		expect(sb.store.recordings.size).toBe(before);
	});

	it('deletes every recording only with Allow Deleting Every Recording on, and verifies it', async () => {
		const { items, error } = await run({
			resource: 'roomRecording',
			operation: 'deleteMany',
			dryRun: false,
			confirmDeleteAll: true,
			filters: { minDurationSecs: 0 },
		});
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ matched: 600, deleted: 600 });
		expect(sb.store.recordings.size).toBe(0);
	});

	it('deletes exactly what the filters select, however the server pages it, and reports total and calls', async () => {
		const audio = recordings().filter((r) => r.type === 'audio').map((r) => r.id);
		const video = recordings().filter((r) => r.type === 'video').map((r) => r.id);
		expect(audio.length).toBeGreaterThan(250); // so a server deleting one page per call needs several
		const { items, error } = await run({ resource: 'roomRecording', operation: 'deleteMany', dryRun: false, filters: { type: 'audio' } });
		expect(error).toBeUndefined();
		const calls = bulkDelete === 'all' ? 1 : Math.ceil(audio.length / 250);
		expect(items.map((i) => i.json)).toEqual([
			{ dryRun: false, filters: { type: 'audio' }, matched: audio.length, deleted: audio.length, calls },
		]);
		expect(deletes()).toHaveLength(calls);
		expect(recordings().map((r) => r.id)).toEqual(video);
		// The last request is the check that nothing matches any more.
		expect(api().at(-1)).toMatchObject({ method: 'GET', query: { 'filter[type]': 'audio', 'page[size]': '1' }, status: 200 });
	});

	it('names the filters in its output as the node does (roomId, dateEndedAtLte), not as sent (filter[room_id])', async () => {
		const room = [...sb.store.rooms.values()][0].id as string;
		const inRoom = recordings().filter((r) => r.room_id === room && r.ended_at.slice(0, 10) <= '2023-12-31').length;
		expect(inRoom).toBeGreaterThan(0);
		const filters = { roomId: { __rl: true, mode: 'list', value: room }, dateEndedAtLte: '2023-12-31' };
		const { items, error } = await run({ resource: 'roomRecording', operation: 'deleteMany', dryRun: false, filters });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ dryRun: false, filters: { roomId: room, dateEndedAtLte: '2023-12-31' }, deleted: inRoom });
		expect(Object.keys(items[0].json.filters as IDataObject).sort()).toEqual(['dateEndedAtLte', 'roomId']);
		expect(deletes()[0].query).toMatchObject({ 'filter[room_id]': room, 'filter[date_ended_at][lte]': '2023-12-31' });
	});

	it('reports the right total when a 5xx hid a delete the server did (retried, and not retried)', async () => {
		const audio = recordings().filter((r) => r.type === 'audio').length;
		for (const maxAttempts of [4, 1]) {
			freshAccount(600);
			sb.configure({ bulkDelete });
			sb.failNext(1, '500', { method: 'DELETE', path: '/room_recordings', headers: { 'retry-after-ms': '5' } });
			const { items, error } = await run({
				resource: 'roomRecording',
				operation: 'deleteMany',
				dryRun: false,
				filters: { type: 'audio' },
				options: { maxAttempts },
			});
			expect(error).toBeUndefined();
			expect(items[0].json).toMatchObject({ matched: audio, deleted: audio });
			expect(sb.store.recordings.size).toBe(600 - audio);
			expect(deletes()[0]).toMatchObject({ status: 500, fault: '500' });
		}
	});

	it('fails, naming what is left, when a call deletes nothing', async () => {
		sb.failNext(4, '503', { method: 'DELETE', path: '/room_recordings', phase: 'before', headers: { 'retry-after-ms': '5' } });
		const { error } = await run({ resource: 'roomRecording', operation: 'deleteMany', dryRun: false, filters: { type: 'video' } });
		expect(error?.message).toMatch(/^Telnyx error 503/);
		expect(sb.store.recordings.size).toBe(600);
	});
});

describe('Delete Many: dry run and editor defaults', () => {
	beforeAll(() => freshAccount(40));

	it('Dry Run outputs one item per matching recording, exactly as Get Many does, and deletes nothing', async () => {
		const filters = { type: 'video', status: 'completed' };
		const dry = await run({ resource: 'roomRecording', operation: 'deleteMany', filters });
		expect(deletes()).toHaveLength(0);
		const list = await run({ resource: 'roomRecording', operation: 'getAll', returnAll: true, filters });
		expect(dry.items.length).toBeGreaterThan(1);
		expect(dry.items.map((i) => i.json)).toEqual(list.items.map((i) => i.json));
		expect(sb.store.recordings.size).toBe(40);
	});

	it('shows the notice that matches the Dry Run default, and Min Duration starts empty (selects nothing by itself)', () => {
		const dryRun = property('deleteMany', 'dryRun');
		const notices = (new TelnyxVideo().description.properties as INodeProperties[]).filter(
			(p) => p.type === 'notice' && p.displayOptions?.show?.operation?.includes('deleteMany'),
		);
		const shownByDefault = notices.filter((n) => n.displayOptions?.show?.dryRun?.includes(dryRun?.default as boolean));
		expect(shownByDefault).toHaveLength(1);
		expect(shownByDefault[0].displayName).toMatch(/deletes nothing/);
		const filters = property('deleteMany', 'filters')?.options as INodeProperties[];
		expect(filters.find((f) => f.name === 'minDurationSecs')?.default).toBe('');
	});

	it('an added but blank Min Duration sends no filter', async () => {
		const { items } = await run({ resource: 'roomRecording', operation: 'getAll', returnAll: true, filters: { minDurationSecs: '' } });
		expect(api()[0].query).toEqual({ 'page[number]': '1', 'page[size]': '250' });
		expect(items).toHaveLength(40);
	});
});

describe('Update can clear nullable fields', () => {
	let room: SandboxRecord;
	beforeEach(() => {
		sb.reset();
		sb.seed({ rooms: 1 });
		room = [...sb.store.rooms.values()][0];
		Object.assign(room, { webhook_event_failover_url: 'https://backup.example.com/h', webhook_timeout_secs: 12 });
	});

	it('sends null for the fields picked under Clear Fields, and Telnyx stores no value', async () => {
		const { items, error } = await run({
			resource: 'room',
			operation: 'update',
			roomId: byId(room.id),
			clearFields: ['webhookEventFailoverUrl', 'webhookTimeoutSecs'],
		});
		expect(error).toBeUndefined();
		expect(api()[0]).toMatchObject({ method: 'PATCH', body: { webhook_event_failover_url: null, webhook_timeout_secs: null } });
		expect(room).toMatchObject({ webhook_event_failover_url: null, webhook_timeout_secs: null });
		expect(items[0].json).toMatchObject({ id: room.id, webhook_event_failover_url: null, webhook_timeout_secs: null });
	});

	it('leaves a field that is blank under Update Fields as it is', async () => {
		const { error } = await run({
			resource: 'room',
			operation: 'update',
			roomId: byId(room.id),
			updateFields: { webhookEventFailoverUrl: '', webhookTimeoutSecs: '', maxParticipants: 7 },
		});
		expect(error).toBeUndefined();
		expect(api()[0].body).toEqual({ max_participants: 7 });
		expect(room).toMatchObject({ webhook_event_failover_url: 'https://backup.example.com/h', webhook_timeout_secs: 12 });
	});

	it('refuses a field that is both set and cleared, naming it, before any request', async () => {
		const { error } = await run({
			resource: 'room',
			operation: 'update',
			roomId: byId(room.id),
			updateFields: { webhookTimeoutSecs: 5 },
			clearFields: ['webhookTimeoutSecs'],
		});
		expect(error?.message).toBe('Clear Fields › Webhook Timeout (Seconds): is also set under Update Fields; either set it or clear it');
		expect(sb.requests).toHaveLength(0);
	});

	it('has no Webhook Timeout default that differs from the API (none): added but blank, nothing is sent', async () => {
		for (const op of ['create', 'update']) {
			const collection = property(op, op === 'update' ? 'updateFields' : 'additionalFields');
			const timeout = (collection?.options as INodeProperties[]).find((f) => f.name === 'webhookTimeoutSecs');
			expect({ op, default: timeout?.default }).toEqual({ op, default: '' });
		}
		const { items } = await run({ resource: 'room', operation: 'create', additionalFields: { webhookTimeoutSecs: '', uniqueName: 'no-timeout' } });
		expect(api()[0].body).toEqual({ unique_name: 'no-timeout' });
		expect(items[0].json.webhook_timeout_secs).toBeNull();
	});
});

/**
 * Return All on a busy account. Property: whatever the churn, the result holds every recording
 * that existed for the whole read exactly once, nothing that never existed, in API order; or the
 * run fails saying the list could not be read whole. Never a silently incomplete list.
 */
describe('Return All on a list that changes while it is read', () => {
	const SEEDS = [1, 2, 3];
	const SCENARIOS: Array<[string, IDataObject]> = [
		['slow inserts at the tail', { inserts: 0.5, insertAt: 'tail' }],
		['inserts at the head (newest-first lists)', { inserts: 3, insertAt: 'head' }],
		['deletes at the head', { deletes: 3, deleteAt: 'head' }],
		['deletes at the tail', { deletes: 3, deleteAt: 'tail' }],
		['deletes anywhere, inserts at the tail', { inserts: 2, deletes: 2, insertAt: 'tail', deleteAt: 'anywhere' }],
		['inserts and deletes at the head, balanced', { inserts: 4, deletes: 4, insertAt: 'head', deleteAt: 'head' }],
		['heavy deletes at the head (more than the overlap)', { deletes: 70, deleteAt: 'head' }],
		['heavy churn at both ends', { inserts: 25, deletes: 25, insertAt: 'both', deleteAt: 'both' }],
		['heavy deletes anywhere, as many inserts at the tail', { inserts: 60, deletes: 60, insertAt: 'tail', deleteAt: 'anywhere' }],
	];

	const summary: string[] = [];
	// eslint-disable-next-line no-console
	afterAll(() => console.log(`Return All under churn:\n${summary.join('\n')}`));

	/** API order of every record ever listed: the start, with head inserts before and tail inserts after. */
	function universalOrder(start: string[]) {
		const order = [...start];
		for (const change of sb.churnLog) {
			for (const id of change.inserted) {
				if (change.insertedAtHead.includes(id)) order.unshift(id);
				else order.push(id);
			}
		}
		return order;
	}

	it.each(SCENARIOS.flatMap(([name, churn]) => SEEDS.map((seed) => [name, seed, churn] as const)))(
		'%s (seed %i)',
		async (name, seed, churn) => {
			freshAccount(1100, seed);
			const start = recordings().map((r) => r.id);
			sb.configure({ listChurn: { ...churn, seed } });
			const { items, error } = await run({ resource: 'roomRecording', operation: 'getAll', returnAll: true });
			sb.configure({ listChurn: null });
			const where = `scenario "${name}", seed ${seed}`;
			// At these rates completeness can always be established: the run must not fail.
			expect({ where, error: error?.message }).toEqual({ where, error: undefined });
			const ids = items.map((i) => i.json.id as string);
			const deleted = new Set(sb.churnLog.flatMap((c) => c.deleted));
			const inserted = new Set(sb.churnLog.flatMap((c) => c.inserted));
			const existedThroughout = start.filter((id) => !deleted.has(id));
			expect({ where, duplicates: ids.length - new Set(ids).size }).toEqual({ where, duplicates: 0 });
			expect({ where, missing: existedThroughout.filter((id) => !ids.includes(id)) }).toEqual({ where, missing: [] });
			expect({ where, unknown: ids.filter((id) => !start.includes(id) && !inserted.has(id)) }).toEqual({ where, unknown: [] });
			const order = universalOrder(start);
			const positions = ids.map((id) => order.indexOf(id));
			expect({ where, inOrder: positions.every((p, i) => i === 0 || p > positions[i - 1]) }).toEqual({ where, inOrder: true });
			expect(sb.churnLog.length).toBeGreaterThan(0); // the list really changed during the read
			const changes = sb.churnLog.reduce((n, c) => n + c.inserted.length + c.deleted.length, 0);
			summary.push(`${where}: ${ids.length} records (${existedThroughout.length} existed throughout), ${api().length} reads, ${changes} changes during the read`);
		},
	);

	it('fails, saying so, when the list grows faster than it can be read', async () => {
		freshAccount(600, 9);
		sb.configure({ listChurn: { inserts: 400, insertAt: 'head', seed: 9 } });
		const { error, items } = await run({ resource: 'roomRecording', operation: 'getAll', returnAll: true });
		sb.configure({ listChurn: null });
		expect(items).toHaveLength(0);
		expect(error?.message).toMatch(/^Could not read the whole list: it changed faster than it could be read \(\d+ requests\)$/);
		expect((error as { description?: string }).description).toMatch(/Nothing was returned/);
	});
});

describe('downloads stream into n8n’s binary data', () => {
	afterEach(() => jest.restoreAllMocks());

	it('hands n8n a stream, not a buffer, and the file arrives whole (24 MiB, checksum)', async () => {
		sb.reset();
		sb.seed({ rooms: 1, sessionsPerRoom: 1, participantsPerSession: 2, compositions: 6 });
		sb.configure({ downloadBytes: 24 * 1024 * 1024 + 123 });
		const composition = [...sb.store.compositions.values()].find((c) => c.status === 'completed')!;
		const store = jest.spyOn(BinaryDataService.prototype, 'store');
		const { items, error } = await run({ resource: 'roomComposition', operation: 'download', roomCompositionId: byId(composition.id) });
		expect(error).toBeUndefined();
		expect(store).toHaveBeenCalledTimes(1);
		const handed = store.mock.calls[0][1] as unknown;
		expect(Buffer.isBuffer(handed)).toBe(false);
		expect(typeof (handed as { pipe?: unknown }).pipe).toBe('function');
		const file = await readBinary(items[0].binary!.data);
		const expected = expectedDownload(sb, 'compositions', composition.id);
		expect(file.length).toBe(expected.size);
		expect(createHash('sha256').update(file).digest('hex')).toBe(expected.sha256);
		const download = sb.requests.find((r) => r.path.startsWith('/downloads'));
		expect(download?.headers.authorization).toBeUndefined();
	});
});
