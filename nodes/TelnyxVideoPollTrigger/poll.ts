/**
 * One poll: list the window, decide which records are new, emit them in the order they happened,
 * and move the cursor on (./cursor). Nothing in static data changes unless the whole poll
 * succeeded, so a failed poll is simply repeated by the next one.
 */
import type { IDataObject, INodeExecutionData, IPollFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency, settle } from '../shared/concurrency';
import { UUID_PATTERN } from '../shared/ids';
import { chosenRoomValues } from '../shared/rooms';
import { requestAllPages, telnyxRequest } from '../shared/transport';
import type { Decided, PollCursor } from './cursor';
import { addDays, advance, newCursor, readCursor, seenIds, utcDay, windowStart } from './cursor';
import type { PollEvent } from './events';
import { eventTime, pollEvent } from './events';

const CURSOR_KEY = 'cursor';
/** Rooms and sessions looked up at once. */
const LOOKUP_CONCURRENCY = 8;
export const DEFAULT_LOOKBACK_DAYS = 1;
export const MAX_LOOKBACK_DAYS = 30;
/** How far "Fetch Test Event" looks first, before searching the whole history. */
const TEST_EVENT_DAYS = 7;
const UUID = new RegExp(UUID_PATTERN);

interface PollConfig {
	event: PollEvent;
	/** Lower-case room IDs; empty means every room. */
	rooms: string[];
	lookbackDays: number;
	/** Backfill start (ms), when set. */
	startFromMs?: number;
	/** What the cursor belongs to. */
	key: string;
}

/** Reads and checks the parameters before anything is sent. */
function readConfig(ctx: IPollFunctions): PollConfig {
	const node = ctx.getNode();
	const eventType = ctx.getNodeParameter('event') as string;
	const event = pollEvent(eventType);
	if (!event) throw new NodeOperationError(node, `Event: unknown event "${eventType}"`);

	const rooms: string[] = [];
	for (const value of chosenRoomValues(ctx.getNodeParameter('rooms', {}))) {
		const id = value.toLowerCase();
		if (!UUID.test(id)) {
			throw new NodeOperationError(node, `Rooms: "${id}" is not a room ID`, {
				description: 'Pick the room from the list, or enter its ID (a UUID).',
			});
		}
		if (!rooms.includes(id)) rooms.push(id);
	}
	rooms.sort();

	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	const lookbackDays = options.lookbackDays === undefined ? DEFAULT_LOOKBACK_DAYS : Number(options.lookbackDays);
	if (!Number.isInteger(lookbackDays) || lookbackDays < 0 || lookbackDays > MAX_LOOKBACK_DAYS) {
		throw new NodeOperationError(
			node,
			`Options › Lookback (Days): must be a whole number from 0 to ${MAX_LOOKBACK_DAYS}, got ${String(options.lookbackDays)}`,
		);
	}
	let startFromMs: number | undefined;
	const startFrom = options.startFrom;
	if (startFrom !== undefined && startFrom !== null && String(startFrom).trim() !== '') {
		startFromMs = Date.parse(String(startFrom));
		if (Number.isNaN(startFromMs)) {
			throw new NodeOperationError(node, `Options › Start From: not a date: "${String(startFrom)}"`);
		}
	}
	const key = JSON.stringify([event.eventType, rooms, startFromMs ?? null]);
	return { event, rooms, lookbackDays, startFromMs, key };
}

/** Lists every record of the event with a date on or after `since` (all dates when undefined). */
async function listWindow(ctx: IPollFunctions, config: PollConfig, since: string | undefined): Promise<IDataObject[]> {
	const { event } = config;
	const qs: IDataObject = { ...event.query };
	if (since !== undefined) qs[`filter[${event.dateFilter}][gte]`] = since;
	const list = async (extra: IDataObject) =>
		await requestAllPages.call(ctx, { method: 'GET', path: event.path, qs: { ...qs, ...extra } });
	if (event.rooms !== 'query' || config.rooms.length === 0) return await list({});
	const perRoom = await mapWithConcurrency(config.rooms, LOOKUP_CONCURRENCY, async (room) => await list({ 'filter[room_id]': room }));
	const byId = new Map<unknown, IDataObject>();
	for (const record of perRoom.flat()) byId.set(record.id, record);
	return [...byId.values()];
}

/** The room of each session, for events whose records only name their session. */
async function sessionRooms(ctx: IPollFunctions, sessionIds: string[]): Promise<Map<string, string | undefined>> {
	const rooms = new Map<string, string | undefined>();
	await mapWithConcurrency(sessionIds, LOOKUP_CONCURRENCY, async (sessionId) => {
		const path = `/room_sessions/${encodeURIComponent(sessionId)}`;
		const found = await settle(async () => await telnyxRequest.call(ctx, { method: 'GET', path }));
		if (found.ok) {
			const roomId = (found.value?.data as IDataObject | undefined)?.room_id;
			rooms.set(sessionId, typeof roomId === 'string' ? roomId.toLowerCase() : undefined);
			return;
		}
		// A session that no longer exists belongs to no chosen room; anything else fails the poll.
		const gone = found.error instanceof NodeApiError && found.error.httpCode === '404';
		if (!gone) throw found.error;
		rooms.set(sessionId, undefined);
	});
	return rooms;
}

