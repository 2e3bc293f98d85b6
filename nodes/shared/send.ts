/**
 * Sending one request to Telnyx: the credential (base URL, and the key to redact), the request
 * through n8n's httpRequestWithAuthentication, and the retry loop around it that downloads share.
 * Every request of the package, from the action node, list searches and both triggers, is sent here.
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
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { apiError, unusableAnswer } from './errors';
import {
	NOT_SENT_CODES,
	REPEATABLE_METHODS,
	RETRYABLE_STATUS,
	TRANSIENT_NETWORK_CODES,
	backoffDelayMs,
	networkCode,
	serverRequestedDelayMs,
} from './network';
import { DEFAULT_BASE_URL, MAX_ATTEMPTS, MAX_RETRY_WAIT_MS, PAGE_CONCURRENCY, TIMEOUT } from './settings';

export const CREDENTIAL_NAME = 'telnyxVideoApi';

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
	maxAttempts: MAX_ATTEMPTS.default,
	timeoutMs: TIMEOUT.default,
	maxRetryWaitMs: MAX_RETRY_WAIT_MS,
	pageConcurrency: PAGE_CONCURRENCY.default,
};

interface Credential {
	apiKey: string;
	baseUrl: string;
}

/**
 * What the transport itself needs from the credential: the base URL, and the key only to redact it
 * from errors. Read once per n8n context (one node run, one list search, one trigger hook) and
 * shared by its requests. This saves only the transport's own read: httpRequestWithAuthentication
 * takes nothing from here and calls getCredentials (decrypting the credential) again on every
 * request to add the Authorization header.
 */
const credentialByContext = new WeakMap<TelnyxContext, Promise<Credential>>();

export async function readCredential(ctx: TelnyxContext): Promise<Credential> {
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

/** Shortest wait between paced 429 retries, whatever the server asks for. */
const MIN_PACED_WAIT_MS = 50;

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

export interface Attempted {
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
export async function sendWithRetries(
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
