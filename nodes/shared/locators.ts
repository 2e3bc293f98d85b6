/**
 * The records a user can pick "From list" or enter "By ID", and how each list is searched: the
 * action node's record pickers and both triggers' room picker. The list searches use the same
 * transport as everything else.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import { UUID_EXAMPLE, UUID_PATTERN } from './ids';
import { MAX_PAGE_SIZE } from './settings';
import { telnyxRequest } from './transport';

/** Records that can be picked from a list or entered by ID. */
export type LocatorKind = 'room' | 'roomSession' | 'roomParticipant' | 'roomRecording' | 'roomComposition';

interface LocatorSpec {
	label: string;
	/** List endpoint the picker pages through. */
	listPath: string;
	searchMethod: string;
	/** How a record reads in the picker; `rooms` names the rooms of sessions by ID. */
	describe: (record: IDataObject, rooms: Map<string, string>) => string;
	/** Records Telnyx itself finds for a search text, shown before the entries that merely contain it. */
	serverSearch?: (ctx: ILoadOptionsFunctions, text: string) => Promise<IDataObject[]>;
}

const when = (value: unknown) => (typeof value === 'string' ? value.replace('T', ' ').slice(0, 16) : '?');

export const LOCATORS: Record<LocatorKind, LocatorSpec> = {
	room: {
		label: 'Room',
		listPath: '/rooms',
		searchMethod: 'searchRooms',
		describe: (r) => `${r.unique_name || 'Unnamed room'} (created ${when(r.created_at)})`,
		serverSearch: async (ctx, text) => await filtered(ctx, '/rooms', { 'filter[unique_name]': text }),
	},
	roomSession: {
		label: 'Room Session',
		listPath: '/room_sessions',
		searchMethod: 'searchRoomSessions',
		describe: (r, rooms) =>
			`${r.active ? 'Live' : 'Ended'} session in ${rooms.get(String(r.room_id)) ?? `room ${String(r.room_id).slice(0, 8)}`}, started ${when(r.created_at)}`,
		serverSearch: sessionsOfRoom,
	},
	roomParticipant: {
		label: 'Room Participant',
		listPath: '/room_participants',
		searchMethod: 'searchRoomParticipants',
		describe: (r) => `${r.context || 'Participant'} joined ${when(r.joined_at)}`,
		serverSearch: async (ctx, text) => await filtered(ctx, '/room_participants', { 'filter[context]': text }),
	},
	roomRecording: {
		label: 'Room Recording',
		listPath: '/room_recordings',
		searchMethod: 'searchRoomRecordings',
		describe: (r) =>
			`${r.type === 'audio' ? 'Audio' : 'Video'} recording ${when(r.started_at ?? r.created_at)} (${r.duration_secs ?? '?'} s, ${r.status ?? '?'})`,
	},
	roomComposition: {
		label: 'Room Composition',
		listPath: '/room_compositions',
		searchMethod: 'searchRoomCompositions',
		describe: (r) => `Composition ${when(r.created_at)} (${r.status ?? '?'})`,
	},
};

