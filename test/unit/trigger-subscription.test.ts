/**
 * TelnyxVideoTrigger activation and deactivation (checkExists / create / delete) through
 * n8n-core's real HookContext, against the local Telnyx sandbox behind Prism's validating proxy,
 * so nothing the spec forbids (a null or "" webhook URL) can pass. The three probe scenarios of
 * issue #17 (two workflows on one room, a listen after a crash, a room that had no URL) are
 * under "issue #17"; the property test is trigger-invariant.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseChain } from '../../nodes/TelnyxVideoTrigger/chain';
import { runWebhookMethod } from '../harness';
import type { WebhookMethodOptions, WebhookMethodResult } from '../harness';
import { startPrismProxy, startSandbox } from '../support/sandbox';
import type { PrismProxy, Sandbox } from '../support/sandbox';
import { PROD_BASE, PROD_URL, TEST_BASE, TEST_URL, makeKeyPair, nodeOptions, roomParameters } from './triggerContext';

const OTHER_URL = 'https://crm.example.com/telnyx-hook?token=abc%20def';
const SOMEONE_ELSE = 'https://someone-else.example.com/hook';
/** A second workflow's trigger on the same n8n. */
const B_ID = '7d3c1b2a-9e8f-4a6b-8c5d-1e2f3a4b5c6d';
const B_PROD = `${PROD_BASE}/${B_ID}/webhook`;
const B_TEST = `${TEST_BASE}/${B_ID}/webhook`;

let sb: Sandbox;
let prism: PrismProxy;
let ids: string[];
const keys = makeKeyPair();

beforeAll(async () => {
	sb = await startSandbox({ port: 0, apiKey: 'KEY_TEST' });
	prism = await startPrismProxy({ upstream: sb.url });
});

afterAll(async () => {
	await prism?.close();
	await sb?.close();
});

beforeEach(() => {
	sb.reset();
	ids = sb.seed({ rooms: 3 }).rooms;
	// Room 0 already feeds someone's CRM (with a failover); rooms 1 and 2 have no URL.
	Object.assign(sb.store.rooms.get(ids[0])!, {
		webhook_event_url: OTHER_URL,
		webhook_event_failover_url: 'https://failover.example.com/hook',
	});
	for (const i of [1, 2]) delete sb.store.rooms.get(ids[i])!.webhook_event_url;
});

afterEach(() => {
	// Every request the trigger sent met the contract (injected faults use statuses the spec declares).
	const violations = prism.violations.splice(0);
	expect(violations).toEqual([]);
});

const room = (i: number) => sb.store.rooms.get(ids[i])!;
const patches = () => sb.requests.filter((r) => r.method === 'PATCH');
const testMode = { isTest: true, activation: 'manual' as const, mode: 'manual' as const };
/** The URL a room gets from a holder that hands it back to `previous`. */
const held = (holder: string, previous?: string, via: string[] = []) => {
	const query = new URLSearchParams();
	for (const v of via) query.append('via', v);
	if (previous !== undefined) query.append('previous', previous);
	const search = query.toString();
	return search ? `${holder}?${search}` : holder;
};

function call(
	method: WebhookMethodOptions['method'],
	staticData?: IDataObject,
	overrides: Partial<WebhookMethodOptions> = {},
	roomIds: string[] = ids,
	parameters: IDataObject = {},
): Promise<WebhookMethodResult> {
	return runWebhookMethod({
		...nodeOptions(prism.url, keys.publicKeyB64, roomParameters(roomIds, parameters)),
		method,
		staticData,
		...overrides,
	});
}

/** The second workflow (B): same n8n, its own trigger node and webhook ID. */
function callB(method: WebhookMethodOptions['method'], staticData?: IDataObject, overrides: Partial<WebhookMethodOptions> = {}, takeOver = false) {
	return call(method, staticData, { webhookId: B_ID, ...overrides }, [ids[0], ids[1]], takeOver ? { options: { takeOver: true } } : {});
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

	it('is false while this trigger\'s own test URL is on top (so activation repairs a listen cut off by a crash)', async () => {
		room(1).webhook_event_url = held(TEST_URL, undefined, [PROD_URL]);
		expect((await call('checkExists', undefined, {}, [ids[1]])).result).toBe(false);
	});
});

