/**
 * The records a user can pick "From list" or enter "By ID", and how each list is searched.
 * The list searches use the same transport as everything else.
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { telnyxRequest } from '../shared/transport';
import type { LocatorKind } from './model';
import { UUID_EXAMPLE, UUID_PATTERN } from './model';

interface LocatorSpec {
	label: string;
	/** List endpoint the picker pages through. */
	listPath: string;
	searchMethod: string;
	/** How a record reads in the picker. */
	describe: (record: IDataObject) => string;
}

const when = (value: unknown) => (typeof value === 'string' ? value.replace('T', ' ').slice(0, 16) : '?');

export const LOCATORS: Record<LocatorKind, LocatorSpec> = {
	room: {
		label: 'Room',
		listPath: '/rooms',
		searchMethod: 'searchRooms',
		describe: (r) => `${r.unique_name || 'Unnamed room'} (created ${when(r.created_at)})`,
	},
	roomSession: {
		label: 'Room Session',
		listPath: '/room_sessions',
		searchMethod: 'searchRoomSessions',
		describe: (r) => `${r.active ? 'Live' : 'Ended'} session started ${when(r.created_at)}`,
	},
	roomParticipant: {
		label: 'Room Participant',
		listPath: '/room_participants',
		searchMethod: 'searchRoomParticipants',
		describe: (r) => `${r.context || 'Participant'} joined ${when(r.joined_at)}`,
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

const PICKER_PAGE_SIZE = 50;

async function searchList(
	ctx: ILoadOptionsFunctions,
	kind: LocatorKind,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const spec = LOCATORS[kind];
	const page = Number(paginationToken) || 1;
	const body = await telnyxRequest.call(ctx, {
		method: 'GET',
		path: spec.listPath,
		qs: { 'page[number]': page, 'page[size]': PICKER_PAGE_SIZE },
	});
	const records = (Array.isArray(body?.data) ? body?.data : []) as IDataObject[];
	const needle = filter?.trim().toLowerCase();
	const results: INodeListSearchItems[] = records
		.map((record) => ({ name: `${spec.describe(record)} — ${String(record.id)}`, value: String(record.id) }))
		.filter((item) => !needle || item.name.toLowerCase().includes(needle));
	const totalPages = Number((body?.meta as IDataObject | undefined)?.total_pages) || 0;
	return { results, paginationToken: page < totalPages ? String(page + 1) : undefined };
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

