/**
 * TelnyxVideoTrigger activation and deactivation (checkExists / create / delete) through
 * n8n-core's real HookContext, against the local Telnyx sandbox over real HTTP.
 */
import type { IDataObject } from 'n8n-workflow';

import { runWebhookMethod } from '../harness';
import type { WebhookMethodOptions, WebhookMethodResult } from '../harness';
import { NODE_KEY, PROD_URL, TEST_URL, makeKeyPair, nodeOptions, roomParameters } from './triggerContext';

const { startSandbox } = require('../sandbox');

const OTHER_URL = 'https://crm.example.com/telnyx-hook';
const SOMEONE_ELSE = 'https://someone-else.example.com/hook';

interface Room {
	id: string;
	unique_name: string;
	webhook_event_url?: string | null;
	webhook_event_failover_url?: string | null;
}
interface LoggedRequest {
	method: string;
	path: string;
	body?: IDataObject;
	status: number | null;
}
interface Sandbox {
	url: string;
	store: { rooms: Map<string, Room> };
	requests: LoggedRequest[];
	publicKey: string;
	failNext(n: number, kind: string, opts?: { path?: string; method?: string }): void;
	clearRequests(): void;
	close(): Promise<void>;
}

let sb: Sandbox;
let ids: string[];
const keys = makeKeyPair();

beforeEach(async () => {
	sb = await startSandbox({ port: 0, apiKey: 'KEY_TEST', seed: { rooms: 3 } });
	ids = [...sb.store.rooms.keys()];
	// Room 0 already feeds someone's CRM (with a failover); rooms 1 and 2 have no URL.
	Object.assign(sb.store.rooms.get(ids[0])!, {
		webhook_event_url: OTHER_URL,
		webhook_event_failover_url: 'https://failover.example.com/hook',
	});
});

afterEach(async () => {
	await sb.close();
});

const room = (i: number) => sb.store.rooms.get(ids[i])!;
const patches = () => sb.requests.filter((r) => r.method === 'PATCH');

function call(
	method: WebhookMethodOptions['method'],
	staticData?: IDataObject,
	overrides: Partial<WebhookMethodOptions> = {},
	roomIds: string[] = ids,
	parameters: IDataObject = {},
): Promise<WebhookMethodResult> {
	return runWebhookMethod({
		...nodeOptions(sb.url, keys.publicKeyB64, roomParameters(roomIds, parameters)),
		method,
		staticData,
		...overrides,
	});
}

describe('checkExists', () => {
	it('is false before activation and true once every room points at the webhook URL', async () => {
		expect((await call('checkExists')).result).toBe(false);
		const created = await call('create');
		const exists = await call('checkExists', created.staticData);
		expect(exists.webhookUrl).toBe(PROD_URL);
		expect(exists.result).toBe(true);
	});

	it('is false when one of several rooms points elsewhere', async () => {
		const created = await call('create');
		room(1).webhook_event_url = SOMEONE_ELSE;
		expect((await call('checkExists', created.staticData)).result).toBe(false);
	});

	it('is false when a chosen room no longer exists, and when no room is chosen', async () => {
		const created = await call('create');
		sb.store.rooms.delete(ids[2]);
		expect((await call('checkExists', created.staticData)).result).toBe(false);
		expect((await call('checkExists', undefined, {}, [])).result).toBe(false);
	});
});

