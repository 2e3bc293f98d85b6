/**
 * The one way this package talks to Telnyx: auth and base URL from the credential, retries that
 * honour rate-limit headers, concurrent page fetching, and errors that carry Telnyx's own words.
 * The action node, its list searches and the trigger all come through here.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { formatEntry, hintForStatus, parseErrorBody, redact } from './errors';

export const CREDENTIAL_NAME = 'telnyxVideoApi';
export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';
export const MAX_PAGE_SIZE = 250;
/** Far beyond any real account (250 × 100,000 records); a larger count is a broken response. */
const MAX_SANE_PAGES = 100_000;

export type TelnyxContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

export interface TelnyxRequest {
	method: IHttpRequestMethods;
	/** Path below the base URL, e.g. `/rooms/0ccc…`. */
	path: string;
	qs?: IDataObject;
	/** JSON body; `undefined` sends none. */
	body?: IDataObject;
}

export interface TransportSettings {
	/** Attempts per request, the first included. */
	maxAttempts: number;
	/** Per-attempt timeout. */
	timeoutMs: number;
	/** Longest wait a rate-limit header may ask for before we give up instead. */
	maxRetryWaitMs: number;
	/** Pages fetched at once by `requestAllPages`. */
	pageConcurrency: number;
	itemIndex?: number;
}

export const DEFAULT_TRANSPORT: TransportSettings = {
	maxAttempts: 4,
	timeoutMs: 30_000,
	maxRetryWaitMs: 120_000,
	pageConcurrency: 24,
};

interface Credential {
	apiKey: string;
	baseUrl: string;
}

/** One read per n8n context (one node run): a Return All or 1,000 items need the credential once. */
const credentialByContext = new WeakMap<TelnyxContext, Promise<Credential>>();

async function readCredential(ctx: TelnyxContext): Promise<Credential> {
	let pending = credentialByContext.get(ctx);
	if (!pending) {
		pending = ctx.getCredentials(CREDENTIAL_NAME).then((data) => ({
			apiKey: String(data.apiKey ?? ''),
			baseUrl: String(data.baseUrl || DEFAULT_BASE_URL).trim().replace(/\/+$/, ''),
		}));
		credentialByContext.set(ctx, pending);
	}
	return await pending;
}

/** Errors where no byte reached the server, so even a create is safe to send again. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
const TRANSIENT_NETWORK_CODES = new Set([
	...NOT_SENT_CODES,
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Plain words for the message: n8n replaces messages that contain a raw code with a generic text. */
const NETWORK_WORDS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name could not be found',
	EAI_AGAIN: 'the host name could not be looked up',
	ECONNRESET: 'the connection was reset',
	ETIMEDOUT: 'no answer before the timeout',
	ECONNABORTED: 'no answer before the timeout',
	ESOCKETTIMEDOUT: 'no answer before the timeout',
	ERR_SOCKET_CONNECTION_TIMEOUT: 'no answer before the timeout',
	EPIPE: 'the connection broke',
};

function networkCode(error: unknown): string | undefined {
	const candidate = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = candidate?.code ?? candidate?.cause?.code;
	if (typeof code === 'string') return code;
	if (typeof candidate?.message === 'string' && /timeout/i.test(candidate.message)) return 'ETIMEDOUT';
	return undefined;
}

const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;
/** Shortest wait between paced 429 retries, whatever the server asks for. */
const MIN_PACED_WAIT_MS = 50;
/** Methods whose repetition cannot create a second record. */
const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'PATCH', 'PUT', 'DELETE']);

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	if (Array.isArray(value)) return value.length ? String(value[0]) : undefined;
	return value === undefined || value === null ? undefined : String(value);
}

/** How long the server asked us to wait, from the headers Telnyx and its SDKs use, if any. */
export function serverRequestedDelayMs(headers: IDataObject | undefined, now = Date.now()): number | undefined {
	const numeric = (name: string) => {
		const text = header(headers, name)?.trim();
		return text ? Number(text) : Number.NaN;
	};
	const retryAfterMs = numeric('retry-after-ms');
	if (Number.isFinite(retryAfterMs) && retryAfterMs >= 0) return retryAfterMs;
	const retryAfter = header(headers, 'retry-after');
	if (retryAfter !== undefined && retryAfter.trim() !== '') {
		const seconds = Number(retryAfter);
		if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
		const date = Date.parse(retryAfter);
		if (!Number.isNaN(date)) return Math.max(0, date - now);
	}
	const reset = numeric('x-ratelimit-reset');
	if (Number.isFinite(reset) && reset >= 0) {
		// Seconds until the window resets; a value this large can only be an epoch time.
		return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
	}
	return undefined;
}