/** The resource-locator parameter for one kind of record. */
export function locatorProperty(
	kind: LocatorKind,
	name: string,
	overrides: Partial<INodeProperties> = {},
): INodeProperties {
	const spec = LOCATORS[kind];
	return {
		displayName: spec.label,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: `The ${spec.label.toLowerCase()} to use`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: spec.searchMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: `e.g. ${UUID_EXAMPLE}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: UUID_PATTERN,
							errorMessage: `Not a valid ${spec.label.toLowerCase()} ID (expected a UUID)`,
						},
					},
				],
			},
		],
		...overrides,
	};
}

/** Records shown per screen of a picker while browsing. */
const BROWSE_PAGE_SIZE = 50;
/** While searching text Telnyx cannot filter by, pages this large are read, at most this many per call. */
const SEARCH_PAGE_SIZE = MAX_PAGE_SIZE;
const SEARCH_PAGES_PER_CALL = 4;
/** Room names looked up per call to say which room a session belongs to. */
const MAX_ROOM_LOOKUPS = 50;

const UUID = new RegExp(UUID_PATTERN);
const recordsOf = (body: IDataObject | undefined) => (Array.isArray(body?.data) ? body.data : []) as IDataObject[];

async function listPage(ctx: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<IDataObject | undefined> {
	return await telnyxRequest.call(ctx, { method: 'GET', path, qs });
}

/** How many pages of `size` the list has (one request for a single record, read from its meta). */
async function pageCount(ctx: ILoadOptionsFunctions, path: string, size: number): Promise<number> {
	const meta = (await listPage(ctx, path, { 'page[number]': 1, 'page[size]': 1 }))?.meta as IDataObject | undefined;
	const total = Number(meta?.total_results ?? meta?.total_pages) || 0;
	return Math.ceil(total / size);
}

/** Room names by ID for the sessions shown, so each entry says which room it belongs to. */
async function roomNames(ctx: ILoadOptionsFunctions, records: IDataObject[]): Promise<Map<string, string>> {
	const ids = [...new Set(records.map((r) => r.room_id).filter((id): id is string => typeof id === 'string'))];
	const names = new Map<string, string>();
	await mapWithConcurrency(ids.slice(0, MAX_ROOM_LOOKUPS), 8, async (id) => {
		const room = (await listPage(ctx, `/rooms/${encodeURIComponent(id)}`, {}).catch(() => undefined))?.data as
			| IDataObject
			| undefined;
		if (room?.unique_name) names.set(id, String(room.unique_name));
	});
	return names;
}

async function describeAll(ctx: ILoadOptionsFunctions, kind: LocatorKind, records: IDataObject[]) {
	const spec = LOCATORS[kind];
	const rooms = kind === 'roomSession' ? await roomNames(ctx, records) : new Map<string, string>();
	return records.map((record) => ({
		name: `${spec.describe(record, rooms)} — ${String(record.id)}`,
		value: String(record.id),
	}));
}

/** Where a picker continues: the next (older) page of a given size; lists are read newest first. */
const encodeToken = (size: number, page: number) => (page >= 1 ? `${size}:${page}` : undefined);
function decodeToken(token: string | undefined): { size: number; page: number } | undefined {
	const match = /^(\d+):(\d+)$/.exec(token ?? '');
	return match ? { size: Number(match[1]), page: Number(match[2]) } : undefined;
}

/**
 * One screen of a picker. Telnyx lists oldest first and cannot sort, so pages are read from the
 * last one back and each page reversed. Text is first given to the filters Telnyx has (exact room
 * name, participant context, a session's room), then matched against the entries page by page.
 */
async function searchList(
	ctx: ILoadOptionsFunctions,
	kind: LocatorKind,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const spec = LOCATORS[kind];
	const needle = filter?.trim() ?? '';
	const size = needle ? SEARCH_PAGE_SIZE : BROWSE_PAGE_SIZE;
	const resumed = decodeToken(paginationToken);
	let page = resumed?.size === size ? resumed.page : await pageCount(ctx, spec.listPath, size);

	const results: INodeListSearchItems[] = [];
	const seen = new Set<string>();
	const add = (items: INodeListSearchItems[]) => {
		for (const item of items) {
			if (seen.has(String(item.value))) continue;
			seen.add(String(item.value));
			results.push(item);
		}
	};
	if (needle && !resumed && spec.serverSearch) add(await describeAll(ctx, kind, await spec.serverSearch(ctx, needle)));

	const lower = needle.toLowerCase();
	const maxPages = needle ? SEARCH_PAGES_PER_CALL : 2;
	for (let read = 0; read < maxPages && page >= 1; read++, page--) {
		const records = recordsOf(await listPage(ctx, spec.listPath, { 'page[number]': page, 'page[size]': size })).reverse();
		const items = await describeAll(ctx, kind, records);
		add(lower ? items.filter((item) => item.name.toLowerCase().includes(lower)) : items);
		// A short last page is topped up with the one before it; searches stop once a screen is full.
		if (results.length >= BROWSE_PAGE_SIZE / 2) {
			page--;
			break;
		}
	}
	return { results, paginationToken: encodeToken(size, page) };
}

/** Records Telnyx can find by a filter equal to the text (e.g. `filter[unique_name]`), newest first. */
async function filtered(ctx: ILoadOptionsFunctions, path: string, qs: IDataObject): Promise<IDataObject[]> {
	return recordsOf(await listPage(ctx, path, { ...qs, 'page[size]': MAX_PAGE_SIZE })).reverse();
}

/** Sessions of the room the text names (exactly), or of the room with that ID. */
async function sessionsOfRoom(ctx: ILoadOptionsFunctions, text: string): Promise<IDataObject[]> {
	const roomIds = UUID.test(text)
		? [text.toLowerCase()]
		: (await filtered(ctx, '/rooms', { 'filter[unique_name]': text })).map((room) => String(room.id));
	const sessions = await Promise.all(
		roomIds.slice(0, 5).map(async (id) => await filtered(ctx, '/room_sessions', { 'filter[room_id]': id })),
	);
	return sessions.flat();
}

/** `methods.listSearch` for the node: one searcher per locator kind. */
export const listSearch = Object.fromEntries(
	(Object.keys(LOCATORS) as LocatorKind[]).map((kind) => [
		LOCATORS[kind].searchMethod,
		async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
			return await searchList(this, kind, filter, paginationToken);
		},
	]),
);