/** Keeps the records in the chosen rooms; `rejected` are those that are not. */
async function inChosenRooms(
	ctx: IPollFunctions,
	config: PollConfig,
	records: IDataObject[],
): Promise<{ kept: IDataObject[]; rejected: IDataObject[] }> {
	if (config.rooms.length === 0 || config.event.rooms === 'query') return { kept: records, rejected: [] };
	const chosen = new Set(config.rooms);
	let roomOf: (record: IDataObject) => string | undefined;
	if (config.event.rooms === 'record') {
		roomOf = (record) => (typeof record.room_id === 'string' ? record.room_id.toLowerCase() : undefined);
	} else {
		const sessions = [...new Set(records.map((record) => String(record.session_id ?? '')).filter(Boolean))];
		const rooms = await sessionRooms(ctx, sessions);
		roomOf = (record) => rooms.get(String(record.session_id ?? ''));
	}
	const kept: IDataObject[] = [];
	const rejected: IDataObject[] = [];
	for (const record of records) {
		const room = roomOf(record);
		(room !== undefined && chosen.has(room) ? kept : rejected).push(record);
	}
	return { kept, rejected };
}

function compareByTime(event: PollEvent) {
	return (a: IDataObject, b: IDataObject) => {
		const ta = eventTime(event, a) ?? '';
		const tb = eventTime(event, b) ?? '';
		const diff = (Date.parse(ta) || 0) - (Date.parse(tb) || 0);
		if (diff !== 0) return diff;
		if (ta !== tb) return ta < tb ? -1 : 1;
		return String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;
	};
}

function toItems(event: PollEvent, records: IDataObject[]): INodeExecutionData[] {
	return records.map((record) => ({ json: { event_type: event.eventType, ...record } }));
}

/** "Fetch Test Event": the most recent matching record, with no cursor involved. */
async function latestEvent(ctx: IPollFunctions, config: PollConfig): Promise<INodeExecutionData[][]> {
	const { event } = config;
	const pick = async (since: string | undefined) => {
		const listed = (await listWindow(ctx, config, since)).filter((record) => event.isEvent(record));
		// Newest first, so that only the newest few need a room lookup.
		const sorted = listed.sort(compareByTime(event)).reverse();
		for (let start = 0; start < sorted.length; start += LOOKUP_CONCURRENCY) {
			const { kept } = await inChosenRooms(ctx, config, sorted.slice(start, start + LOOKUP_CONCURRENCY));
			if (kept.length) return kept[0];
		}
		return undefined;
	};
	const latest = (await pick(addDays(utcDay(Date.now()), -TEST_EVENT_DAYS))) ?? (await pick(undefined));
	if (!latest) {
		const where = config.rooms.length ? ' in the chosen rooms' : '';
		throw new NodeOperationError(ctx.getNode(), `No ${event.noun} found${where} to use as a test event`, {
			description: 'Once Telnyx lists one, fetch the test event again. The active workflow is not affected by this.',
		});
	}
	return [toItems(event, [latest])];
}

/** Polls of one node that are still running, so that an overlapping poll cannot emit the same records. */
const pollsInFlight = new Set<string>();

export async function poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
	const config = readConfig(this);
	if (this.getMode() === 'manual') return await latestEvent(this, config);

	const lockKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
	// The poll still running will emit what is new; this one would only duplicate it.
	if (pollsInFlight.has(lockKey)) return null;
	pollsInFlight.add(lockKey);
	try {
		return await pollWindow(this, config);
	} finally {
		pollsInFlight.delete(lockKey);
	}
}

async function pollWindow(ctx: IPollFunctions, config: PollConfig): Promise<INodeExecutionData[][] | null> {
	const { event } = config;
	const staticData = ctx.getWorkflowStaticData('node');
	const startedAt = Date.now();
	const cursor: PollCursor =
		readCursor(staticData[CURSOR_KEY], config.key) ?? newCursor(config.key, config.startFromMs ?? startedAt, startedAt);
	const since = windowStart(cursor, config.lookbackDays);
	const fromMs = Date.parse(cursor.from);

	const listed = await listWindow(ctx, config, since);
	const seen = seenIds(cursor);
	const candidates: IDataObject[] = [];
	const unique = new Set<string>();
	for (const record of listed) {
		const id = String(record.id ?? '');
		if (id === '' || seen.has(id) || unique.has(id) || !event.isEvent(record)) continue;
		const time = eventTime(event, record);
		// Before the start: not ours to emit, and cheap to skip again, so not remembered.
		if (time !== undefined && Date.parse(time) < fromMs) continue;
		unique.add(id);
		candidates.push(record);
	}
	const { kept, rejected } = await inChosenRooms(ctx, config, candidates);
	kept.sort(compareByTime(event));

	const decided: Decided[] = [...kept, ...rejected].map((record) => ({
		id: String(record.id),
		date: typeof record[event.dateField] === 'string' ? (record[event.dateField] as string) : undefined,
	}));
	// A top-level assignment: n8n notices it and saves it with the emitted items.
	staticData[CURSOR_KEY] = advance(cursor, decided, since, startedAt, config.lookbackDays) as unknown as IDataObject;
	return kept.length ? [toItems(event, kept)] : null;
}