/** Exponential backoff with jitter: 0.5 s, 1 s, 2 s … capped at 8 s, each × (0.75, 1]. */
export function backoffDelayMs(attempt: number): number {
	const base = Math.min(500 * 2 ** (attempt - 1), 8000);
	return base * (0.75 + 0.25 * Math.random());
}

function apiError(
	ctx: TelnyxContext,
	request: TelnyxRequest,
	secret: string,
	details: { status?: number; body?: unknown; networkCode?: string; attempts: number },
	itemIndex: number | undefined,
): NodeApiError {
	const where = `${request.method} ${request.path}`;
	let message: string;
	let description: string;
	const errorObject: JsonObject = { request: where };
	if (details.status === undefined) {
		const code = details.networkCode ?? 'NETWORK_ERROR';
		message = `Could not reach Telnyx for ${where}: ${NETWORK_WORDS[code] ?? 'network error'}`;
		description = `Gave up after ${details.attempts} attempt(s) (${code}). Check the Base URL in the credential and the network, or raise the Timeout option.`;
		// Not under `code`: NodeApiError would swap our message for a generic one for known codes.
		errorObject.networkError = code;
	} else {
		const entries = parseErrorBody(details.body);
		const summary = entries.length ? entries.map(formatEntry).join('; ') : `HTTP ${details.status}`;
		message = `Telnyx error ${details.status}: ${summary}`;
		const attempts = details.attempts > 1 ? ` (after ${details.attempts} attempts)` : '';
		const field = entries.find((entry) => entry.field)?.field;
		description = `${hintForStatus(details.status, field)}${attempts} Request: ${where}.`;
		errorObject.status = details.status;
		errorObject.errors = entries as unknown as JsonObject[];
	}
	// Telnyx may echo request headers in an error; the stored error must not carry the key.
	const safeObject = JSON.parse(redact(JSON.stringify(errorObject), secret)) as JsonObject;
	return new NodeApiError(ctx.getNode(), safeObject, {
		message: redact(message, secret),
		description: redact(description, secret),
		httpCode: details.status === undefined ? undefined : String(details.status),
		itemIndex,
	});
}

/** Whether a 2xx body is JSON we can use; anything else (HTML, text, truncated JSON) is a failure. */
function parseSuccessBody(body: unknown): { ok: true; value: IDataObject | undefined } | { ok: false } {
	if (body === undefined || body === null || body === '') return { ok: true, value: undefined };
	if (typeof body === 'object' && !Buffer.isBuffer(body)) return { ok: true, value: body as IDataObject };
	const text = Buffer.isBuffer(body) ? body.toString('utf8') : String(body);
	try {
		const parsed = JSON.parse(text);
		return parsed !== null && typeof parsed === 'object' ? { ok: true, value: parsed } : { ok: false };
	} catch {
		return { ok: false };
	}
}

interface Attempted {
	response: IN8nHttpFullResponse;
	/** Requests sent, the paced 429s included. */
	attempts: number;
	/** An earlier attempt may have reached the server (reset, timeout or 5xx). */
	ambiguousFailure: boolean;
}

/**
 * The retry loop shared by API calls and file downloads. Retries 408, 429, 5xx and network
 * failures, waiting as long as the server asks or backing off. A POST is repeated only when the
 * server cannot have acted on it: after a 429 or a connection refused before anything was sent.
 * A 429 that says when to come back is the server pacing us rather than a failure, so obeying it
 * does not use up an attempt (concurrent requests sharing one limit would otherwise run out of
 * attempts while they queue); instead, pacing stops `maxRetryWaitMs` after the first request.
 * Returns the last response; throws on a network failure that may not be retried.
 */