describe('create', () => {
	it('points every room at n8n with the URL to give back in the query, and lists the rooms in static data', async () => {
		const created = await call('create');
		expect(created.result).toBe(true);
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
		expect(room(1).webhook_event_url).toBe(PROD_URL);
		expect(room(2).webhook_event_url).toBe(PROD_URL);
		// The failover URL is not touched.
		expect(room(0).webhook_event_failover_url).toBe('https://failover.example.com/hook');
		expect(created.nodeStaticData).toEqual({ rooms: [...ids].sort() });
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
		expect(patches().map((r) => [r.path, r.body, r.status])).toEqual([
			[`/rooms/${ids[0]}`, { webhook_event_url: held(PROD_URL, OTHER_URL) }, 200],
			[`/rooms/${ids[1]}`, { webhook_event_url: PROD_URL }, 422],
			[`/rooms/${ids[0]}`, { webhook_event_url: OTHER_URL }, 200],
		]);
	});

	it('says why in the error (Telnyx title/detail) and that nothing changed when the first room fails', async () => {
		sb.failNext(1, '422', { path: `/rooms/${ids[0]}`, method: 'PATCH' });
		const error = await call('create').catch((e: Error & { description?: string }) => e);
		expect(error).toBeInstanceOf(Error);
		expect((error as Error).message).toContain(ids[0]);
		expect((error as { description?: string }).description).toMatch(/Telnyx said: .*No room was changed/);
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
		const options = { ...nodeOptions(prism.url, '', roomParameters(ids)), method: 'create' as const };
		await expect(runWebhookMethod(options)).rejects.toThrow('The credential has no public key');
		const badKey = { ...nodeOptions(prism.url, 'bm90IGEga2V5', roomParameters(ids)), method: 'create' as const };
		await expect(runWebhookMethod(badKey)).rejects.toThrow('not a base64 32-byte Ed25519 key');
		expect(sb.requests).toHaveLength(0);
	});

	it('activates without a public key when signature checking is turned off', async () => {
		const parameters = roomParameters(ids, { options: { checkSignature: false } });
		const created = await runWebhookMethod({ ...nodeOptions(prism.url, '', parameters), method: 'create' });
		expect(created.result).toBe(true);
		expect(room(2).webhook_event_url).toBe(PROD_URL);
	});

	it('rejects an ID that is not a UUID and subscribes a room listed twice once', async () => {
		await expect(call('create', undefined, {}, ['../rooms'])).rejects.toThrow('"../rooms" is not a room ID');
		const created = await call('create', undefined, {}, [ids[1], ids[1].toUpperCase()]);
		expect(created.nodeStaticData).toEqual({ rooms: [ids[1]] });
		expect(patches()).toHaveLength(1);
	});

	it('keeps the original URL when create runs again, and takes what someone set meanwhile as the new one', async () => {
		const first = await call('create');
		room(2).webhook_event_url = SOMEONE_ELSE;
		expect((await call('checkExists', first.staticData)).result).toBe(false);
		sb.clearRequests();
		await call('create', first.staticData);
		// Rooms 0 and 1 already pointed at n8n: not PATCHed again.
		expect(patches().map((r) => [r.path, r.body])).toEqual([[`/rooms/${ids[2]}`, { webhook_event_url: held(PROD_URL, SOMEONE_ELSE) }]]);
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
	});

	it('refuses a chain that would make the URL longer than 2,000 characters, before changing anything', async () => {
		room(0).webhook_event_url = `https://crm.example.com/${'x'.repeat(1900)}`;
		await expect(call('create')).rejects.toThrow(/would need a webhook URL of \d+ characters/);
		expect(patches()).toHaveLength(0);
	});
});

