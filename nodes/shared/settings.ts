/**
 * Every default and limit of the transport options and of Telnyx's lists, declared once. The
 * editor's Options (TelnyxVideo/properties.ts), the check of each item's values
 * (TelnyxVideo/request.ts) and the transport's own defaults (send.ts) are all derived from here.
 */

/** Telnyx's API v2, the credential's default Base URL (also used by its test). */
export const DEFAULT_BASE_URL = 'https://api.telnyx.com/v2';

/** A whole-number option under Options: its parameter name, label and bounds. */
export interface NumberOption {
	name: string;
	displayName: string;
	default: number;
	min: number;
	max: number;
	/** The editor shows no upper bound (as released); a run still refuses more than `max`. */
	openInEditor?: boolean;
}

/** How many input items are sent at once. */
export const CONCURRENCY: NumberOption = { name: 'concurrency', displayName: 'Concurrency', default: 16, min: 1, max: 50 };

/** Attempts per request, the first included. */
export const MAX_ATTEMPTS: NumberOption = { name: 'maxAttempts', displayName: 'Max Attempts', default: 4, min: 1, max: 10 };

/** Milliseconds per attempt. */
export const TIMEOUT: NumberOption = {
	name: 'timeout',
	displayName: 'Timeout',
	default: 30_000,
	min: 1000,
	max: 3_600_000,
	openInEditor: true,
};

/** Pages of one list fetched at once. */
export const PAGE_CONCURRENCY: NumberOption = {
	name: 'pageConcurrency',
	displayName: 'Page Concurrency',
	default: 24,
	min: 1,
	max: 32,
};

/** Longest wait a rate-limit header may ask for; pacing 429s stops this long after the first request. */
export const MAX_RETRY_WAIT_MS = 120_000;

/** The largest `page[size]` Telnyx accepts. */
export const MAX_PAGE_SIZE = 250;

/** Telnyx's `page[size]` when none is given. */
export const DEFAULT_PAGE_SIZE = 20;

/** Get Many's Limit when Return All is off. */
export const LIST_LIMIT = { default: 50, min: 1 };