async function sendWithRetries(
	ctx: TelnyxContext,
	request: TelnyxRequest,
	options: IHttpRequestOptions,
	settings: TransportSettings,
	secret: string,
	authenticated: boolean,
): Promise<Attempted> {
	const repeatable = REPEATABLE_METHODS.has(request.method);
	let ambiguousFailure = false;
	let failures = 0;
	let sent = 0;
	const pacingDeadline = Date.now() + settings.maxRetryWaitMs;
	for (;;) {
		sent++;
		let response: IN8nHttpFullResponse;
		try {
			response = (await (authenticated
				? ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, options)
				: ctx.helpers.httpRequest(options))) as IN8nHttpFullResponse;
		} catch (error) {
			failures++;
			const code = networkCode(error);
			const transient = code !== undefined && TRANSIENT_NETWORK_CODES.has(code);
			const safe = repeatable || (code !== undefined && NOT_SENT_CODES.has(code));
			if (transient && safe && failures < settings.maxAttempts) {
				ambiguousFailure ||= !NOT_SENT_CODES.has(code);
				await sleep(backoffDelayMs(failures));
				continue;
			}
			throw apiError(ctx, request, secret, { networkCode: code, attempts: sent }, settings.itemIndex);
		}
		const status = response.statusCode;
		if (!RETRYABLE_STATUS(status)) return { response, attempts: sent, ambiguousFailure };
		const last = () => ({ response, attempts: sent, ambiguousFailure });
		// A streamed answer that is not used must be let go, or its connection stays open.
		const discard = () => (response.body as { destroy?: () => void } | undefined)?.destroy?.();

		const requested = serverRequestedDelayMs(response.headers as IDataObject);
		// A little jitter on top of the server's delay spreads out concurrent retries.
		const jittered = (delay: number) => delay + Math.random() * 100;
		if (status === 429 && settings.maxAttempts > 1 && requested !== undefined) {
			// A floor, so that "retry in 0 ms" cannot turn into a flood of requests.
			const wait = jittered(Math.max(requested, MIN_PACED_WAIT_MS));
			if (Date.now() + wait > pacingDeadline) return last();
			discard();
			await sleep(wait);
			continue;
		}
		failures++;
		const mayRetry = (repeatable || status === 429) && failures < settings.maxAttempts;
		if (!mayRetry || (requested !== undefined && requested > settings.maxRetryWaitMs)) return last();
		ambiguousFailure ||= status >= 500;
		discard();
		await sleep(requested === undefined ? backoffDelayMs(failures) : jittered(requested));
	}
}

/** A 2xx whose body is not JSON: described by its shape, never echoed (it may hold a token). */
function unusableAnswer(
	ctx: TelnyxContext,
	request: TelnyxRequest,
	response: IN8nHttpFullResponse,
	itemIndex: number | undefined,
): NodeApiError {
	const body = response.body as unknown;
	const size = Buffer.isBuffer(body) ? body.length : typeof body === 'string' ? Buffer.byteLength(body) : 0;
	const contentType = header(response.headers as IDataObject, 'content-type') ?? 'no content type';
	return new NodeApiError(
		ctx.getNode(),
		{ request: `${request.method} ${request.path}`, status: response.statusCode },
		{
			message: `Telnyx answered ${response.statusCode} with a body that is not JSON (${size} bytes, ${contentType})`,
			description: `The answer could not be used, so nothing was returned. Try again; if it persists, report it to Telnyx. Request: ${request.method} ${request.path}.`,
			itemIndex,
		},
	);
}

/** Sends one API request (with retries) and returns the parsed JSON body; `undefined` for 204. */
export async function telnyxRequest(
	this: TelnyxContext,
	request: TelnyxRequest,
	overrides: Partial<TransportSettings> = {},
): Promise<IDataObject | undefined> {
	const settings = { ...DEFAULT_TRANSPORT, ...overrides };
	const credential = await readCredential(this);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: `${credential.baseUrl}${request.path}`,
		qs: request.qs,
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs,
		headers: { Accept: 'application/json' },
		// A redirect to another host must not take the API key with it.
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (request.body !== undefined) {
		// n8n drops an empty object body, but Telnyx requires one on several calls: send it as text.
		options.body = Object.keys(request.body).length ? request.body : '{}';
		options.headers = { ...options.headers, 'Content-Type': 'application/json' };
	}
	const { response, attempts, ambiguousFailure } = await sendWithRetries(
		this,
		request,
		options,
		settings,
		credential.apiKey,
		true,
	);
	const status = response.statusCode;
	if (status >= 200 && status < 300) {
		const parsed = parseSuccessBody(response.body);
		if (parsed.ok) return parsed.value;
		throw unusableAnswer(this, request, response, settings.itemIndex);
	}
	// A DELETE that went through on an earlier attempt whose answer was lost.
	if (status === 404 && request.method === 'DELETE' && ambiguousFailure) return undefined;
	throw apiError(this, request, credential.apiKey, { status, body: response.body, attempts }, settings.itemIndex);
}

