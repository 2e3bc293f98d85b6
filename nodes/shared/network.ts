/**
 * What a failed or paced answer means: which network errors are worth another attempt (and which
 * prove nothing was sent), which statuses are retried, how long rate-limit headers ask us to
 * wait, and the backoff when they do not say.
 */
import type { IDataObject } from 'n8n-workflow';

/** Errors where no byte reached the server, so even a create is safe to send again. */
export const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);
export const TRANSIENT_NETWORK_CODES = new Set([
	...NOT_SENT_CODES,
	'ECONNRESET',
	'ETIMEDOUT',
	'ECONNABORTED',
	'EPIPE',
	'ESOCKETTIMEDOUT',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);


/** Plain words for the message: n8n replaces messages that contain a raw code with a generic text. */
export const NETWORK_WORDS: Record<string, string> = {
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

export function networkCode(error: unknown): string | undefined {
	const candidate = error as { code?: unknown; cause?: { code?: unknown }; message?: unknown };
	const code = candidate?.code ?? candidate?.cause?.code;
	if (typeof code === 'string') return code;
	if (typeof candidate?.message === 'string' && /timeout/i.test(candidate.message)) return 'ETIMEDOUT';
	return undefined;
}

export const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;
/** Methods whose repetition cannot create a second record. */
export const REPEATABLE_METHODS = new Set(['GET', 'HEAD', 'PATCH', 'PUT', 'DELETE']);

/** One header's value, whichever shape n8n gives it in (a string, or an array of them). */
export function header(headers: IDataObject | undefined, name: string): string | undefined {
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