describe('delete', () => {
	it('gives room 0 its URL back, releases the rooms that had none, and leaves static data clean', async () => {
		const created = await call('create');
		sb.clearRequests();
		const deleted = await call('delete', created.staticData);
		expect(deleted.result).toBe(true);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(room(0).webhook_event_failover_url).toBe('https://failover.example.com/hook');
		expect(room(1).webhook_event_url).toBe(`${PROD_URL}?released=1`);
		expect(room(2).webhook_event_url).toBe(`${PROD_URL}?released=1`);
		expect(deleted.nodeStaticData).toEqual({});
		for (const r of patches()) expect(r.status).toBe(200);
	});

	it('never overwrites a URL someone else set in the meantime', async () => {
		const created = await call('create');
		room(0).webhook_event_url = SOMEONE_ELSE;
		room(1).webhook_event_url = SOMEONE_ELSE;
		sb.clearRequests();
		const deleted = await call('delete', created.staticData);
		expect(room(0).webhook_event_url).toBe(SOMEONE_ELSE);
		expect(room(1).webhook_event_url).toBe(SOMEONE_ELSE);
		expect(patches().map((r) => r.path)).toEqual([`/rooms/${ids[2]}`]);
		expect(deleted.nodeStaticData).toEqual({});
	});

	it('hands back rooms removed from the parameter since activation, and skips deleted rooms', async () => {
		const created = await call('create');
		sb.store.rooms.delete(ids[1]);
		const deleted = await call('delete', created.staticData, {}, [ids[2]]);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(deleted.nodeStaticData).toEqual({});
	});

	it('hands a room back from its own URL even when static data was lost', async () => {
		await call('create');
		await call('delete', undefined);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});

	it('reports a room it could not hand back, keeps it listed, and still hands back the others', async () => {
		const created = await call('create');
		sb.failNext(1, '422', { path: `/rooms/${ids[0]}`, method: 'PATCH' });
		await expect(call('delete', created.staticData, {}, [])).rejects.toThrow(
			'Could not give 1 room(s) their previous webhook URL back',
		);
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
		const retry = await call('delete', created.staticData, {}, []);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		expect(retry.nodeStaticData).toEqual({});
	});
});

describe('test webhook ("listen for test event")', () => {
	it('takes the rooms from the active production trigger and gives them back to it', async () => {
		const production = await call('create');
		expect((await call('checkExists', production.staticData, testMode)).result).toBe(false);
		const testCreated = await call('create', {}, testMode);
		expect(testCreated.webhookUrl).toBe(TEST_URL);
		expect(room(0).webhook_event_url).toBe(held(TEST_URL, OTHER_URL, [PROD_URL]));
		expect(room(1).webhook_event_url).toBe(held(TEST_URL, undefined, [PROD_URL]));

		await call('delete', testCreated.staticData, testMode);
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
		expect(room(1).webhook_event_url).toBe(PROD_URL);

		await call('delete', production.staticData);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});

	it('moves the chain when n8n now serves the webhook under another base URL', async () => {
		await call('create', undefined, { webhookBaseUrl: 'http://old-host:5678/webhook' });
		const created = await call('create');
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
		await call('delete', created.staticData);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});
});

describe('issue #17: two workflows on one room', () => {
	it('refuses the second workflow, naming the room, the URL and the way out; nothing changes', async () => {
		await call('create', undefined, {}, [ids[0]]);
		sb.clearRequests();
		const error = (await callB('create').catch((e: Error) => e)) as Error & { description?: string };
		expect(error.message).toBe(
			`Room "${room(0).unique_name}" (${ids[0]}) already sends its events to another n8n workflow: ${held(PROD_URL, OTHER_URL)}`,
		);
		expect(error.description).toContain('Take Over Rooms From Other Workflows');
		expect(error.description).toContain(`its URL before any Telnyx Video Trigger: ${OTHER_URL}`);
		expect(patches()).toHaveLength(0);
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
	});

	it('refuses another workflow\'s test URL too, and a listen of the second workflow', async () => {
		room(0).webhook_event_url = TEST_URL;
		await expect(callB('create')).rejects.toThrow(`already sends its events to another n8n workflow: ${TEST_URL}`);
		room(0).webhook_event_url = PROD_URL;
		await expect(callB('create', {}, testMode)).rejects.toThrow(ids[0]);
		expect(patches()).toHaveLength(0);
	});

	it('refuses a room on another n8n\'s webhook', async () => {
		room(0).webhook_event_url = `https://other-n8n.example.com/webhook/${B_ID}/webhook`;
		await expect(call('create', undefined, {}, [ids[0]])).rejects.toThrow('another n8n workflow');
		room(0).webhook_event_url = 'https://other-n8n.example.com/webhook-test/0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
		await expect(call('create', undefined, {}, [ids[0]])).rejects.toThrow('another n8n workflow');
	});

	for (const order of [['A', 'B'], ['B', 'A']]) {
		it(`with Take Over keeps the chain: deactivating ${order.join(' then ')} ends on the URL from before`, async () => {
			const a = await call('create', undefined, {}, [ids[0], ids[1]]);
			const b = await callB('create', undefined, {}, true);
			expect(room(0).webhook_event_url).toBe(held(B_PROD, OTHER_URL, [PROD_URL]));
			expect(room(1).webhook_event_url).toBe(held(B_PROD, undefined, [PROD_URL]));
			const deactivate = { A: () => call('delete', a.staticData, {}, [ids[0], ids[1]]), B: () => callB('delete', b.staticData) };
			await deactivate[order[0] as 'A' | 'B']();
			// The one still active holds both rooms.
			const survivor = order[0] === 'A' ? B_PROD : PROD_URL;
			expect(room(0).webhook_event_url).toBe(held(survivor, OTHER_URL));
			expect(room(1).webhook_event_url).toBe(survivor);
			await deactivate[order[1] as 'A' | 'B']();
			expect(room(0).webhook_event_url).toBe(OTHER_URL);
			expect(parseChain(room(1).webhook_event_url as string).released).toBe(true);
		});
	}
});