/** What n8n's binary helpers take: a Buffer or a stream (named so without importing 'stream'). */
export type BinarySource = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

interface StreamLike {
	destroy(): void;
	[Symbol.asyncIterator](): AsyncIterator<unknown>;
}
const isStream = (body: unknown): body is StreamLike =>
	typeof (body as { pipe?: unknown } | undefined)?.pipe === 'function' &&
	typeof (body as { destroy?: unknown }).destroy === 'function';

export interface DownloadedFile {
	/** The file's bytes as they arrive (a stream): never held whole, so any size fits. */
	data: BinarySource;
	mimeType?: string;
	fileName?: string;
}

/** At most this much of a failed download's answer is read, for the error message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

async function readErrorBody(body: unknown): Promise<string | undefined> {
	if (!isStream(body)) return Buffer.isBuffer(body) ? body.toString('utf8') : (body as string | undefined);
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			chunks.push(Buffer.from(chunk as Buffer));
			size += (chunk as Buffer).length;
			if (size >= MAX_ERROR_BODY_BYTES) break;
		}
	} catch {
		// what arrived is enough for the message
	} finally {
		body.destroy();
	}
	return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

function fileNameFrom(disposition: string | undefined, url: string): string | undefined {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
	if (match) return decodeURIComponent(match[1]);
	try {
		const last = new URL(url).pathname.split('/').pop();
		return last ? decodeURIComponent(last) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Downloads a media file from a record's `download_url`. Those are pre-signed storage links, so
 * the API key is deliberately not sent: it must never leave for another host.
 */
export async function downloadFile(
	this: TelnyxContext,
	url: string,
	overrides: Partial<TransportSettings> = {},
): Promise<DownloadedFile> {
	const settings = { ...DEFAULT_TRANSPORT, ...overrides };
	const credential = await readCredential(this);
	// Pre-signed links carry their signature in the query: keep it out of error messages.
	const request: TelnyxRequest = { method: 'GET', path: url.split('?')[0] };
	const options: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs,
	};
	const { response, attempts } = await sendWithRetries(this, request, options, settings, credential.apiKey, false);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const body = await readErrorBody(response.body);
		throw apiError(this, request, credential.apiKey, { status: response.statusCode, body, attempts }, settings.itemIndex);
	}
	const headers = response.headers as IDataObject;
	const raw = response.body as unknown;
	const data = (isStream(raw) ? raw : Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw ?? ''))) as BinarySource;
	const mimeType = header(headers, 'content-type')?.split(';')[0].trim() || undefined;
	return { data, mimeType, fileName: fileNameFrom(header(headers, 'content-disposition'), url) };
}

interface Page {
	records: IDataObject[];
	totalPages: number;
	totalResults?: number;
}

function readPage(ctx: TelnyxContext, request: TelnyxRequest, body: IDataObject | undefined, itemIndex?: number): Page {
	const data = body?.data;
	const meta = (body?.meta ?? {}) as IDataObject;
	const totalPages = Number(meta.total_pages);
	const totalResults = meta.total_results === undefined ? undefined : Number(meta.total_results);
	const broken = (reason: string) =>
		new NodeApiError(
			ctx.getNode(),
			{ request: `${request.method} ${request.path}` },
			{
				message: `Telnyx returned an unusable list page: ${reason}`,
				description: 'The list was not returned, so that no record is lost silently. Try again; if it persists, report it to Telnyx.',
				itemIndex,
			},
		);
	if (!Array.isArray(data)) throw broken('no "data" array');
	if (!Number.isInteger(totalPages) || totalPages < 0 || totalPages > MAX_SANE_PAGES) {
		throw broken(`meta.total_pages is ${JSON.stringify(meta.total_pages)}`);
	}
	if (totalResults !== undefined && (!Number.isInteger(totalResults) || totalResults < 0)) {
		throw broken(`meta.total_results is ${JSON.stringify(meta.total_results)}`);
	}
	return { records: data as IDataObject[], totalPages, totalResults };
}

