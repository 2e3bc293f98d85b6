/**
 * Turns one item's parameters into a checked Telnyx request, following the operation's
 * declaration. Every problem that can be known locally is reported here, naming the field,
 * before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { TelnyxRequest, TransportSettings } from '../shared/transport';
import { DEFAULT_TRANSPORT } from '../shared/transport';
import type { Field, Operation } from './model';
import { UUID_PATTERN } from './model';
import {
	bodyCollectionName,
	clearableFields,
	participantIdsField,
	standsAlone,
	targetParameter,
} from './properties';

const UUID = new RegExp(UUID_PATTERN);

export interface PreparedCall {
	request: TelnyxRequest;
	/** ID of the record the path names, if any. */
	targetId?: string;
	/** For lists: how many records; `undefined` means all. */
	limit?: number;
	dryRun?: boolean;
	/** Bulk delete may remove every recording in the account. */
	confirmDeleteAll?: boolean;
	/** Bulk delete: each sent filter's wire key → its name in the Filters collection, for the output. */
	filterNames?: Record<string, string>;
	binaryPropertyName?: string;
	transport: Partial<TransportSettings> & { concurrency: number };
}

/** What a converter returns instead of a value when the input is wrong. */
class Problem {
	constructor(readonly text: string) {}
}
const problem = (text: string) => new Problem(text);

const isBlank = (value: unknown): boolean =>
	(value !== null && typeof value === 'object' && '__rl' in value && isBlank((value as unknown as { value: unknown }).value)) ||
	value === undefined ||
	value === null ||
	(typeof value === 'string' && value.trim() === '') ||
	(Array.isArray(value) && value.length === 0);

function describe(value: unknown): string {
	const text = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
	return text && text.length > 80 ? `${text.slice(0, 77)}…` : String(text);
}

function toInteger(field: Field, value: unknown): number | Problem {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number)) {
		return problem(`must be a whole number, got ${describe(value)}`);
	}
	if ((field.min !== undefined && number < field.min) || (field.max !== undefined && number > field.max)) {
		const range = field.max === undefined ? `at least ${field.min}` : `between ${field.min} and ${field.max}`;
		return problem(`must be ${range}, got ${number}`);
	}
	return number;
}

function toBoolean(value: unknown): boolean | Problem {
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	return problem(`must be true or false, got ${describe(value)}`);
}

/** A time of day with a zone (`Z`, `+02:00`, `-0500`): the text names a moment, not a calendar day. */
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * The UTC calendar date Telnyx's date filters compare with. A JS Date, a Luxon DateTime (any zone)
 * and an ISO text with a zone name a moment: its date in UTC is sent. A plain date, or the editor's
 * date-time without a zone, keeps the date as written. The time of day is dropped.
 */
function toCalendarDate(value: unknown): string | Problem {
	let text: string | undefined;
	if (value instanceof Date) text = Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	else if (value && typeof (value as { toMillis?: unknown }).toMillis === 'function') {
		const millis = Number((value as { toMillis: () => number }).toMillis());
		text = Number.isFinite(millis) ? new Date(millis).toISOString() : undefined;
	} else if (typeof value === 'string') {
		text = value.trim();
		if (ZONED_DATE_TIME.test(text)) {
			const moment = new Date(text.replace(' ', 'T').replace(/\s+/g, ''));
			if (!Number.isNaN(moment.getTime())) text = moment.toISOString();
		}
	}
	const match = text === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	if (match) {
		const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
		const date = new Date(Date.UTC(year, month - 1, day));
		if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
			return `${match[1]}-${match[2]}-${match[3]}`;
		}
	}
	return problem(`must be a date such as 2024-05-31, got ${describe(value)}`);
}

function toUuid(value: unknown): string | Problem {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!UUID.test(text)) return problem(`must be an ID like 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0, got ${describe(value)}`);
	return text.toLowerCase();
}

function toUuidList(value: unknown): string[] | Problem {
	const parts = Array.isArray(value) ? value : String(value).split(/[\s,]+/);
	const ids = parts.map((part) => (typeof part === 'string' ? part.trim() : part)).filter((part) => part !== '');
	if (ids.length === 0) return problem('needs at least one ID');
	const bad = ids.find((id) => typeof id !== 'string' || !UUID.test(id));
	if (bad !== undefined) return problem(`${describe(bad)} is not a valid ID (expected a UUID)`);
	return (ids as string[]).map((id) => id.toLowerCase());
}

function toUrl(value: unknown): string | Problem {
	const text = typeof value === 'string' ? value.trim() : '';
	let url: URL | undefined;
	try {
		url = new URL(text);
	} catch {
		url = undefined;
	}
	if (!url || !['http:', 'https:'].includes(url.protocol)) {
		return problem(`must be a full http:// or https:// URL, got ${describe(value)}`);
	}
	return text;
}

