/**
 * TelnyxVideoTrigger deliveries: webhook() through n8n-core's real WebhookContext, with a real
 * Ed25519 key pair made here, plus the pure signature check at its boundaries.
 */
import type { IDataObject } from 'n8n-workflow';

import { parsePublicKey, verifyTelnyxSignature } from '../../nodes/shared/signature';
import { runWebhook } from '../harness';
import type { RunWebhookResult } from '../harness';
import { makeKeyPair, nodeOptions, roomParameters, signDelivery } from './triggerContext';
import type { KeyPair } from './triggerContext';

const { startSandbox } = require('../sandbox');

const ROOM = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
const keys = makeKeyPair();
const otherKeys = makeKeyPair();

const EVENT = {
	data: {
		record_type: 'event',
		event_type: 'video.room.participant.joined',
		id: '3b8c4e30-2f77-4e20-9c75-4d3b8f1e2c33',
		occurred_at: '2024-05-02T10:00:03.000000Z',
		payload: {
			room_id: ROOM,
			session_id: '7b61621f-62e0-4aad-ab11-9fd19e272e73',
			participant_id: '5ccc7b54-4df3-4bca-a65a-35a1ecc777f0',
			context: 'Alice',
		},
	},
	meta: { attempt: 1, delivered_to: 'https://n8n.example.com/webhook/x/webhook' },
};

function eventOf(type: string) {
	return { ...EVENT, data: { ...EVENT.data, event_type: type } };
}

interface Delivery {
	raw?: string | Buffer;
	headers?: Record<string, string | undefined>;
	parameters?: IDataObject;
	publicKey?: string;
	rawBodyPreloaded?: boolean;
	query?: IDataObject;
}

async function deliver({ raw = JSON.stringify(EVENT), headers, parameters = {}, publicKey = keys.publicKeyB64, rawBodyPreloaded, query }: Delivery) {
	return await runWebhook({
		...nodeOptions('http://127.0.0.1:1', publicKey, roomParameters([ROOM], parameters)),
		request: {
			body: raw,
			headers: { 'content-type': 'application/json', ...(headers ?? signDelivery(keys, raw)) },
			...(rawBodyPreloaded === undefined ? {} : { rawBodyPreloaded }),
			...(query === undefined ? {} : { query }),
		},
	});
}

function expectRejected(result: RunWebhookResult, status: number) {
	expect(result.error).toBeUndefined();
	expect(result.response).toEqual({ noWebhookResponse: true });
	expect(result.response?.workflowData).toBeUndefined();
	expect(result.httpResponse.statusCode).toBe(status);
	expect(result.httpResponse.finished).toBe(true);
}

function items(result: RunWebhookResult): IDataObject[] {
	expect(result.error).toBeUndefined();
	expect(result.httpResponse.finished).toBe(false);
	return (result.response?.workflowData?.[0] ?? []).map((item) => item.json);
}

const now = () => Math.floor(Date.now() / 1000);

describe('webhook(): accepted deliveries', () => {
	it('emits one simplified item for a correctly signed event', async () => {
		expect(items(await deliver({}))).toEqual([
			{
				event_type: 'video.room.participant.joined',
				id: EVENT.data.id,
				occurred_at: EVENT.data.occurred_at,
				payload: EVENT.data.payload,
			},
		]);
	});

	it('emits the whole body with Simplify off', async () => {
		expect(items(await deliver({ parameters: { options: { simplify: false } } }))).toEqual([EVENT]);
	});

	it('reads header names case-insensitively', async () => {
		const raw = JSON.stringify(EVENT);
		const signed = signDelivery(keys, raw);
		const headers = {
			'Telnyx-Signature-Ed25519': signed['telnyx-signature-ed25519'],
			'TELNYX-TIMESTAMP': signed['telnyx-timestamp'],
		};
		expect(items(await deliver({ raw, headers }))).toHaveLength(1);
	});

	it('verifies the raw bytes when n8n has not read the body yet', async () => {
		// Whitespace and key order that JSON.stringify(body) would not reproduce.
		const raw = `{ "data": {"payload": {"room_id": "${ROOM}"}, "event_type": "video.room.session.started", "id": "e1"} }\n`;
		expect(items(await deliver({ raw, rawBodyPreloaded: false }))).toEqual([
			{ event_type: 'video.room.session.started', id: 'e1', occurred_at: undefined, payload: { room_id: ROOM } },
		]);
	});

	it('accepts what the sandbox signs with its own key', async () => {
		const sb = await startSandbox({ port: 0, apiKey: 'KEY_TEST' });
		try {
			const raw = JSON.stringify(sb.makeEvent('recording.completed'));
			const result = await deliver({ raw, headers: sb.signEvent(raw), publicKey: sb.publicKey });
			expect(items(result)[0]).toMatchObject({ event_type: 'video.room.recording.completed' });
		} finally {
			await sb.close();
		}
	});

	it('accepts an unsigned delivery only when Check Signature is off', async () => {
		const result = await deliver({ headers: {}, publicKey: '', parameters: { options: { checkSignature: false } } });
		expect(items(result)).toHaveLength(1);
	});
});

