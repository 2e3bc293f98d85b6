/**
 * The vocabulary of the operation table. Each Telnyx endpoint is one `Operation` value; the editor
 * fields (properties.ts) and the HTTP request (request.ts) are both derived from it. What only one
 * operation has (Delete Many's dry run, Download's file, a session action's check) it declares
 * itself, as `steps` or a `custom` field, in its own file under operations/.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	INodeExecutionData,
	INodeProperties,
	NodeOperationError,
} from 'n8n-workflow';

import type { LocatorKind } from '../shared/locators';
import type { PreparedCall } from './request';

export type { LocatorKind };

export type Resource =
	| 'room'
	| 'roomSession'
	| 'roomParticipant'
	| 'roomRecording'
	| 'roomComposition'
	| 'clientToken';

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
	/** Makes its own editor properties and reads its own value: see `custom`. */
	| 'custom'
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
	/**
	 * Under Options from node version 2; version 1 (0.1.x) had it under Filters, and a workflow saved
	 * at version 1 keeps it there (n8n drops a value its collection no longer offers).
	 */
	filtersInVersion1?: boolean;
	/** Extra check on the parsed value; returns what is wrong, or nothing. */
	validate?: (value: unknown) => string | undefined;
	/** For `custom` (standalone body fields only): its editor properties and how its value is read. */
	custom?: CustomField;
}

/** `displayOptions.show` of an operation's fields: its resource and operation. */
export type Shown = Record<string, string[]>;

/** One item's parameters, as an operation's own steps read them (request.ts provides it). */
export interface ItemParameters {
	readonly itemIndex: number;
	/** The parameter's value for this item, as n8n gives it. */
	parameter(name: string, fallback?: unknown, extractValue?: boolean): unknown;
	/** `raw` converted as `field`'s kind says and checked; throws an error that names the field. */
	convertField(field: Field, raw: unknown, where?: string): unknown;
	/** An error for this item that reads `${label} ${problem}`. */
	fail(label: string, problem: string, description?: string): NodeOperationError;
}

/** A field whose editor properties and value are its own (e.g. the participants choice). */
export interface CustomField {
	properties(field: Field, show: Shown): INodeProperties[];
	/** The wire value, or `undefined` for none; throws naming the field. */
	read(field: Field, item: ItemParameters): unknown;
}

/**
 * What makes an operation special, declared beside it: its own editor fields, its own parameters
 * read and checked, and its own way of sending. The common steps (properties.ts, request.ts,
 * run.ts) call these and know nothing else about the operation. `Own` is what `prepare` reads
 * and `run` gets back.
 */
export interface OperationSteps<Own = unknown> {
	/** Editor fields only this operation has; shown after the common ones of lists, before Filters. */
	properties?(show: Shown): INodeProperties[];
	/** Reads and checks those fields for one item, after the common parameters and before anything is sent. */
	prepare?(item: ItemParameters, call: PreparedCall): Own;
	/** Sends the call and returns the items, in place of the common step for `output`. */
	run?(ctx: IExecuteFunctions, call: PreparedCall, own: Own): Promise<INodeExecutionData[]>;
	/** Whether it reads whole lists (offering Page Concurrency), as a `list` output does. */
	readsPages?: boolean;
}

/** How the API's answer becomes n8n items. */
export type OutputKind =
	/** `data` is one record: one item. */
	| 'record'
	/** Paginated `data` array: one item per record, with Return All / Limit. */
	| 'list'
	/** 204: `{ id, deleted: true }`. */
	| 'deleted'
	/** Bulk delete by filter, by its steps (operations/roomRecordings.deleteMany.ts). */
	| 'bulkDelete'
	/** The record's `download_url`, fetched as binary data, by its steps (operations/download.ts). */
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
	/** What only this operation does (see `OperationSteps`). */
	steps?: OperationSteps;
}

/* Names and groupings both the editor (properties.ts) and the request (request.ts) derive. */

/** Parameter name of an operation's target record, e.g. `roomRecordingId`. */
export const targetParameter = (kind: LocatorKind) => `${kind}Id`;

/** Name of the collection holding an operation's optional body fields. */
export const bodyCollectionName = (op: Operation) => (op.value === 'update' ? 'updateFields' : 'additionalFields');

export const isListOperation = (op: Operation) => op.output === 'list';

/** Operations that read a whole list: lists, and those whose steps say so. */
export const readsPages = (op: Operation) => isListOperation(op) || op.steps?.readsPages === true;

/** Fields an Update can remove (sent as null), offered under Clear Fields. */
export const clearableFields = (op: Operation) => (op.value === 'update' ? (op.body ?? []).filter((f) => f.nullable) : []);

/** Body fields shown on their own rather than in Additional / Update Fields. */
export const standsAlone = (field: Field) => Boolean(field.required || field.showWhen);
