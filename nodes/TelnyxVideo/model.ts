/**
 * The vocabulary of the operation table. Each Telnyx endpoint is one `Operation` value; the editor
 * fields (properties.ts) and the HTTP request (request.ts) are both derived from it.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { PreparedCall } from './request';

export type Resource =
	| 'room'
	| 'roomSession'
	| 'roomParticipant'
	| 'roomRecording'
	| 'roomComposition'
	| 'clientToken';

/** Records that can be picked from a list or entered by ID (see locators.ts). */
export type LocatorKind = 'room' | 'roomSession' | 'roomParticipant' | 'roomRecording' | 'roomComposition';

export type FieldKind =
	| 'string'
	| 'integer'
	| 'boolean'
	/** A calendar date, sent as YYYY-MM-DD. */
	| 'date'
	| 'uuid'
	/** Comma-separated UUIDs in the editor, a JSON array on the wire. */
	| 'uuidList'
	| 'url'
	| 'options'
	/** A JSON object typed into the editor, parsed and checked by `validate`. */
	| 'json'
	/** A record picked with a resource locator; `locator` says which kind. */
	| 'locator'
	/** "all" or a list of participant IDs (session actions). */
	| 'participants'
	/** An editor form (`property`) the operation turns into wire values itself, in `finishBody`. */
	| 'form';

export interface Field {
	/** Parameter name in n8n (camelCase). */
	name: string;
	displayName: string;
	/** Name on the wire: a body property, or a bracketed query key such as `filter[room_id]`. */
	wire: string;
	kind: FieldKind;
	description: string;
	required?: boolean;
	min?: number;
	max?: number;
	options?: Array<{ name: string; value: string; description?: string }>;
	locator?: LocatorKind;
	default?: string | number | boolean;
	/**
	 * A number typed into a box that starts empty: adding the field sends nothing until a value
	 * is typed, so it has no default that selects (or sets) something by itself.
	 */
	startsEmpty?: boolean;
	/** The API takes `null` to remove the value: Update offers it under Clear Fields. */
	nullable?: boolean;
	placeholder?: string;
	/** Masked in the editor: the value is a secret (e.g. a refresh token). */
	password?: boolean;
	/**
	 * A multi-select filled by `methods.loadOptions[method]`, reloaded when the `dependsOn`
	 * parameters change; an expression can still give the IDs.
	 */
	loadOptions?: { method: string; dependsOn: string[] };
	/** Shown (and sent) only when other top-level parameters have these values; sits on its own, not in a collection. */
	showWhen?: Record<string, string[]>;
	/** For `options`: the field a "Custom" choice reveals; any other value (from an expression) is checked by it too. */
	customValue?: Field;
	/** For `form`: the editor property, less name, display name and description. */
	property?: Omit<INodeProperties, 'name' | 'displayName' | 'description'>;
	/** Extra check on the parsed value; returns what is wrong, or nothing. */
	validate?: (value: unknown) => string | undefined;
}

/** How the API's answer becomes n8n items. */
export type OutputKind =
	/** `data` is one record: one item. */
	| 'record'
	/** Paginated `data` array: one item per record, with Return All / Limit. */
	| 'list'
	/** 204: `{ id, deleted: true }`. */
	| 'deleted'
	/** Bulk delete by filter: guarded, verified by listing again, with a dry run (bulkDelete.ts). */
	| 'bulkDelete'
	/** The record's `download_url`, fetched as binary data. */
	| 'download';

export interface Operation {
	resource: Resource;
	/** Operation value in n8n: get, getAll, create, update, delete, or a verb such as `kick`. */
	value: string;
	/** Title Case label in the Operation dropdown. */
	name: string;
	/** Sentence case action, read by people and AI agents. */
	action: string;
	description: string;
	method: IHttpRequestMethods;
	/** Path below the base URL with at most one `{param}`, filled from `target`. */
	path: string;
	/** The record the path parameter refers to. */
	target?: LocatorKind;
	/** Query parameters that are not filters (e.g. `include_sessions` on a get). */
	query?: Field[];
	/** List filters, shown in the Filters collection and sent as bracketed query keys. */
	filters?: Field[];
	/** Body fields: required ones on their own, the rest in Additional / Update Fields. */
	body?: Field[];
	/** Whether the API needs a JSON body even when no field is set. */
	bodyRequired?: boolean;
	output?: OutputKind;
	/**
	 * Completes the body from the optional fields' raw values (e.g. a form); returns the body, or
	 * what is wrong as `{ field, problem }`.
	 */
	finishBody?: (body: IDataObject, optional: IDataObject) => IDataObject | { field: string; problem: string };
	/** Sends the prepared call itself, replacing what `output` would do (e.g. a check before acting). */
	run?: (ctx: IExecuteFunctions, call: PreparedCall) => Promise<INodeExecutionData[]>;
}

/** The three comparison filters Telnyx offers on each date (`eq`, `gte`, `lte`). */
export function dateFilters(wireName: string, label: string, noun: string): Field[] {
	const camel = wireName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
	const comparisons = [
		{ op: 'eq', suffix: 'On', text: 'on' },
		{ op: 'gte', suffix: 'On or After', text: 'on or after' },
		{ op: 'lte', suffix: 'On or Before', text: 'on or before' },
	];
	return comparisons.map(({ op, suffix, text }) => ({
		name: `${camel}${op[0].toUpperCase()}${op.slice(1)}`,
		displayName: `${label} ${suffix}`,
		wire: `filter[${wireName}][${op}]`,
		kind: 'date' as const,
		description: `Only ${noun} ${label.toLowerCase()} ${text} this date, UTC (a time of day is dropped; one with a zone counts in UTC)`,
	}));
}

/** Which record an ID filter's wire name refers to. */
const FILTER_LOCATORS: Record<string, LocatorKind> = {
	room_id: 'room',
	session_id: 'roomSession',
	participant_id: 'roomParticipant',
};

/** A filter on the ID of a related record, e.g. `filter[room_id]`, picked from a list or given by ID. */
export function idFilter(wireName: string, label: string, noun: string): Field {
	return {
		name: wireName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
		displayName: label,
		wire: `filter[${wireName}]`,
		kind: FILTER_LOCATORS[wireName] ? 'locator' : 'uuid',
		locator: FILTER_LOCATORS[wireName],
		placeholder: 'e.g. 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0',
		description: `Only ${noun} with this ${label[0].toLowerCase()}${label.slice(1)}`,
	};
}

/** A filter with a fixed set of values, e.g. `filter[status]`. */
export function choiceFilter(
	wireName: string,
	label: string,
	description: string,
	values: string[],
	defaultValue = values[0],
): Field {
	const title = (value: string) => value[0].toUpperCase() + value.slice(1);
	return {
		name: wireName,
		displayName: label,
		wire: `filter[${wireName}]`,
		kind: 'options',
		default: defaultValue,
		options: values.map((value) => ({ name: title(value), value })),
		description,
	};
}

export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const UUID_EXAMPLE = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
