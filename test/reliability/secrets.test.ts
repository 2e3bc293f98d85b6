/**
 * Secrets (issue #6): with a sentinel API key, every operation's success and failure paths, the
 * list pickers, the trigger's lifecycle and webhook() run while every console and stdout/stderr
 * write is captured (n8n's own logs switched on). The key must never appear in an output item,
 * an error message or description, `JSON.stringify(error)`, the run data n8n would store, or a
 * log line. Going further: an API that echoes the key back in its error bodies, a redirect to
 * another origin, the error objects' internals, and what is sent to download hosts.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TelnyxVideoApi } from '../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideoTrigger } from '../../nodes/TelnyxVideoTrigger/TelnyxVideoTrigger.node';
import { TelnyxVideo } from '../../nodes/TelnyxVideo/TelnyxVideo.node';
import { runListSearch, runWebhook, runWebhookMethod, testCredential } from '../harness';
import type { FullSandbox } from './lib/common';
import { FAST_RETRY, byId, runAction, startSandbox, values } from './lib/common';
import { Figures } from './lib/figures';

// Logs on, so that n8n's logger (and the trigger's ctx.logger) really write lines to capture.
process.env.N8N_LOG_LEVEL = process.env.N8N_LOG_LEVEL || 'debug';

const SENTINEL = 'KEY_SENTINEL_7f3a9c2e51d84b06aa19';

let sb: FullSandbox;
const figures = new Figures('secrets');
const leaks: string[] = [];
let runs = 0;
let surfacesChecked = 0;
/** Leaks that need an API echoing the key back (known bug, reported apart from `secret_leaks`). */
const echoLeaks: string[] = [];
const knownBugs: string[] = [];

/* ------------------------------------------------------------------------------------------ */
/*                                 Capturing every output                                     */
/* ------------------------------------------------------------------------------------------ */

const captured: string[] = [];
const restoreCapture: Array<() => void> = [];
function startCapture() {
	// winston's Console transport writes to console._stdout/_stderr when they exist, else to the
	// console.log it bound at start-up; jest workers' consoles have neither stream, so give them ours.
	const streams = console as unknown as { _stdout?: NodeJS.WriteStream; _stderr?: NodeJS.WriteStream };
	const before = { stdout: streams._stdout, stderr: streams._stderr };
	streams._stdout = process.stdout;
	streams._stderr = process.stderr;
	restoreCapture.push(() => {
		streams._stdout = before.stdout;
		streams._stderr = before.stderr;
	});
	for (const stream of [process.stdout, process.stderr]) {
		const original = stream.write;
		stream.write = function (chunk: unknown, ...rest: unknown[]) {
			captured.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
			// Captured, not echoed: n8n's debug log would bury the test output (RELIABILITY_VERBOSE=1 shows it).
			if (!process.env.RELIABILITY_VERBOSE) return true;
			return (original as (...args: unknown[]) => boolean).call(stream, chunk, ...rest);
		} as typeof stream.write;
		restoreCapture.push(() => (stream.write = original));
	}
	for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
		const original = console[method];
		console[method] = (...args: unknown[]) => {
			captured.push(args.map((a) => (typeof a === 'string' ? a : safeStringify(a))).join(' '));
		};
		restoreCapture.push(() => (console[method] = original));
	}
}
function stopCapture() {
	while (restoreCapture.length) restoreCapture.pop()!();
}

function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? String(value);
	} catch {
		return String(value);
	}
}

/** Everything reachable from a value (own properties, enumerable or not), as text. */
function deepText(value: unknown, seen = new Set<unknown>(), depth = 0): string {
	if (value === null || value === undefined) return '';
	if (typeof value !== 'object' && typeof value !== 'function') return String(value);
	if (seen.has(value) || depth > 8) return '';
	seen.add(value);
	if (Buffer.isBuffer(value)) return value.toString('utf8');
	const parts: string[] = [];
	for (const key of Object.getOwnPropertyNames(value)) {
		if (key === 'node' || key === 'stack') continue;
		let child: unknown;
		try {
			child = (value as Record<string, unknown>)[key];
		} catch {
			continue;
		}
		parts.push(key, deepText(child, seen, depth + 1));
	}
	return parts.join(' ');
}

function check(label: string, surfaces: Record<string, unknown>) {
	runs++;
	for (const [surface, content] of Object.entries(surfaces)) {
		surfacesChecked++;
		const text = typeof content === 'string' ? content : safeStringify(content);
		if (text.includes(SENTINEL)) leaks.push(`${label}: ${surface}`);
	}
}