function toJson(value: unknown): unknown {
	if (typeof value !== 'string') return value;
	let parsed: unknown;
	let error: string | undefined;
	try {
		parsed = JSON.parse(value);
	} catch (parseError) {
		error = (parseError as Error).message;
	}
	return error === undefined ? parsed : problem(`is not valid JSON (${error})`);
}

function toOption(field: Field, value: unknown): string | Problem {
	const allowed = field.options?.map((option) => option.value) ?? [];
	if (typeof value === 'string' && allowed.includes(value)) return value;
	return problem(`must be one of ${allowed.join(', ')}, got ${describe(value)}`);
}

function toText(value: unknown): string | Problem {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return problem(`must be text, got ${describe(value)}`);
}

/** Converts one field's raw parameter value to its wire value; `undefined` means "not set". */
function convert(field: Field, raw: unknown): unknown {
	const blankIsUnset = (field.kind !== 'boolean' && field.kind !== 'integer') || field.startsEmpty;
	if (blankIsUnset && isBlank(raw)) {
		return field.required ? problem('is required') : undefined;
	}
	const converters: Record<Field['kind'], (value: unknown) => unknown> = {
		string: toText,
		integer: (value) => toInteger(field, value),
		boolean: toBoolean,
		date: toCalendarDate,
		uuid: toUuid,
		// A resource locator inside a collection arrives whole: { __rl, mode, value }.
		locator: (value) =>
			toUuid(value && typeof value === 'object' && 'value' in value ? (value as { value: unknown }).value : value),
		uuidList: toUuidList,
		url: toUrl,
		options: (value) => toOption(field, value),
		json: toJson,
		participants: toText,
		form: (value) => value,
	};
	const value = converters[field.kind](raw);
	if (value instanceof Problem || value === undefined) return value;
	const complaint = field.validate?.(value);
	return complaint ? problem(complaint) : value;
}