/** Total of a list from one `page[size]=1` read: how many records the filters select right now. */
export async function countRecords(
	this: TelnyxContext,
	request: TelnyxRequest,
	settings: Partial<TransportSettings> = {},
): Promise<number> {
	const qs = { ...request.qs, 'page[number]': 1, 'page[size]': 1 };
	const page = readPage(this, request, await telnyxRequest.call(this, { ...request, qs }, settings), settings.itemIndex);
	if (page.totalResults === undefined) {
		throw new NodeApiError(
			this.getNode(),
			{ request: `${request.method} ${request.path}` },
			{
				message: 'Telnyx did not say how many records match (no meta.total_results)',
				description: 'The count is needed to check the operation, so nothing was changed. Try again; if it persists, report it to Telnyx.',
				itemIndex: settings.itemIndex,
			},
		);
	}
	return page.totalResults;
}

/**
 * One read of a list: the records at positions [offset, offset + size) at the moment it is served.
 * Telnyx pages by number, so a read can only start at a multiple of its size.
 */
interface Window {
	offset: number;
	size: number;
}

/** Consecutive reads overlap by at least this many positions, so a list that moved by fewer is still read whole. */
const MIN_OVERLAP = 16;
const MAX_OVERLAP = 48;
/** Smaller reads would mean too many requests just to line up with the previous one. */
const MIN_WINDOW_SIZE = 100;

/** The read that starts in [from, to] and reaches furthest. */
function windowStartingIn(from: number, to: number): Window {
	if (from <= 0) return { offset: 0, size: MAX_PAGE_SIZE };
	let best: Window | undefined;
	for (let size = MAX_PAGE_SIZE; size >= MIN_WINDOW_SIZE; size--) {
		const offset = Math.floor(to / size) * size;
		if (offset >= from && (!best || offset + size > best.offset + best.size)) best = { offset, size };
	}
	return best ?? windowStartingIn(from - MAX_OVERLAP, to);
}

interface WindowRead extends Window {
	records: IDataObject[];
	totalResults?: number;
}

function listChanged(ctx: TelnyxContext, request: TelnyxRequest, reads: number, itemIndex?: number): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ request: `${request.method} ${request.path}` },
		{
			message: `Could not read the whole list: it changed faster than it could be read (${reads} requests)`,
			description:
				'Nothing was returned, so that no record is lost silently. Run the node again when the account is less busy, or narrow the filters.',
			itemIndex,
		},
	);
}

/**
 * Return All on a list that may change while it is read (records added or removed between two
 * page reads move every record after them). Reads overlap: each must contain a record already
 * taken, so it continues the list exactly where the records taken so far end, whatever moved in
 * between. Records keep their relative order (creation order), so a record that existed for the
 * whole read lies either among those taken or after that shared record, inside the new read or
 * after it; a read shorter than its size ends the list. New records may or may not appear; each
 * record appears once, in API order. Reads are planned ahead and fetched concurrently; one that
 * does not line up (the list moved further than the overlap) is planned again with more overlap.
 */