function checkRun(label: string, result: { items?: unknown; error?: Error; nodeError?: Error; runData?: unknown }) {
	const error = (result.error ?? result.nodeError) as (Error & { description?: string }) | undefined;
	check(label, {
		items: result.items ?? [],
		'error.message': error?.message ?? '',
		'error.description': error?.description ?? '',
		'JSON.stringify(error)': error ?? '',
		'runData (as n8n serialises it)': result.runData ?? {},
	});
}

/* ------------------------------------------------------------------------------------------ */
/*                                       Operations                                           */
/* ------------------------------------------------------------------------------------------ */

const NOBODY = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
const first = (name: keyof FullSandbox['store']) => values(sb.store[name])[0];
/** Session actions refuse ended sessions: End gets a live session of its own, the others share one. */
const liveSession = (n: number) => values(sb.store.sessions).filter((s) => s.active === true)[n];
let spare = 0;
const spareRecording = () => values(sb.store.recordings)[10 + spare++].id;
const completedRecording = () => values(sb.store.recordings).find((r) => r.status === 'completed')!;
const completedComposition = () => values(sb.store.compositions).find((c) => c.status === 'completed')!;
let refreshToken = '';

const OPS: Array<[string, () => INodeParameters, string?]> = [
	['room.create', () => ({ resource: 'room', operation: 'create', additionalFields: { maxParticipants: 4 } })],
	['room.delete', () => ({ resource: 'room', operation: 'delete', roomId: byId(values(sb.store.rooms).at(-1)!.id) })],
	['room.get', () => ({ resource: 'room', operation: 'get', roomId: byId(first('rooms').id) })],
	['room.getAll', () => ({ resource: 'room', operation: 'getAll', returnAll: true })],
	['room.getSessions', () => ({ resource: 'room', operation: 'getSessions', roomId: byId(first('rooms').id), returnAll: true })],
	['room.update', () => ({ resource: 'room', operation: 'update', roomId: byId(first('rooms').id), updateFields: { maxParticipants: 6 } })],
	['roomSession.end', () => ({ resource: 'roomSession', operation: 'end', roomSessionId: byId(liveSession(1).id) })],
	['roomSession.get', () => ({ resource: 'roomSession', operation: 'get', roomSessionId: byId(first('sessions').id) })],
	['roomSession.getAll', () => ({ resource: 'roomSession', operation: 'getAll', returnAll: true })],
	['roomSession.getParticipants', () => ({ resource: 'roomSession', operation: 'getParticipants', roomSessionId: byId(first('sessions').id), returnAll: true })],
	['roomSession.kick', () => ({ resource: 'roomSession', operation: 'kick', roomSessionId: byId(liveSession(0).id), participants: 'all' })],
	['roomSession.mute', () => ({ resource: 'roomSession', operation: 'mute', roomSessionId: byId(liveSession(0).id), participants: 'all' })],
	['roomSession.unmute', () => ({ resource: 'roomSession', operation: 'unmute', roomSessionId: byId(liveSession(0).id), participants: 'all' })],
	['roomParticipant.get', () => ({ resource: 'roomParticipant', operation: 'get', roomParticipantId: byId(first('participants').id) })],
	['roomParticipant.getAll', () => ({ resource: 'roomParticipant', operation: 'getAll', returnAll: true })],
	['roomRecording.delete', () => ({ resource: 'roomRecording', operation: 'delete', roomRecordingId: byId(spareRecording()) })],
	['roomRecording.deleteMany', () => ({ resource: 'roomRecording', operation: 'deleteMany', dryRun: false, filters: { roomId: NOBODY } })],
	['roomRecording.deleteMany (dry run)', () => ({ resource: 'roomRecording', operation: 'deleteMany', dryRun: true, filters: { type: 'audio' } })],
	['roomRecording.download', () => ({ resource: 'roomRecording', operation: 'download', roomRecordingId: byId(completedRecording().id) }), '/downloads/*'],
	['roomRecording.get', () => ({ resource: 'roomRecording', operation: 'get', roomRecordingId: byId(first('recordings').id) })],
	['roomRecording.getAll', () => ({ resource: 'roomRecording', operation: 'getAll', returnAll: true })],
	['roomComposition.create', () => ({ resource: 'roomComposition', operation: 'create', sessionId: byId(first('sessions').id) })],
	['roomComposition.delete', () => ({ resource: 'roomComposition', operation: 'delete', roomCompositionId: byId(values(sb.store.compositions).at(-1)!.id) })],
	['roomComposition.download', () => ({ resource: 'roomComposition', operation: 'download', roomCompositionId: byId(completedComposition().id) }), '/downloads/*'],
	['roomComposition.get', () => ({ resource: 'roomComposition', operation: 'get', roomCompositionId: byId(first('compositions').id) })],
	['roomComposition.getAll', () => ({ resource: 'roomComposition', operation: 'getAll', returnAll: true })],
	['clientToken.generate', () => ({ resource: 'clientToken', operation: 'generate', roomId: byId(first('rooms').id) })],
	['clientToken.refresh', () => ({ resource: 'clientToken', operation: 'refresh', roomId: byId(first('rooms').id), refreshToken })],
];