export class CallBuilder {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly op: Operation,
		private readonly itemIndex: number,
	) {}

	private fail(label: string, problem: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), `${label} ${problem}`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	private convertField(field: Field, raw: unknown, where?: string): unknown {
		const value = convert(field, raw);
		if (!(value instanceof Problem)) return value;
		const label = where ? `${where} › ${field.displayName}` : field.displayName;
		throw this.fail(`${label}:`, value.text, field.description || undefined);
	}

	private parameter(name: string, fallback?: unknown, extractValue = false): unknown {
		return this.ctx.getNodeParameter(name, this.itemIndex, fallback, { extractValue });
	}

	private collection(name: string): IDataObject {
		const value = this.parameter(name, {});
		return value && typeof value === 'object' ? (value as IDataObject) : {};
	}

	/** Converts the fields of `declared` present in `values` into `{ wire: value }` (forms are left to `finishBody`). */
	private fieldsFrom(declared: Field[], values: IDataObject, where: string): IDataObject {
		const out: IDataObject = {};
		for (const field of declared) {
			if (!(field.name in values) || field.kind === 'form') continue;
			const custom = field.customValue;
			const raw = values[field.name];
			const chosen = field.options?.some((option) => option.value === raw);
			const value =
				custom && (raw === 'custom' || !chosen)
					? this.convertField(custom, raw === 'custom' ? values[custom.name] : raw, where)
					: this.convertField(field, raw, where);
			if (value !== undefined) out[field.wire] = value as IDataObject[keyof IDataObject];
		}
		return out;
	}

	private participants(field: Field): unknown {
		const choice = this.parameter(field.name, 'all');
		if (choice === 'all') return 'all';
		const idsField = participantIdsField(field);
		return this.convertField(idsField, this.parameter(idsField.name, []));
	}

	/** Whether a field with `showWhen` is shown (and so sent) for this item. */
	private shown(field: Field): boolean {
		return Object.entries(field.showWhen ?? {}).every(([name, values]) => values.includes(String(this.parameter(name))));
	}

	private body(): IDataObject | undefined {
		const { op } = this;
		if (!op.body) return op.bodyRequired ? {} : undefined;
		const body: IDataObject = {};
		for (const field of op.body.filter((f) => standsAlone(f) && this.shown(f))) {
			const value =
				field.kind === 'participants'
					? this.participants(field)
					: this.convertField(field, this.parameter(field.name, undefined, field.kind === 'locator'));
			if (value !== undefined) body[field.wire] = value as IDataObject[keyof IDataObject];
		}
		const collectionName = bodyCollectionName(op);
		const label = collectionName === 'updateFields' ? 'Update Fields' : 'Additional Fields';
		const optional = op.body.filter((f) => !standsAlone(f));
		const optionalValues = this.collection(collectionName);
		Object.assign(body, this.fieldsFrom(optional, optionalValues, label));
		Object.assign(body, this.cleared(body));
		if (op.finishBody) {
			const finished = op.finishBody(body, optionalValues);
			if ('problem' in finished && typeof finished.problem === 'string') {
				throw this.fail(`${label} › ${String(finished.field)}:`, finished.problem);
			}
			return finished;
		}
		if (op.value === 'update' && Object.keys(body).length === 0) {
			throw this.fail('Update Fields:', 'add at least one field to change, or pick one under Clear Fields');
		}
		return body;
	}

	/** Clear Fields: `null` for each picked field; one field cannot be both set and cleared. */
	private cleared(body: IDataObject): IDataObject {
		const clearable = clearableFields(this.op);
		if (!clearable.length) return {};
		const picked = this.parameter('clearFields', []);
		const names = Array.isArray(picked) ? picked : [picked];
		const out: IDataObject = {};
		for (const name of names) {
			const field = clearable.find((f) => f.name === name);
			if (!field) {
				const allowed = clearable.map((f) => f.displayName).join(', ');
				throw this.fail('Clear Fields:', `${describe(name)} cannot be cleared (only ${allowed} can)`);
			}
			if (field.wire in body) {
				throw this.fail(`Clear Fields › ${field.displayName}:`, 'is also set under Update Fields; either set it or clear it');
			}
			out[field.wire] = null;
		}
		return out;
	}

	private path(): { path: string; targetId?: string } {
		const { op } = this;
		if (!op.target) return { path: op.path };
		const name = targetParameter(op.target);
		const field: Field = {
			name,
			displayName: name,
			wire: '',
			kind: 'uuid',
			required: true,
			description: '',
		};
		const label = op.target.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
		const targetId = this.convertField({ ...field, displayName: label }, this.parameter(name, '', true)) as string;
		return { path: op.path.replace(/\{[a-z_]+\}/, encodeURIComponent(targetId)), targetId };
	}

	private transport(options: IDataObject): PreparedCall['transport'] {
		const integer = (name: string, displayName: string, min: number, max: number, fallback: number) =>
			name in options
				? (this.convertField(
						{ name, displayName, wire: name, kind: 'integer', min, max, description: '' },
						options[name],
						'Options',
					) as number)
				: fallback;
		return {
			concurrency: integer('concurrency', 'Concurrency', 1, 50, 16),
			maxAttempts: integer('maxAttempts', 'Max Attempts', 1, 10, DEFAULT_TRANSPORT.maxAttempts),
			timeoutMs: integer('timeout', 'Timeout', 1000, 3_600_000, DEFAULT_TRANSPORT.timeoutMs),
			pageConcurrency: integer('pageConcurrency', 'Page Concurrency', 1, 32, DEFAULT_TRANSPORT.pageConcurrency),
			itemIndex: this.itemIndex,
		};
	}

	build(): PreparedCall {
		const { op } = this;
		const { path, targetId } = this.path();
		const options = this.collection('options');
		const qs: IDataObject = {
			...this.fieldsFrom(op.query ?? [], options, 'Options'),
			...(op.filters ? this.fieldsFrom(op.filters, this.collection('filters'), 'Filters') : {}),
		};
		const call: PreparedCall = {
			request: { method: op.method, path, qs, body: this.body() },
			targetId,
			transport: this.transport(options),
		};
		if (op.output === 'list') {
			const returnAll = this.convertField(
				{ name: 'returnAll', displayName: 'Return All', wire: '', kind: 'boolean', description: '' },
				this.parameter('returnAll', false),
			);
			if (!returnAll) {
				call.limit = this.convertField(
					{ name: 'limit', displayName: 'Limit', wire: '', kind: 'integer', min: 1, description: '' },
					this.parameter('limit', 50),
				) as number;
			}
		}
		if (op.output === 'bulkDelete') {
			call.dryRun = this.parameter('dryRun', true) !== false;
			call.confirmDeleteAll = this.parameter('confirmDeleteAll', false) === true;
			call.filterNames = Object.fromEntries((op.filters ?? []).map((field) => [field.wire, field.name]));
			if (!call.dryRun && Object.keys(qs).length === 0 && !call.confirmDeleteAll) {
				throw this.fail(
					'Filters:',
					'add at least one filter. Without one, every recording in the account would be deleted.',
					'To delete them all, turn on "Allow Deleting Every Recording".',
				);
			}
		}
		if (op.output === 'download') {
			const name = this.parameter('binaryPropertyName', 'data');
			if (typeof name !== 'string' || name.trim() === '') {
				throw this.fail('Put Output File in Field:', 'needs a field name, e.g. data');
			}
			call.binaryPropertyName = name.trim();
		}
		return call;
	}
}
