/**
 * One field's raw parameter value to its wire value, by the field's kind: each converter accepts
 * what n8n may hand over (editor text, expressions' numbers, dates, locators) and says what is wrong.
 */
import { UUID_PATTERN } from '../shared/ids';
import type { Field } from './model';

const UUID = new RegExp(UUID_PATTERN);

/** What a converter returns instead of a value when the input is wrong. */
export class Problem {
	constructor(readonly text: string) {}
}
const problem = (text: string) => new Problem(text);

const isBlank = (value: unknown): boolean =>
	(value !== null && typeof value === 'object' && '__rl' in value && isBlank((value as unknown as { value: unknown }).value)) ||
	value === undefined ||
	value === null ||
	(typeof value === 'string' && value.trim() === '') ||
	(Array.isArray(value) && value.length === 0);

export function describe(value: unknown): string {
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
export function convert(field: Field, raw: unknown): unknown {
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
		// Read by the field's own `custom.read`, never converted here.
		custom: (value) => value,
		form: (value) => value,
	};
	const value = converters[field.kind](raw);
	if (value instanceof Problem || value === undefined) return value;
	const complaint = field.validate?.(value);
	return complaint ? problem(complaint) : value;
}