const FAILURES = ['401', '403', '404', '422', '429', '500', '503', 'reset', 'html', 'nonJson', 'truncatedJson', 'missingData'];

beforeAll(async () => {
	sb = await startSandbox({
		apiKey: SENTINEL,
		seed: { rooms: 8, sessionsPerRoom: 2, participantsPerSession: 2, recordings: 300, compositions: 8 },
	});
	const answer = await fetch(`${sb.url}/v2/rooms/${first('rooms').id}/actions/generate_join_client_token`, {
		method: 'POST',
		headers: { authorization: `Bearer ${SENTINEL}`, 'content-type': 'application/json' },
		body: '{}',
	});
	refreshToken = ((await answer.json()) as { data: { refresh_token: string } }).data.refresh_token;
	startCapture();
});

afterAll(async () => {
	stopCapture();
	const logLeaks = captured.filter((line) => line.includes(SENTINEL));
	figures.set('faults_injected', sb.stats.faultsInjected);
	figures.set('secret_runs', runs);
	figures.set('secret_surfaces_checked', surfacesChecked);
	figures.set('secret_log_lines_captured', captured.length);
	figures.set('secret_log_leaks', logLeaks.length);
	figures.set('secret_leaks', leaks.length + logLeaks.length);
	figures.set('secret_leaks_with_echoing_api', echoLeaks.length);
	figures.set('known_bugs', knownBugs);
	figures.set('secret_echo_leak_places', echoLeaks);
	figures.set('secret_leak_places', [...new Set([...leaks, ...logLeaks.map((l) => `log: ${l.slice(0, 120)}`)])].slice(0, 20));
	figures.save();
	await sb?.close();
});

afterEach(() => {
	sb.faults.queue.length = 0;
	sb.configure({ faults: null });
});

const run = (parameters: INodeParameters, continueOnFail = false) =>
	runAction(sb, SENTINEL, { ...parameters, options: { ...(parameters.options as IDataObject), maxAttempts: 2, timeout: 1500 } }, { continueOnFail });

describe('every operation, success and failure paths', () => {
	// Rows of equal length: jest passes `done` to a test function that declares more parameters than a row has.
	it.each(OPS.map(([name, params, downloadPath]) => [name, { params, downloadPath }] as const))('%s', async (name, { params, downloadPath }) => {
		const ok = await run(params());
		expect(ok.error).toBeUndefined();
		checkRun(`${name} success`, ok);
		for (const kind of FAILURES) {
			sb.failNext(5, kind, { headers: FAST_RETRY });
			const failed = await run(params(), kind === '404');
			sb.faults.queue.length = 0;
			checkRun(`${name} ← ${kind}`, failed);
		}
		if (downloadPath) {
			for (const kind of ['404', '500', 'reset', 'html']) {
				sb.failNext(5, kind, { path: downloadPath, headers: FAST_RETRY });
				const failed = await run(params());
				sb.faults.queue.length = 0;
				checkRun(`${name} file ← ${kind}`, failed);
			}
		}
	});

	it('a stall past the timeout, on a read, a create and a download', async () => {
		for (const [name, params] of OPS.filter(([n]) => ['room.get', 'room.create', 'roomRecording.download'].includes(n))) {
			sb.failNext(2, 'stall', { stallMs: 10000 });
			const failed = await runAction(sb, SENTINEL, { ...params(), options: { maxAttempts: 1, timeout: 1000 } });
			sb.faults.queue.length = 0;
			expect(failed.error?.message).toMatch(/no answer before the timeout/);
			checkRun(`${name} ← stall`, failed);
		}
	});

	it('the key is only ever sent to the API: never to download hosts, never in a URL', () => {
		const downloads = sb.requests.filter((r) => r.path.startsWith('/downloads/'));
		expect(downloads.length).toBeGreaterThan(0);
		check('requests', {
			'download request headers': downloads.map((r) => r.headers),
			'request paths and queries': sb.requests.map((r) => ({ path: r.path, query: r.query, body: r.body })),
		});
		expect(downloads.every((r) => r.headers.authorization === undefined)).toBe(true);
	});
});

