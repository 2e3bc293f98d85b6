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
		description = `${hintForStatus(details.status)}${attempts} Request: ${where}.`;
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

		const requested = serverRequestedDelayMs(response.headers as IDataObject);
		// A little jitter on top of the server's delay spreads out concurrent retries.
		const jittered = (delay: number) => delay + Math.random() * 100;
		if (status === 429 && settings.maxAttempts > 1 && requested !== undefined) {
			// A floor, so that "retry in 0 ms" cannot turn into a flood of requests.
			const wait = jittered(Math.max(requested, MIN_PACED_WAIT_MS));
			if (Date.now() + wait > pacingDeadline) return { response, attempts: sent, ambiguousFailure };
			await sleep(wait);
			continue;
		}
		failures++;
		const mayRetry = (repeatable || status === 429) && failures < settings.maxAttempts;
		if (!mayRetry || (requested !== undefined && requested > settings.maxRetryWaitMs)) {
			return { response, attempts: sent, ambiguousFailure };
		}
		ambiguousFailure ||= status >= 500;
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

export interface DownloadedFile {
	data: Buffer;
	mimeType?: string;
	fileName?: string;
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
		encoding: 'arraybuffer',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs,
	};
	const { response, attempts } = await sendWithRetries(this, request, options, settings, credential.apiKey, false);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const body = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.body;
		throw apiError(this, request, credential.apiKey, { status: response.statusCode, body, attempts }, settings.itemIndex);
	}
	const headers = response.headers as IDataObject;
	const raw = response.body as unknown;
	const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer);
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

/**
 * Fetches a list: page 1 first (for `meta.total_pages`), then the remaining pages concurrently,
 * and returns the records in API order, each once. With `limit`, only the pages needed are asked for.
 * A list that changes shape while it is read is read again; if it still cannot be read whole,
 * this throws rather than return a silently incomplete list.
 */
export async function requestAllPages(
	this: TelnyxContext,
	request: TelnyxRequest,
	settings: Partial<TransportSettings> & { limit?: number } = {},
): Promise<IDataObject[]> {
	const { limit, ...transport } = settings;
	const pageConcurrency = Math.max(1, transport.pageConcurrency ?? DEFAULT_TRANSPORT.pageConcurrency);
	const pageSize = limit === undefined ? MAX_PAGE_SIZE : Math.max(1, Math.min(MAX_PAGE_SIZE, limit));
	const fetchPage = async (number: number) => {
		const qs = { ...request.qs, 'page[number]': number, 'page[size]': pageSize };
		const body = await telnyxRequest.call(this, { ...request, qs }, transport);
		return readPage(this, request, body, transport.itemIndex);
	};

	const maxReads = 3;
	for (let read = 1; ; read++) {
		const first = await fetchPage(1);
		const wanted = limit === undefined ? first.totalPages : Math.min(first.totalPages, Math.ceil(limit / pageSize));
		const rest = await mapWithConcurrency(
			Array.from({ length: Math.max(0, wanted - 1) }, (_, i) => i + 2),
			pageConcurrency,
			fetchPage,
		);
		const pages = [first, ...rest];

		const seen = new Set<unknown>();
		const records: IDataObject[] = [];
		for (const page of pages) {
			for (const record of page.records) {
				const id = record?.id;
				if (id !== undefined && seen.has(id)) continue;
				if (id !== undefined) seen.add(id);
				records.push(record);
			}
		}
		if (limit !== undefined) return records.slice(0, limit);

		const totals = new Set(pages.map((page) => page.totalResults));
		const expected = first.totalResults;
		const complete = totals.size === 1 && (expected === undefined || records.length === expected);
		if (complete) return records;
		if (read >= maxReads) {
			throw new NodeApiError(
				this.getNode(),
				{ request: `${request.method} ${request.path}` },
				{
					message: `The list changed while it was being read: got ${records.length} of ${expected ?? '?'} records after ${maxReads} tries`,
					description: 'Nothing was returned, so that no record is lost silently. Run the node again when the account is less busy, or narrow the filters.',
					itemIndex: transport.itemIndex,
				},
			);
		}
	}
}
