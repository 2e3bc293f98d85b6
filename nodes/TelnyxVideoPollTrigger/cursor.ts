/**
 * The poll cursor, kept in node static data. Telnyx filters lists by calendar date only, so a
 * poll lists a window of days and remembers which records it has already decided on:
 *
 * - `day`: the UTC day the last successful poll started. The next poll lists records whose date
 *   field is on or after `day − lookback`, so a record that shows up late (a recording still
 *   processing, a clock a little off) is still found if its date is within the lookback.
 * - `seen`: the IDs decided on (emitted, or found to be in another room), grouped by the day of
 *   the record's date field. Only days inside the window can be listed again, so older days are
 *   dropped: the set stays as small as the window.
 * - `floor`: the oldest day `seen` is still complete for. The window never reaches below it, so a
 *   longer lookback set later cannot bring back records whose IDs were already dropped.
 * - `from`: records that happened before it are never emitted (activation time, or the backfill date).
 * - `key`: the event, rooms and start date the cursor belongs to; changing them starts afresh.
 *
 * n8n saves static data when a poll returns items; a poll that returns nothing changes it in
 * memory only. A restart therefore resumes from the state saved with the last emitted items,
 * whose `seen` holds every record emitted so far: replays never emit twice.
 */
import type { IDataObject } from 'n8n-workflow';

export const CURSOR_VERSION = 1;
const DAY_MS = 86_400_000;

export interface PollCursor {
	version: number;
	key: string;
	/** ISO time; earlier events are not emitted. */
	from: string;
	/** YYYY-MM-DD (UTC). */
	day: string;
	/** YYYY-MM-DD; '' while nothing was dropped. */
	floor: string;
	seen: Record<string, string[]>;
}

export const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
	return utcDay(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

const maxDay = (a: string, b: string) => (a > b ? a : b);

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The stored cursor if it is one of ours and belongs to this configuration. */
export function readCursor(stored: unknown, key: string): PollCursor | undefined {
	if (stored === null || typeof stored !== 'object') return undefined;
	const cursor = stored as Partial<PollCursor>;
	if (cursor.version !== CURSOR_VERSION || cursor.key !== key) return undefined;
	if (typeof cursor.day !== 'string' || !DAY_RE.test(cursor.day)) return undefined;
	if (typeof cursor.from !== 'string' || Number.isNaN(Date.parse(cursor.from))) return undefined;
	const seen: Record<string, string[]> = {};
	for (const [day, ids] of Object.entries((cursor.seen ?? {}) as IDataObject)) {
		if (DAY_RE.test(day) && Array.isArray(ids)) seen[day] = ids.map(String);
	}
	const floor = typeof cursor.floor === 'string' && DAY_RE.test(cursor.floor) ? cursor.floor : '';
	return { version: CURSOR_VERSION, key, from: cursor.from, day: cursor.day, floor, seen };
}

/** A new cursor: emit what happens from `fromMs` on (now, or a backfill date). */
export function newCursor(key: string, fromMs: number, nowMs: number): PollCursor {
	return {
		version: CURSOR_VERSION,
		key,
		from: new Date(fromMs).toISOString(),
		day: utcDay(Math.min(fromMs, nowMs)),
		floor: '',
		seen: {},
	};
}

/** The first day the next list covers. */
export function windowStart(cursor: PollCursor, lookbackDays: number): string {
	return maxDay(addDays(cursor.day, -lookbackDays), cursor.floor);
}

export function seenIds(cursor: PollCursor): Set<string> {
	return new Set(Object.values(cursor.seen).flat());
}

export interface Decided {
	id: string;
	/** The record's date field (any ISO string), or undefined. */
	date: string | undefined;
}

/**
 * The cursor after a successful poll that started at `pollStartMs` and listed from `since`:
 * the decided IDs are added, the day moves on, and days that can no longer be listed are dropped.
 */
export function advance(
	cursor: PollCursor,
	decided: Decided[],
	since: string,
	pollStartMs: number,
	lookbackDays: number,
): PollCursor {
	const day = maxDay(cursor.day, utcDay(pollStartMs));
	const floor = maxDay(cursor.floor, addDays(day, -lookbackDays));
	const seen: Record<string, string[]> = {};
	for (const [seenDay, ids] of Object.entries(cursor.seen)) {
		if (seenDay >= floor) seen[seenDay] = [...ids];
	}
	for (const { id, date } of decided) {
		// A record the API listed although its date is older than asked is kept with the window's
		// first day, so that it stays known while it can be listed.
		const recordDay = typeof date === 'string' && DAY_RE.test(date.slice(0, 10)) ? date.slice(0, 10) : day;
		const seenDay = maxDay(recordDay, since);
		if (seenDay < floor) continue;
		(seen[seenDay] ??= []).push(id);
	}
	return { ...cursor, day, floor, seen };
}