describe('pickers and the credential test', () => {
	it('list searches, with and without failures', async () => {
		for (const method of ['searchRooms', 'searchRoomSessions', 'searchRoomParticipants', 'searchRoomRecordings', 'searchRoomCompositions']) {
			const opts = {
				node: new TelnyxVideo(),
				parameters: { resource: 'room', operation: 'get' },
				credentials: { telnyxVideoApi: { apiKey: SENTINEL, publicKey: '', baseUrl: `${sb.url}/v2` } },
				credentialTypes: [new TelnyxVideoApi()],
				method,
			};
			check(`${method} success`, { result: await runListSearch(opts) });
			for (const kind of ['401', '500', 'html', 'nonJson']) {
				sb.failNext(10, kind, { headers: FAST_RETRY });
				const error = await runListSearch(opts).then(() => undefined, (e: Error) => e);
				sb.faults.queue.length = 0;
				check(`${method} ← ${kind}`, { message: error?.message ?? '', description: (error as { description?: string })?.description ?? '', json: error ?? '' });
			}
		}
	});

	it('the credential test, passing and failing', async () => {
		const data = { apiKey: SENTINEL, publicKey: '', baseUrl: `${sb.url}/v2` };
		check('credential test ok', { result: await testCredential({ credentialType: new TelnyxVideoApi(), data }) });
		for (const kind of ['401', '500', 'html']) {
			sb.failNext(1, kind);
			check(`credential test ← ${kind}`, { result: await testCredential({ credentialType: new TelnyxVideoApi(), data }) });
		}
	});
});

describe('the trigger: lifecycle and webhook()', () => {
	const WEBHOOK_ID = '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9';
	const options = (roomIds: string[], staticData?: IDataObject) => ({
		node: new TelnyxVideoTrigger(),
		parameters: { rooms: { room: roomIds.map((id) => ({ roomId: byId(id) })) }, events: ['*'], options: {} },
		credentials: { telnyxVideoApi: { apiKey: SENTINEL, publicKey: sb.publicKey, baseUrl: `${sb.url}/v2` } },
		credentialTypes: [new TelnyxVideoApi()],
		webhookBaseUrl: 'https://n8n.example.com/webhook',
		webhookId: WEBHOOK_ID,
		staticData,
	});
	const lifecycle = (method: 'checkExists' | 'create' | 'delete', roomIds: string[], staticData?: IDataObject) =>
		runWebhookMethod({ ...options(roomIds, staticData), method }).then(
			(result) => ({ result, error: undefined as Error | undefined }),
			(error: Error) => ({ result: undefined, error }),
		);
	const checkHook = (label: string, outcome: { result?: unknown; error?: Error }) =>
		check(label, {
			result: outcome.result ?? '',
			'error.message': outcome.error?.message ?? '',
			'error.description': (outcome.error as { description?: string } | undefined)?.description ?? '',
			'JSON.stringify(error)': outcome.error ?? '',
		});

	it('checkExists / create / delete, then each with Telnyx failing', async () => {
		const rooms = values(sb.store.rooms).slice(0, 3).map((r) => r.id);
		checkHook('checkExists', await lifecycle('checkExists', rooms));
		const created = await lifecycle('create', rooms);
		expect(created.error).toBeUndefined();
		checkHook('create', created);
		checkHook('checkExists after create', await lifecycle('checkExists', rooms, created.result!.staticData));
		checkHook('delete', await lifecycle('delete', rooms, created.result!.staticData));
		for (const kind of ['401', '404', '422', '500', 'reset', 'html', 'nonJson']) {
			// Fail the second room's PATCH: the first is rolled back, the error names the room.
			sb.failNext(5, kind, { method: 'PATCH', path: `/rooms/${rooms[1]}`, headers: FAST_RETRY });
			checkHook(`create ← ${kind}`, await lifecycle('create', rooms));
			sb.faults.queue.length = 0;
			const again = await lifecycle('create', rooms);
			sb.failNext(5, kind, { method: 'PATCH', headers: FAST_RETRY });
			checkHook(`delete ← ${kind}`, await lifecycle('delete', rooms, again.result?.staticData));
			sb.faults.queue.length = 0;
			await lifecycle('delete', rooms, again.result?.staticData);
		}
	});

	it('webhook(): accepted and refused deliveries', async () => {
		const raw = JSON.stringify(sb.makeEvent('session.started'));
		const deliveries = [
			{ body: raw, headers: sb.signEvent(raw) },
			{ body: raw, headers: {} },
			{ body: `${raw} `, headers: sb.signEvent(raw) },
			{ body: '{not json', headers: sb.signEvent('{not json') },
		];
		for (const [i, request] of deliveries.entries()) {
			const result = await runWebhook({ ...options([first('rooms').id]), request: { ...request, headers: { 'content-type': 'application/json', ...request.headers } } });
			check(`webhook ${i}`, { response: result.response ?? '', http: result.httpResponse, error: result.error ?? '' });
		}
	});
});