describe('webhook(): rejected signatures answer 401 and start nothing', () => {
	const raw = JSON.stringify(EVENT);
	const cases: Array<[string, () => Delivery]> = [
		['signed with another key', () => ({ raw, headers: signDelivery(otherKeys, raw) })],
		['tampered body', () => ({ raw: raw.replace('Alice', 'Mallory'), headers: signDelivery(keys, raw) })],
		[
			'tampered timestamp',
			() => {
				const signed = signDelivery(keys, raw);
				return { raw, headers: { ...signed, 'telnyx-timestamp': String(Number(signed['telnyx-timestamp']) + 1) } };
			},
		],
		['stale (301 s old)', () => ({ raw, headers: signDelivery(keys, raw, now() - 301) })],
		['from the future (301 s ahead)', () => ({ raw, headers: signDelivery(keys, raw, now() + 301) })],
		['missing signature header', () => ({ raw, headers: { 'telnyx-timestamp': String(now()) } })],
		['missing timestamp header', () => ({ raw, headers: { 'telnyx-signature-ed25519': signDelivery(keys, raw)['telnyx-signature-ed25519'] } })],
		['no signature headers at all', () => ({ raw, headers: {} })],
		[
			'non-numeric timestamp',
			() => {
				const ts = `${now()}abc`;
				return { raw, headers: { ...signDelivery(keys, raw), 'telnyx-timestamp': ts } };
			},
		],
		['timestamp in exponent form', () => ({ raw, headers: { ...signDelivery(keys, raw), 'telnyx-timestamp': '1.7e9' } })],
		['signature that is not base64', () => ({ raw, headers: { ...signDelivery(keys, raw), 'telnyx-signature-ed25519': '%%%not*base64%%%' } })],
		[
			'signature of the wrong length',
			() => ({ raw, headers: { ...signDelivery(keys, raw), 'telnyx-signature-ed25519': Buffer.alloc(63, 1).toString('base64') } }),
		],
		['credential without a public key', () => ({ raw, publicKey: '' })],
		['public key of the wrong length', () => ({ raw, publicKey: Buffer.alloc(31, 7).toString('base64') })],
	];

	it.each(cases)('%s', async (_name, make) => {
		const result = await deliver(make());
		expectRejected(result, 401);
		expect(result.httpResponse.body).toMatchObject({ error: 'Invalid Telnyx signature' });
	});

	it('checks the signature before looking at the body (an unsigned malformed body is 401, not 400)', async () => {
		expectRejected(await deliver({ raw: '{not json', headers: {} }), 401);
	});
});

