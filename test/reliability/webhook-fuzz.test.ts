/**
 * Webhook fuzz (issue #6): the trigger's webhook() gets well over 1,000 generated malformed or
 * hostile deliveries through n8n-core's real WebhookContext: random headers, huge and empty
 * bodies, wrong content types, replayed signatures over other bodies, signatures from another
 * key, timestamp edge cases, unicode, header arrays, broken public keys, and correctly signed
 * bodies that are not (selected) Telnyx events. None may start an execution and none may throw.
 * The generator is a seeded PRNG (RELIABILITY_FUZZ_SEED, printed), so a failure reproduces.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TelnyxVideoApi } from '../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideoTrigger } from '../../nodes/TelnyxVideoTrigger/TelnyxVideoTrigger.node';
import { runWebhook } from '../harness';
import { Figures } from './lib/figures';

interface Prng {
	next(): number;
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(p: number): boolean;
	uuid(): string;
}
const { createPrng } = require('../sandbox/prng') as { createPrng: (seed: number) => Prng };

const SEED = Number(process.env.RELIABILITY_FUZZ_SEED ?? 0x5eed);
const CASES = Number(process.env.RELIABILITY_FUZZ_CASES ?? 3000);
const ROOM = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
const SELECTED = 'video.room.session.started';

interface Keys {
	privateKey: KeyObject;
	publicKeyB64: string;
}
function keyPair(): Keys {
	const { privateKey, publicKey } = generateKeyPairSync('ed25519');
	return { privateKey, publicKeyB64: publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64') };
}
const keys = keyPair();
const otherKeys = keyPair();
const now = () => Math.floor(Date.now() / 1000);

function signature(k: Keys, raw: Buffer | string, timestamp: string): string {
	const body = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
	return sign(null, Buffer.concat([Buffer.from(`${timestamp}|`), body]), k.privateKey).toString('base64');
}
function signed(k: Keys, raw: Buffer | string, timestamp = String(now())) {
	return { 'telnyx-signature-ed25519': signature(k, raw, timestamp), 'telnyx-timestamp': timestamp };
}

function event(type = SELECTED, extra: IDataObject = {}) {
	return {
		data: {
			record_type: 'event',
			event_type: type,
			id: '3b8c4e30-2f77-4e20-9c75-4d3b8f1e2c33',
			occurred_at: '2024-05-02T10:00:03.000000Z',
			payload: { room_id: ROOM, session_id: '7b61621f-62e0-4aad-ab11-9fd19e272e73', ...extra },
		},
		meta: { attempt: 1 },
	};
}

interface Delivery {
	raw?: Buffer | string | IDataObject;
	headers?: Record<string, string | string[] | undefined>;
	publicKey?: string;
	rawBodyPreloaded?: boolean;
	events?: string[];
	options?: IDataObject;
}

async function deliver(d: Delivery) {
	return await runWebhook({
		node: new TelnyxVideoTrigger(),
		parameters: {
			rooms: { room: [{ roomId: { __rl: true, mode: 'id', value: ROOM } }] },
			events: d.events ?? ['*'],
			options: (d.options ?? {}) as INodeParameters,
		},
		credentials: { telnyxVideoApi: { apiKey: 'KEY_unused', publicKey: d.publicKey ?? keys.publicKeyB64, baseUrl: 'http://127.0.0.1:1' } },
		credentialTypes: [new TelnyxVideoApi()],
		request: { body: d.raw as Buffer, headers: d.headers ?? {}, rawBodyPreloaded: d.rawBodyPreloaded },
	});
}

/* ------------------------------------------------------------------------------------------ */
/*                                        Generators                                          */
/* ------------------------------------------------------------------------------------------ */

const UNICODE = ['é', 'ß', '漢字', '🙂', '\u200b', '\u202e', '\ufeff', 'Ａ', '١', '\u0000', '\ud800', 'İ', 'ǅ'];
const CONTENT_TYPES = [
	'application/json',
	'text/plain',
	'text/html',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'application/xml',
	'application/json; charset=utf-16',
	'',
	'*/*',
	'application/octet-stream',
];

function randomText(p: Prng, max: number): string {
	let text = '';
	const length = p.int(0, max);
	for (let i = 0; i < length; i++) {
		text += p.chance(0.15) ? p.pick(UNICODE) : String.fromCharCode(p.int(32, 126));
	}
	return text;
}