describe('going further: an API that echoes the key back', () => {
	let echo: Server;
	let elsewhere: Server;
	let echoUrl = '';
	let elsewhereUrl = '';
	const seenElsewhere: Array<string | undefined> = [];

	const keyFrom = (req: IncomingMessage) => String(req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
	const reply = (res: ServerResponse, status: number, type: string, body: string) => {
		res.writeHead(status, { 'content-type': type });
		res.end(body);
	};

	beforeAll(async () => {
		elsewhere = createServer((req, res) => {
			seenElsewhere.push(req.headers.authorization);
			reply(res, 200, 'application/json', JSON.stringify({ data: { id: NOBODY, record_type: 'room' } }));
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
		echo = createServer((req, res) => {
			const key = keyFrom(req);
			const variant = String(req.url).split('/')[1];
			switch (variant) {
				case 'errors401':
					return reply(res, 401, 'application/json', JSON.stringify({ errors: [{ code: '10009', title: 'Authentication failed', detail: `The key ${key} is invalid`, source: { pointer: `/${key}` } }] }));
				case 'bare404':
					return reply(res, 404, 'application/json', JSON.stringify({ title: `No room for ${key}`, detail: `key=${key}` }));
				case 'message422':
					return reply(res, 422, 'application/json', JSON.stringify({ message: `Bearer ${key} rejected`, success: false }));
				case 'html502':
					return reply(res, 502, 'text/html', `<html><body>upstream said: Authorization: Bearer ${key}</body></html>`);
				case 'text500':
					return reply(res, 500, 'text/plain', `internal error handling Bearer ${key}`);
				case 'text200':
					return reply(res, 200, 'text/plain', `ok ${key}`);
				case 'truncated200':
					return reply(res, 200, 'application/json', `{"data":{"echo":"${key}"`);
				case 'redirect':
					res.writeHead(307, { location: `${elsewhereUrl}/v2/rooms/${NOBODY}` });
					return res.end();
				default:
					return reply(res, 404, 'application/json', '{}');
			}
		});
		await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
		echoUrl = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((resolve) => echo.close(resolve));
		await new Promise((resolve) => elsewhere.close(resolve));
	});

	const viaEcho = (variant: string) =>
		runAction(sb, SENTINEL, { resource: 'room', operation: 'get', roomId: byId(NOBODY), options: { maxAttempts: 1, timeout: 2000 } }, { baseUrl: `${echoUrl}/${variant}` });

	const VARIANTS = ['errors401', 'bare404', 'message422', 'html502', 'text500', 'text200', 'truncated200'];

	it.each(VARIANTS)('%s: the echoed key is redacted from the message, description, JSON.stringify(error), items and logs', async (variant) => {
		const result = await viaEcho(variant);
		expect(result.error).toBeDefined();
		const error = result.error as Error & { description?: string };
		check(`echo ${variant}`, {
			items: result.items,
			'error.message': error.message,
			'error.description': error.description ?? '',
			'JSON.stringify(error)': error,
		});
	});

	it('a key echoed in an error body never reaches the run data n8n stores', async () => {
		const places: string[] = [];
		for (const variant of VARIANTS) {
			const result = await viaEcho(variant);
			if (safeStringify(result.runData).includes(SENTINEL)) places.push(`echo ${variant}: runData`);
			if (deepText(result.error).includes(SENTINEL)) places.push(`echo ${variant}: error internals`);
		}
		echoLeaks.push(...places);
		if (places.length) knownBugs.push('transport: a key echoed in an error body is stored unredacted in errorResponse (run data)');
		expect(places).toEqual([]);
	});

	it('a redirect to another origin does not receive the key', async () => {
		seenElsewhere.length = 0;
		const result = await viaEcho('redirect');
		const leaked = seenElsewhere.some((header) => String(header).includes(SENTINEL));
		figures.set('secret_sent_on_cross_origin_redirect', leaked);
		figures.set('cross_origin_redirect_result', result.error ? `error: ${result.error.message}` : 'followed');
		if (leaked) knownBugs.push('transport: the API key is re-sent on a redirect to another origin');
		expect(leaked).toBe(false);
	});
});

describe('the capture works', () => {
	it('n8n log lines were captured (the log check is not vacuous)', () => {
		expect(captured.some((line) => /Telnyx Video Trigger/.test(line))).toBe(true);
	});
});