describe('create', () => {
	it('points every room at n8n and remembers each previous URL', async () => {
		const created = await call('create');
		expect(created.result).toBe(true);
		for (let i = 0; i < 3; i++) expect(room(i).webhook_event_url).toBe(PROD_URL);
		// The failover URL is not touched.
		expect(room(0).webhook_event_failover_url).toBe('https://failover.example.com/hook');
		expect(patches().map((r) => r.body)).toEqual(ids.map(() => ({ webhook_event_url: PROD_URL })));
		expect(created.nodeStaticData).toEqual({
			subscriptions: {
				[PROD_URL]: {
					[ids[0]]: { previousUrl: OTHER_URL },
					[ids[1]]: { previousUrl: null },
					[ids[2]]: { previousUrl: null },
				},
			},
		});
		for (const r of sb.requests) expect(r.status).toBeLessThan(300);
	});

	it('rolls back the rooms already changed when a later room fails, and names that room', async () => {
		sb.failNext(1, '422', { path: `/rooms/${ids[1]}`, method: 'PATCH' });
		await expect(call('create')).rejects.toMatchObject({
			message: `Could not subscribe room "${room(1).unique_name}" (${ids[1]})`,
			description: expect.stringContaining(`Set back to their previous URL: "${room(0).unique_name}" (${ids[0]})`),
		});
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(room(1).webhook_event_url).toBeUndefined();
		expect(room(2).webhook_event_url).toBeUndefined();
		// PATCH room 0 → n8n, PATCH room 1 (refused), PATCH room 0 → back. Room 2 never touched.
		expect(patches().map((r) => [r.path, r.body, r.status])).toEqual([
			[`/rooms/${ids[0]}`, { webhook_event_url: PROD_URL }, 200],
			[`/rooms/${ids[1]}`, { webhook_event_url: PROD_URL }, 422],
			[`/rooms/${ids[0]}`, { webhook_event_url: OTHER_URL }, 200],
		]);
	});

	it('says why in the error (Telnyx title/detail) and that nothing changed when the first room fails', async () => {
		sb.failNext(1, '403', { path: `/rooms/${ids[0]}`, method: 'PATCH' });
		const error = await call('create').catch((e: Error & { description?: string }) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toContain(ids[0]);
		expect((error as { description?: string }).description).toMatch(/Telnyx said: Telnyx error 403.*No room was changed/);
		expect(patches()).toHaveLength(1);
	});

	it('changes nothing when a chosen room does not exist', async () => {
		const missing = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
		await expect(call('create', undefined, {}, [ids[0], missing])).rejects.toThrow(
			`Room ${missing} was not found in this Telnyx account`,
		);
		expect(patches()).toHaveLength(0);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});

	it('refuses to activate with signature checking on and no public key in the credential', async () => {
		const options = { ...nodeOptions(sb.url, '', roomParameters(ids)), method: 'create' as const };
		await expect(runWebhookMethod(options)).rejects.toThrow('The credential has no public key');
		const badKey = { ...nodeOptions(sb.url, 'bm90IGEga2V5', roomParameters(ids)), method: 'create' as const };
		await expect(runWebhookMethod(badKey)).rejects.toThrow('not a base64 32-byte Ed25519 key');
		expect(sb.requests).toHaveLength(0);
	});

	it('activates without a public key when signature checking is turned off', async () => {
		const parameters = roomParameters(ids, { options: { checkSignature: false } });
		const created = await runWebhookMethod({ ...nodeOptions(sb.url, '', parameters), method: 'create' });
		expect(created.result).toBe(true);
		expect(room(2).webhook_event_url).toBe(PROD_URL);
	});

	it('rejects an ID that is not a UUID and subscribes a room listed twice once', async () => {
		await expect(call('create', undefined, {}, ['../rooms'])).rejects.toThrow('"../rooms" is not a room ID');
		const created = await call('create', undefined, {}, [ids[1], ids[1].toUpperCase()]);
		expect(Object.keys((created.nodeStaticData.subscriptions as IDataObject)[PROD_URL] as IDataObject)).toEqual([ids[1]]);
		expect(patches()).toHaveLength(1);
	});

	it('keeps the original previous URL when create runs again (restart after a room drifted)', async () => {
		const first = await call('create');
		room(2).webhook_event_url = SOMEONE_ELSE;
		expect((await call('checkExists', first.staticData)).result).toBe(false);
		const second = await call('create', first.staticData);
		const records = (second.nodeStaticData.subscriptions as IDataObject)[PROD_URL];
		expect(records).toEqual({
			[ids[0]]: { previousUrl: OTHER_URL },
			[ids[1]]: { previousUrl: null },
			// Someone else pointed room 2 somewhere while we were active: that is what goes back.
			[ids[2]]: { previousUrl: SOMEONE_ELSE },
		});
		// Rooms 0 and 1 already pointed at n8n: not PATCHed again.
		expect(patches().slice(3).map((r) => r.path)).toEqual([`/rooms/${ids[2]}`]);
	});
});

describe('delete', () => {
	it('puts every previous URL back, clears the ones that had none, and leaves static data clean', async () => {
		const created = await call('create');
		sb.clearRequests();
		const deleted = await call('delete', created.staticData);
		expect(deleted.result).toBe(true);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(room(0).webhook_event_failover_url).toBe('https://failover.example.com/hook');
		expect(room(1).webhook_event_url).toBeNull();
		expect(room(2).webhook_event_url).toBeNull();
		expect(patches().map((r) => r.body)).toEqual([
			{ webhook_event_url: OTHER_URL },
			{ webhook_event_url: null },
			{ webhook_event_url: null },
		]);
		expect(deleted.nodeStaticData).toEqual({});
		// n8n keeps the node's (now empty) slot; nothing of ours is left in it.
		expect(deleted.staticData).toEqual({ [NODE_KEY]: {} });
	});

	it('never overwrites a URL someone else set in the meantime', async () => {
		const created = await call('create');
		room(0).webhook_event_url = SOMEONE_ELSE;
		room(1).webhook_event_url = SOMEONE_ELSE;
		sb.clearRequests();
		const deleted = await call('delete', created.staticData);
		expect(room(0).webhook_event_url).toBe(SOMEONE_ELSE);
		expect(room(1).webhook_event_url).toBe(SOMEONE_ELSE);
		expect(room(2).webhook_event_url).toBeNull();
		expect(patches().map((r) => r.path)).toEqual([`/rooms/${ids[2]}`]);
		expect(deleted.nodeStaticData).toEqual({});
	});

	it('restores remembered rooms even after they were removed from the parameter, and skips deleted rooms', async () => {
		const created = await call('create');
		sb.store.rooms.delete(ids[1]);
		const deleted = await call('delete', created.staticData, {}, [ids[2]]);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(room(2).webhook_event_url).toBeNull();
		expect(deleted.nodeStaticData).toEqual({});
	});

	it('clears a room pointing at n8n with no record (lost static data) but touches nothing else', async () => {
		room(1).webhook_event_url = PROD_URL;
		const deleted = await call('delete');
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(room(1).webhook_event_url).toBeNull();
		expect(room(2).webhook_event_url).toBeUndefined();
		expect(patches()).toHaveLength(1);
		expect(deleted.nodeStaticData).toEqual({});
	});

	it('clears with "" when Telnyx refuses null', async () => {
		const created = await call('create', undefined, {}, [ids[1]]);
		sb.failNext(1, '422', { path: `/rooms/${ids[1]}`, method: 'PATCH' });
		sb.clearRequests();
		await call('delete', created.staticData, {}, [ids[1]]);
		expect(patches().map((r) => [r.body, r.status])).toEqual([
			[{ webhook_event_url: null }, 422],
			[{ webhook_event_url: '' }, 200],
		]);
		expect(room(1).webhook_event_url).toBe('');
	});

	it('reports a room it could not restore, keeps its record, and still restores the others', async () => {
		const created = await call('create');
		sb.failNext(1, '403', { path: `/rooms/${ids[0]}`, method: 'PATCH' });
		await expect(call('delete', created.staticData)).rejects.toThrow(
			'Could not give 1 room(s) their previous webhook URL back',
		);
		expect(room(0).webhook_event_url).toBe(PROD_URL);
		expect(room(1).webhook_event_url).toBeNull();
		expect(room(2).webhook_event_url).toBeNull();
		// A later clean-up (same stored record) still puts the right URL back.
		const retry = await call('delete', created.staticData);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(retry.nodeStaticData).toEqual({});
	});
});

describe('test webhook ("listen for test event") while the workflow is active', () => {
	it('takes the rooms over from production and gives them back to production afterwards', async () => {
		const production = await call('create');
		const test = { isTest: true, activation: 'manual' as const, mode: 'manual' as const };

		expect((await call('checkExists', production.staticData, test)).result).toBe(false);
		const testCreated = await call('create', production.staticData, test);
		expect(testCreated.webhookUrl).toBe(TEST_URL);
		for (let i = 0; i < 3; i++) expect(room(i).webhook_event_url).toBe(TEST_URL);

		const testDeleted = await call('delete', testCreated.staticData, test);
		for (let i = 0; i < 3; i++) expect(room(i).webhook_event_url).toBe(PROD_URL);
		expect(testDeleted.nodeStaticData).toEqual(production.nodeStaticData);

		const productionDeleted = await call('delete', production.staticData);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(room(1).webhook_event_url).toBeNull();
		expect(productionDeleted.nodeStaticData).toEqual({});
	});

	it('restores the original URL when production re-activates while the test URL still holds a room', async () => {
		const production = await call('create');
		// A test session that never ended (e.g. n8n crashed) left room 0 on the test URL.
		room(0).webhook_event_url = TEST_URL;
		const recreated = await call('create', production.staticData);
		expect(room(0).webhook_event_url).toBe(PROD_URL);
		await call('delete', recreated.staticData);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});

	it('moves the record when n8n now serves the webhook under another base URL', async () => {
		const old = await call('create', undefined, { webhookBaseUrl: 'http://old-host:5678/webhook' });
		const created = await call('create', old.staticData);
		expect(Object.keys(created.nodeStaticData.subscriptions as IDataObject)).toEqual([PROD_URL]);
		await call('delete', created.staticData);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(room(1).webhook_event_url).toBeNull();
	});
});