/** Seeded bytes: a 256-byte chunk drawn from the PRNG, repeated. */
function randomBuffer(p: Prng, length: number): Buffer {
	const chunk = Buffer.from(Array.from({ length: 256 }, () => p.int(0, 255)));
	const out = Buffer.alloc(length);
	for (let i = 0; i < length; i += chunk.length) chunk.copy(out, i);
	return out;
}

function randomHeaders(p: Prng): Record<string, string | string[]> {
	const headers: Record<string, string | string[]> = {};
	const count = p.int(0, 12);
	for (let i = 0; i < count; i++) {
		const name = p.chance(0.3) ? p.pick(['telnyx-signature-ed25519', 'Telnyx-Timestamp', 'x-telnyx-signature', 'authorization', 'content-type']) : `x-${randomText(p, 10).replace(/[^a-z0-9-]/gi, 'a') || 'h'}`;
		headers[name] = p.chance(0.2) ? [randomText(p, 40), randomText(p, 40)] : randomText(p, 120);
	}
	return headers;
}

/** A real-looking event body, sometimes with unicode and odd spacing. */
function eventBody(p: Prng, type = SELECTED): string {
	const json = JSON.stringify(event(type, p.chance(0.5) ? { context: randomText(p, 30) } : {}));
	return p.chance(0.3) ? json.replace(/,/g, ', ') : json;
}

function mutate(p: Prng, raw: string): string {
	switch (p.int(0, 6)) {
		case 0:
			return `${raw} `;
		case 1:
			return raw.replace(ROOM, ROOM.replace('0ccc', '1ccc'));
		case 2:
			return raw.replace(SELECTED, 'video.room.session.ended');
		case 3:
			return `\ufeff${raw}`;
		case 4:
			return raw.slice(0, -1);
		case 5:
			return raw.toUpperCase();
		default:
			return `${raw}\n`;
	}
}

type Generator = (p: Prng) => Delivery;