async function readWholeList(
	ctx: TelnyxContext,
	request: TelnyxRequest,
	transport: Partial<TransportSettings>,
	pageConcurrency: number,
): Promise<IDataObject[]> {
	let reads = 0;
	const fetchWindow = async (window: Window): Promise<WindowRead> => {
		reads++;
		const qs = { ...request.qs, 'page[number]': window.offset / window.size + 1, 'page[size]': window.size };
		const body = await telnyxRequest.call(ctx, { ...request, qs }, transport);
		const page = readPage(ctx, request, body, transport.itemIndex);
		return { ...window, records: page.records, totalResults: page.totalResults ?? page.totalPages * window.size };
	};
	const taken: IDataObject[] = [];
	const takenIds = new Set<unknown>();
	const take = (records: IDataObject[]) => {
		for (const record of records) {
			const id = record?.id;
			if (id !== undefined && takenIds.has(id)) continue;
			if (id !== undefined) takenIds.add(id);
			taken.push(record);
		}
	};

	const first = await fetchWindow({ offset: 0, size: MAX_PAGE_SIZE });
	take(first.records);
	if (first.records.length < first.size) return taken;
	/** Where the last record taken stood when it was read: the next read must start before it. */
	let end = first.offset + first.records.length;
	/** The list's total when `end` was seen: if it shrank since, `end` has moved left by about as much. */
	let endTotal = first.totalResults ?? end;
	let expected = endTotal;
	let overlap = { min: MIN_OVERLAP, max: MAX_OVERLAP };
	let repairing = false;
	// Bounded by the size the list had at the start: a list growing faster than it can be read fails.
	const readBudget = 4 * Math.ceil(expected / MIN_WINDOW_SIZE) + 20;
	const batchSize = Math.max(32, pageConcurrency * 4);

	for (;;) {
		// While lining up again, one read at a time: each read of a busy list lets it move further.
		const plan: Window[] = [];
		const planned = repairing ? 1 : batchSize;
		for (let from = end; plan.length === 0 || (from < expected && plan.length < planned); ) {
			const window = windowStartingIn(from - overlap.max, from - overlap.min);
			plan.push(window);
			from = window.offset + window.size;
		}
		if (reads + plan.length > readBudget) throw listChanged(ctx, request, reads, transport.itemIndex);
		const results = await mapWithConcurrency(plan, pageConcurrency, fetchWindow);

		let lined = true;
		let smallestTotal = Infinity;
		for (const read of results) {
			const total = read.totalResults ?? 0;
			expected = Math.max(expected, total);
			smallestTotal = Math.min(smallestTotal, total);
			// The last record of this read that was already taken: the read continues from there.
			let shared = -1;
			for (let i = read.records.length - 1; i >= 0 && shared < 0; i--) {
				if (takenIds.has(read.records[i]?.id)) shared = i;
			}
			if (shared < 0 && read.offset === 0 && read.records.length < read.size) {
				// The whole list, read at once: nothing taken is left in it (all deleted meanwhile).
				take(read.records);
				return taken;
			}
			if (shared < 0) {
				// Nothing in it was taken yet, so it lies after the last record taken: that one now stands before it.
				lined = false;
				end = Math.min(end, read.offset);
				break;
			}
			take(read.records.slice(shared + 1));
			const lastTaken = taken[taken.length - 1]?.id;
			const lastIndex = read.records.findIndex((record) => record?.id === lastTaken);
			if (lastIndex >= 0) {
				end = read.offset + lastIndex + 1;
				endTotal = total;
			}
			if (read.records.length < read.size) return taken;
		}
		repairing = !lined;
		if (!lined) {
			// The list moved further than the overlap: look again from where the last record taken
			// should be now (left by as much as the list shrank), with more overlap.
			end = Math.max(1, end - Math.max(0, endTotal - smallestTotal));
			endTotal = Math.min(endTotal, smallestTotal);
			overlap = { min: Math.min(overlap.min * 2, MAX_PAGE_SIZE / 2), max: Math.min(overlap.max * 2, MAX_PAGE_SIZE) };
		}
	}
}

/**
 * Fetches a list and returns the records in API order, each once. With `limit`, only the pages
 * needed are asked for (page 1 first, then the rest concurrently). Return All reads the whole
 * list even while it changes (see `readWholeList`), or throws rather than return a silently
 * incomplete list.
 */
export async function requestAllPages(
	this: TelnyxContext,
	request: TelnyxRequest,
	settings: Partial<TransportSettings> & { limit?: number } = {},
): Promise<IDataObject[]> {
	const { limit, ...transport } = settings;
	const pageConcurrency = Math.max(1, transport.pageConcurrency ?? DEFAULT_TRANSPORT.pageConcurrency);
	if (limit === undefined) return await readWholeList(this, request, transport, pageConcurrency);

	const pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, limit));
	const fetchPage = async (number: number) => {
		const qs = { ...request.qs, 'page[number]': number, 'page[size]': pageSize };
		const body = await telnyxRequest.call(this, { ...request, qs }, transport);
		return readPage(this, request, body, transport.itemIndex);
	};
	const first = await fetchPage(1);
	const wanted = Math.min(first.totalPages, Math.ceil(limit / pageSize));
	const rest = await mapWithConcurrency(
		Array.from({ length: Math.max(0, wanted - 1) }, (_, i) => i + 2),
		pageConcurrency,
		fetchPage,
	);
	const seen = new Set<unknown>();
	const records: IDataObject[] = [];
	for (const page of [first, ...rest]) {
		for (const record of page.records) {
			const id = record?.id;
			if (id !== undefined && seen.has(id)) continue;
			if (id !== undefined) seen.add(id);
			records.push(record);
		}
	}
	return records.slice(0, limit);
}