describe('webhook(): bodies and event selection', () => {
	it('answers 400 to a correctly signed body that is not JSON', async () => {
		const raw = '{"data": {"event_type": "video.room.session.started"';
		const result = await deliver({ raw });
		expectRejected(result, 400);
		expect(result.httpResponse.body).toEqual({ error: 'The body is not valid JSON' });
	});

	it('answers 400 to signed JSON that is not a Telnyx event', async () => {
		expectRejected(await deliver({ raw: JSON.stringify({ hello: 'world' }) }), 400);
	});

	it('acknowledges an event that was not selected with 200 and starts nothing', async () => {
		const result = await deliver({ parameters: { events: ['video.room.session.started', 'video.room.session.ended'] } });
		expectRejected(result, 200);
		expect(result.httpResponse.body).toMatchObject({ received: true });
	});

	it('passes a selected event', async () => {
		const result = await deliver({ parameters: { events: ['video.room.participant.joined'] } });
		expect(items(result)).toHaveLength(1);
	});

	it('reads the hand-back chain in the query as nothing but routing data: the event passes', async () => {
		const query = { via: 'https://n8n.example.com/webhook/7d3c1b2a-9e8f-4a6b-8c5d-1e2f3a4b5c6d/webhook', previous: 'https://crm.example.com/hook' };
		expect(items(await deliver({ query }))).toHaveLength(1);
	});

	it('acknowledges a delivery to a released room (?released=1) with 200 and starts nothing', async () => {
		const result = await deliver({ query: { released: '1' } });
		expectRejected(result, 200);
		expect(result.httpResponse.body).toMatchObject({ received: true, ignored: expect.stringContaining('handed back') });
	});

	it('passes an unknown video.room.* type with All Events, and drops it otherwise', async () => {
		const raw = JSON.stringify(eventOf('video.room.foo'));
		expect(items(await deliver({ raw }))[0]).toMatchObject({ event_type: 'video.room.foo' });
		expectRejected(await deliver({ raw, parameters: { events: ['video.room.session.started'] } }), 200);
	});
});

describe('verifyTelnyxSignature (pure)', () => {
	const raw = Buffer.from(JSON.stringify(EVENT));
	const ts = 1_700_000_000;
	const signed = (k: KeyPair = keys, t = ts) => signDelivery(k, raw, t);
	const check = (over: Partial<Parameters<typeof verifyTelnyxSignature>[0]> = {}) =>
		verifyTelnyxSignature({
			rawBody: raw,
			signature: signed()['telnyx-signature-ed25519'],
			timestamp: String(ts),
			publicKey: keys.publicKeyB64,
			nowSeconds: ts,
			...over,
		});

	it('accepts a valid signature right up to 300 s either way, and not beyond', () => {
		expect(check()).toEqual({ valid: true });
		expect(check({ nowSeconds: ts + 300 })).toEqual({ valid: true });
		expect(check({ nowSeconds: ts - 300 })).toEqual({ valid: true });
		expect(check({ nowSeconds: ts + 301 })).toMatchObject({ valid: false, reason: 'stale_timestamp' });
		expect(check({ nowSeconds: ts - 301 })).toMatchObject({ valid: false, reason: 'stale_timestamp' });
	});

	it('names each kind of failure', () => {
		expect(check({ signature: undefined })).toMatchObject({ reason: 'missing_signature' });
		expect(check({ timestamp: undefined })).toMatchObject({ reason: 'missing_timestamp' });
		expect(check({ timestamp: ' 1700000000' })).toMatchObject({ reason: 'invalid_timestamp' });
		expect(check({ timestamp: '-1700000000' })).toMatchObject({ reason: 'invalid_timestamp' });
		expect(check({ timestamp: '99999999999999999999' })).toMatchObject({ reason: 'invalid_timestamp' });
		expect(check({ signature: 'abc' })).toMatchObject({ reason: 'malformed_signature' });
		expect(check({ publicKey: 'bm90IGEga2V5' })).toMatchObject({ reason: 'invalid_public_key' });
		expect(check({ publicKey: otherKeys.publicKeyB64 })).toMatchObject({ reason: 'signature_mismatch' });
		expect(check({ rawBody: Buffer.concat([raw, Buffer.from(' ')]) })).toMatchObject({ reason: 'signature_mismatch' });
	});

	it('takes a string body as UTF-8 and a public key with surrounding whitespace', () => {
		expect(check({ rawBody: raw.toString('utf8'), publicKey: ` ${keys.publicKeyB64}\n` })).toEqual({ valid: true });
	});

	it('parses only 32-byte base64 keys', () => {
		expect(parsePublicKey(keys.publicKeyB64)).toBeDefined();
		expect(parsePublicKey('')).toBeUndefined();
		expect(parsePublicKey(Buffer.alloc(33).toString('base64'))).toBeUndefined();
		expect(parsePublicKey('not base64 at all!')).toBeUndefined();
	});
});
