/**
 * Telnyx's errors in n8n's terms: reading an error body in any of its documented shapes, a hint
 * per status, redaction of the API key, and the NodeApiError a failed request throws.
 */
import type { IDataObject, IN8nHttpFullResponse, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { NETWORK_WORDS, header } from './network';
import type { TelnyxContext, TelnyxRequest } from './send';

/** One Telnyx error, whichever of the documented body shapes it came in. */
export interface TelnyxErrorEntry {
	code?: string;
	title?: string;
	detail?: string;
	field?: string;
}

const ACTIONABLE_HINTS: Record<number, string> = {
	400: 'Telnyx could not understand the request; the message above is its explanation. Check the values this operation sends.',
	401: 'Telnyx rejected the API key. Open the Telnyx Video credential and paste a valid API v2 key (Mission Control → Auth → API Keys).',
	403: 'The API key is not allowed to do this, or the refresh token is not valid for this room.',
	404: 'Nothing with that ID exists in this Telnyx account. Check the ID, or pick the record from the list.',
	408: 'Telnyx timed out while handling the request. Try again, or raise the Timeout option.',
	409: 'The request conflicts with the current state of the resource.',
	422: 'Telnyx rejected a value; the message above is its explanation. Check the values this operation sends.',
	429: 'Telnyx rate limit reached and the retries ran out. Lower the Concurrency options or run the workflow less often.',
};

/** `field`: the field Telnyx's error points at, if any; it is in the message, after "(field:". */
export function hintForStatus(status: number, field?: string): string {
	if (field && (status === 400 || status === 422)) {
		return `Telnyx rejected the value of ${field} (see the message above). Correct it and run again.`;
	}
	if (ACTIONABLE_HINTS[status]) return ACTIONABLE_HINTS[status];
	if (status >= 500) return 'Telnyx had a server error and the retries ran out. Try again later.';
	return 'Telnyx answered with an error.';
}

function asText(value: unknown): string | undefined {
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	if (typeof value === 'number') return String(value);
	return undefined;
}

function entryFrom(raw: IDataObject): TelnyxErrorEntry {
	const source = (raw.source ?? {}) as IDataObject;
	const pointer = asText(source.pointer)?.replace(/^\//, '');
	return {
		code: asText(raw.code),
		title: asText(raw.title),
		detail: asText(raw.detail),
		field: pointer || asText(source.parameter),
	};
}

/** Turns each run of C0 control characters or DEL into one space, so a raw body prints on one line. */
export function collapseControlCharacters(text: string): string {
	let result = '';
	let inRun = false;
	for (const char of text) {
		const code = char.charCodeAt(0);
		if (code <= 0x1f || code === 0x7f) {
			if (!inRun) result += ' ';
			inRun = true;
		} else {
			result += char;
			inRun = false;
		}
	}
	return result;
}

/** Reads `{errors:[...]}`, a bare error object, `{message}`, or a non-JSON body (reference §7). */
export function parseErrorBody(body: unknown): TelnyxErrorEntry[] {
	let parsed = body;
	if (typeof parsed === 'string') {
		const text = parsed.trim();
		try {
			parsed = JSON.parse(text);
		} catch {
			if (text === '') return [];
			const looksLikeHtml = /^<(!doctype|html)/i.test(text);
			const printable = collapseControlCharacters(text).slice(0, 200);
			return [{ detail: looksLikeHtml ? 'Telnyx answered with an HTML page instead of JSON' : printable }];
		}
	}
	if (parsed === null || typeof parsed !== 'object') return [];
	const object = parsed as IDataObject;
	if (Array.isArray(object.errors)) {
		return (object.errors as IDataObject[])
			.filter((entry) => entry !== null && typeof entry === 'object')
			.map(entryFrom);
	}
	if (object.title !== undefined || object.detail !== undefined) return [entryFrom(object)];
	const message = asText(object.message);
	return message ? [{ detail: message }] : [];
}

export function formatEntry(entry: TelnyxErrorEntry): string {
	const text = [entry.title, entry.detail].filter(Boolean).join(': ');
	const field = entry.field ? ` (field: ${entry.field})` : '';
	const code = entry.code ? ` [code ${entry.code}]` : '';
	return `${text || 'Unknown error'}${field}${code}`;
}

/** Replaces every occurrence of the secret so an echoed key can never reach an error or log. */
export function redact(text: string, secret: string | undefined): string {
	if (!secret || secret.length < 4) return text;
	return text.split(secret).join('[redacted]');
}

/** The error a failed request throws: Telnyx's own words (or the network failure in plain words), key redacted. */
export function apiError(
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

/** A 2xx whose body is not JSON: described by its shape, never echoed (it may hold a token). */
export function unusableAnswer(
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