/** Every generator makes a delivery that must not start an execution. */
const GENERATORS: Record<string, Generator> = {
	randomHeadersAndBody: (p) => ({ raw: randomText(p, 400), headers: randomHeaders(p) }),
	emptyBodySignedElsewhere: (p) => ({ raw: p.chance(0.5) ? '' : Buffer.alloc(0), headers: signed(keys, eventBody(p)) }),
	emptyBodyNoHeaders: (p) => ({ raw: '', headers: p.chance(0.5) ? {} : { 'content-type': p.pick(CONTENT_TYPES) } }),
	hugeBodyReplayedSignature: (p) => {
		const body = Buffer.concat([Buffer.from(eventBody(p)), randomBuffer(p, p.int(256 * 1024, 3 * 1024 * 1024))]);
		return { raw: body, headers: signed(keys, eventBody(p)) };
	},
	hugeBodyAnotherKey: (p) => {
		const body = Buffer.from(JSON.stringify({ ...event(), padding: 'x'.repeat(p.int(100_000, 2_000_000)) }));
		return { raw: body, headers: signed(otherKeys, body) };
	},
	wrongContentTypeReplayed: (p) => {
		const raw = eventBody(p);
		return { raw: mutate(p, raw), headers: { ...signed(keys, raw), 'content-type': p.pick(CONTENT_TYPES) } };
	},
	replayedSignatureOtherBody: (p) => {
		const raw = eventBody(p);
		return { raw: mutate(p, raw), headers: signed(keys, raw) };
	},
	replayedSignatureOtherEvent: (p) => ({ raw: eventBody(p), headers: signed(keys, eventBody(p, 'video.room.participant.joined')) }),
	replayedSignatureOtherTimestamp: (p) => {
		const raw = eventBody(p);
		const ts = now();
		return { raw, headers: { 'telnyx-signature-ed25519': signature(keys, raw, String(ts)), 'telnyx-timestamp': String(ts + p.pick([-2, -1, 1, 2, 60])) } };
	},
	anotherKey: (p) => {
		const raw = eventBody(p);
		return { raw, headers: signed(otherKeys, raw) };
	},
	staleOrFutureTimestamp: (p) => {
		const raw = eventBody(p);
		const offset = p.pick([301, 302, 600, 3600, 86400, 1e6, 1e9]) * (p.chance(0.5) ? -1 : 1);
		const ts = String(Math.max(0, now() + offset));
		return { raw, headers: signed(keys, raw, ts) };
	},
	malformedTimestampSignedAsSent: (p) => {
		const raw = eventBody(p);
		const t = now();
		const ts = p.pick([
			'',
			' ',
			`${t}.0`,
			`${t}.5`,
			`+${t}`,
			`-${t}`,
			` ${t}`,
			`${t} `,
			`${t}\n`,
			'1e9',
			`${t}e0`,
			`0x${t.toString(16)}`,
			String(t).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
			String(t).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))),
			'99999999999999999999999',
			'NaN',
			'Infinity',
			'null',
			`${t},${t}`,
			`${t}|`,
		]);
		return { raw, headers: signed(keys, raw, ts) };
	},
	timestampHeaderArrays: (p) => {
		const raw = eventBody(p);
		const h = signed(keys, raw);
		const arrays = [[], [h['telnyx-timestamp'], h['telnyx-timestamp']], [h['telnyx-timestamp'], String(now() - 1)]];
		return { raw, headers: { ...h, 'telnyx-timestamp': p.pick(arrays) } };
	},
	signatureHeaderArrays: (p) => {
		const raw = eventBody(p);
		const h = signed(keys, raw);
		const sig = h['telnyx-signature-ed25519'];
		const arrays = [[], [sig, sig], [sig, signature(otherKeys, raw, h['telnyx-timestamp'])], ['', sig]];
		return { raw, headers: { ...h, 'telnyx-signature-ed25519': p.pick(arrays) } };
	},
	signatureShapes: (p) => {
		const raw = eventBody(p);
		const h = signed(keys, raw);
		const sig = h['telnyx-signature-ed25519'];
		const other = signature(keys, `${raw} `, h['telnyx-timestamp']);
		const shapes = [
			other.slice(0, -3),
			`${other}=`,
			`${other}AAAA`,
			other.replace(/\+/g, '-').replace(/\//g, '_'),
			Buffer.from(other, 'base64').toString('hex'),
			randomBuffer(p, 64).toString('base64'),
			Buffer.alloc(64).toString('base64'),
			sig.slice(0, 44),
			`${sig.slice(0, 43)}${sig[43] === 'A' ? 'B' : 'A'}${sig.slice(44)}`,
			sig.split('').reverse().join(''),
			`Bearer ${sig}`,
			`sha256=${sig}`,
			`${sig}\u0000`,
			`\u200b${sig}`,
			sig.replace(/[A-Z]/, 'Ａ'),
		];
		return { raw, headers: { ...h, 'telnyx-signature-ed25519': p.pick(shapes) } };
	},
	unicodeEverywhere: (p) => {
		const raw = `{"data":{"event_type":"${SELECTED}","payload":{"context":"${randomText(p, 60).replace(/["\\]/g, '')}"}}}`;
		const h = signed(keys, raw);
		return {
			raw: raw.normalize('NFKD') !== raw ? raw.normalize('NFKD') : `${raw}\u200b`,
			headers: { ...h, [`x-${p.pick(['é', 'ß', 'emoji'])}`]: p.pick(UNICODE) },
		};
	},
	brokenPublicKey: (p) => {
		const raw = eventBody(p);
		const publicKey = p.pick([
			'',
			' ',
			'not a key',
			Buffer.alloc(31, 7).toString('base64'),
			Buffer.alloc(33, 7).toString('base64'),
			otherKeys.publicKeyB64,
			`${keys.publicKeyB64.slice(0, -2)}A=`,
			keys.publicKeyB64.split('').reverse().join(''),
			Buffer.from(keys.publicKeyB64, 'base64').toString('hex'),
		]);
		return { raw, headers: signed(keys, raw), publicKey };
	},
	signedButNotJson: (p) => {
		const raw = p.pick(['{"data": {', '<xml/>', 'a=1&b=2', randomText(p, 200), '\u0000\u0001', '{"a":1}}', 'undefined']);
		return { raw, headers: { ...signed(keys, raw), 'content-type': p.pick(CONTENT_TYPES) } };
	},
	signedButNotAnEvent: (p) => {
		const raw = p.pick([
			'null',
			'[]',
			'[{"data":{"event_type":"video.room.session.started"}}]',
			'"video.room.session.started"',
			'42',
			'{}',
			'{"data":null}',
			'{"data":[]}',
			'{"data":"x"}',
			'{"data":{"event_type":""}}',
			'{"data":{"event_type":42}}',
			'{"data":{"event_type":null}}',
			'{"data":{"event_type":["video.room.session.started"]}}',
			'{"event_type":"video.room.session.started"}',
			'{"__proto__":{"event_type":"video.room.session.started"}}',
			'{"data":{"__proto__":{"event_type":"video.room.session.started"}}}',
		]);
		return { raw, headers: signed(keys, raw) };
	},
	signedEventNotSelected: (p) => {
		const type = p.pick([
			'video.room.session.ended',
			'video.room.participant.joined',
			'video.room.recording.completed',
			'video.room.session.started ',
			'VIDEO.ROOM.SESSION.STARTED',
			'video.room.session.started\u0000',
			'video.room.*',
			'*',
		]);
		const raw = JSON.stringify(event(type));
		return { raw, headers: signed(keys, raw), events: [SELECTED] };
	},
	checkSignatureOptionOddValues: (p) => {
		const raw = eventBody(p);
		return { raw, headers: {}, options: { checkSignature: p.pick(['false', 0, '', null, 'no']) } };
	},
	rawBodyReadLater: (p) => {
		const raw = eventBody(p);
		return { raw: mutate(p, raw), headers: signed(keys, raw), rawBodyPreloaded: false };
	},
	objectBodyReplayed: (p) => {
		const object = event(SELECTED, { context: randomText(p, 20) });
		// Signed over a re-serialisation with other spacing: the bytes sent differ.
		const other = JSON.stringify(object, null, 1);
		return { raw: object, headers: signed(keys, other) };
	},
};