describe('issue #17: listen for a test event after a crash', () => {
	it('never records its own test URL: after kill -9 during a listen, the next listen hands the room back', async () => {
		// Listen, then n8n is killed: delete never runs and the test static data is gone.
		await call('create', {}, testMode, [ids[0]]);
		// After the restart: listen again (fresh static data), then stop.
		const again = await call('create', {}, testMode, [ids[0]]);
		await call('delete', again.staticData, testMode, [ids[0]]);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});

	it('on an active workflow: the next listen gives the room back to production, not to the dead test URL', async () => {
		const production = await call('create', undefined, {}, [ids[0]]);
		await call('create', {}, testMode, [ids[0]]); // killed during this listen
		const again = await call('create', {}, testMode, [ids[0]]);
		await call('delete', again.staticData, testMode, [ids[0]]);
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
		await call('delete', production.staticData, {}, [ids[0]]);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});

	it('activation (or deactivation) repairs a room its own cut-off listen left behind', async () => {
		room(0).webhook_event_url = held(TEST_URL, OTHER_URL);
		const created = await call('create', undefined, {}, [ids[0]]);
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
		await call('delete', created.staticData, {}, [ids[0]]);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
		room(0).webhook_event_url = held(TEST_URL, OTHER_URL, [PROD_URL]);
		await call('delete', undefined, {}, [ids[0]]);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});

	it('another workflow meeting the leftover says so, with the room and the URL from before', async () => {
		room(0).webhook_event_url = held(B_TEST, OTHER_URL);
		const error = (await call('create', undefined, {}, [ids[0]]).catch((e: Error) => e)) as Error & { description?: string };
		expect(error.message).toContain(ids[0]);
		expect(error.description).toContain('a test listen left it when n8n stopped');
		expect(error.description).toContain(OTHER_URL);
		// With Take Over the leftover test URL is dropped from the chain.
		const created = await call('create', undefined, {}, [ids[0]], { options: { takeOver: true } });
		expect(room(0).webhook_event_url).toBe(held(PROD_URL, OTHER_URL));
		await call('delete', created.staticData, {}, [ids[0]]);
		expect(room(0).webhook_event_url).toBe(OTHER_URL);
	});
});

describe('issue #17: a room that had no URL', () => {
	it('deactivates without an error and without sending null or "" (which the spec forbids)', async () => {
		const created = await call('create', undefined, {}, [ids[1]]);
		sb.clearRequests();
		const deleted = await call('delete', created.staticData, {}, [ids[1]]);
		expect(deleted.result).toBe(true);
		expect(patches().map((r) => r.body)).toEqual([{ webhook_event_url: `${PROD_URL}?released=1` }]);
		// Deactivating again changes nothing; the next activation takes the room as free.
		sb.clearRequests();
		await call('delete', undefined, {}, [ids[1]]);
		expect(patches()).toHaveLength(0);
		await callB('create', undefined, {}, false).catch(() => undefined);
		expect(room(1).webhook_event_url).toBe(B_PROD);
	});

	it('a listen on a room that had no URL releases it when it stops', async () => {
		const listen = await call('create', {}, testMode, [ids[2]]);
		expect(room(2).webhook_event_url).toBe(TEST_URL);
		await call('delete', listen.staticData, testMode, [ids[2]]);
		expect(room(2).webhook_event_url).toBe(`${TEST_URL}?released=1`);
	});
});