/* ------------------------------------------------------------------------------------------ */

const figures = new Figures('webhook-fuzz');
const NAMES = Object.keys(GENERATORS);

describe(`webhook() fuzz (seed ${SEED}, ${CASES} cases)`, () => {
	let executions = 0;
	let throws = 0;
	let cases = 0;
	const statuses: Record<string, number> = {};
	const byGenerator: Record<string, number> = {};
	const failures: string[] = [];
	const distinct = new Set<string>();

	afterAll(() => {
		figures.set('fuzz_seed', SEED);
		figures.set('fuzz_cases', cases);
		figures.set('fuzz_executions', executions);
		figures.set('fuzz_throws', throws);
		figures.set('fuzz_statuses', statuses);
		figures.set('fuzz_generators', byGenerator);
		figures.save();
	});

	it('controls: correctly signed selected events do start executions (the fuzz is not vacuous)', async () => {
		let accepted = 0;
		for (let i = 0; i < 20; i++) {
			const raw = JSON.stringify(event(SELECTED, { n: i }));
			const result = await deliver({ raw, headers: signed(keys, raw) });
			if (result.response?.workflowData?.[0]?.length === 1) accepted++;
		}
		figures.set('fuzz_controls_accepted', accepted);
		expect(accepted).toBe(20);
	});

	it('no malformed or hostile delivery starts an execution or throws', async () => {
		const p = createPrng(SEED);
		for (let i = 0; i < CASES; i++) {
			const name = NAMES[i % NAMES.length];
			const delivery = GENERATORS[name](p);
			distinct.add(createHash('sha1').update(JSON.stringify(delivery)).digest('hex'));
			cases++;
			byGenerator[name] = (byGenerator[name] ?? 0) + 1;
			const result = await deliver(delivery);
			const started = result.response?.workflowData !== undefined;
			if (result.error) throws++;
			if (started) executions++;
			statuses[String(result.httpResponse.statusCode)] = (statuses[String(result.httpResponse.statusCode)] ?? 0) + 1;
			if (result.error || started || !result.httpResponse.finished) {
				failures.push(
					`case ${i} (${name}, seed ${SEED}): ${result.error ? `threw ${result.error.message}` : started ? 'started an execution' : 'left the request unanswered'}`,
				);
			}
		}
		expect(failures.slice(0, 20)).toEqual([]);
		// The generators really vary their input (a count of cases run would only restate CASES).
		figures.set('fuzz_distinct_deliveries', distinct.size);
		expect(distinct.size).toBeGreaterThanOrEqual(Math.min(1000, cases * 0.5));
		expect(executions).toBe(0);
		expect(throws).toBe(0);
		expect(Object.keys(statuses).every((status) => ['200', '400', '401'].includes(status))).toBe(true);
	});
});
