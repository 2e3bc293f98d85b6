/**
 * Turns one item's parameters into a checked Telnyx request, following the operation's
 * declaration: what every operation has here, what one operation has in its own `prepare` step.
 * Every problem that can be known locally is reported, naming the field, before anything is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { NumberOption } from '../shared/settings';
import { CONCURRENCY, LIST_LIMIT, MAX_ATTEMPTS, PAGE_CONCURRENCY, TIMEOUT } from '../shared/settings';
import type { TelnyxRequest, TransportSettings } from '../shared/transport';
import { Problem, convert, describe } from './convert';
import type { Field, ItemParameters, Operation } from './model';
import { bodyCollectionName, clearableFields, isListOperation, standsAlone, targetParameter } from './model';

export interface PreparedCall {
	request: TelnyxRequest;
	/** ID of the record the path names, if any. */
	targetId?: string;
	/** For lists: how many records; `undefined` means all. */
	limit?: number;
	transport: Partial<TransportSettings> & { concurrency: number };
	/** What the operation's own `prepare` step read, handed to its `run` step. */
	own?: unknown;
}

export class CallBuilder implements ItemParameters {
	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly op: Operation,
		readonly itemIndex: number,
	) {}

	fail(label: string, problem: string, description?: string): NodeOperationError {
		return new NodeOperationError(this.ctx.getNode(), `${label} ${problem}`, {
			itemIndex: this.itemIndex,
			description,
		});
	}

	convertField(field: Field, raw: unknown, where?: string): unknown {
		const value = convert(field, raw);
		if (!(value instanceof Problem)) return value;
		const label = where ? `${where} › ${field.displayName}` : field.displayName;
		throw this.fail(`${label}:`, value.text, field.description || undefined);
	}

	parameter(name: string, fallback?: unknown, extractValue = false): unknown {
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

	/** Whether a field with `showWhen` is shown (and so sent) for this item. */
	private shown(field: Field): boolean {
		return Object.entries(field.showWhen ?? {}).every(([name, values]) => values.includes(String(this.parameter(name))));
	}

	private body(): IDataObject | undefined {
		const { op } = this;
		if (!op.body) return op.bodyRequired ? {} : undefined;
		const body: IDataObject = {};
		for (const field of op.body.filter((f) => standsAlone(f) && this.shown(f))) {
			const value = field.custom
				? field.custom.read(field, this)
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
		const integer = ({ name, displayName, min, max, default: fallback }: NumberOption) =>
			name in options
				? (this.convertField(
						{ name, displayName, wire: name, kind: 'integer', min, max, description: '' },
						options[name],
						'Options',
					) as number)
				: fallback;
		return {
			concurrency: integer(CONCURRENCY),
			maxAttempts: integer(MAX_ATTEMPTS),
			timeoutMs: integer(TIMEOUT),
			pageConcurrency: integer(PAGE_CONCURRENCY),
			itemIndex: this.itemIndex,
		};
	}

	build(): PreparedCall {
		const { op } = this;
		const { path, targetId } = this.path();
		const options = this.collection('options');
		const filters = this.collection('filters');
		const qs: IDataObject = {
			...this.fieldsFrom(op.query ?? [], options, 'Options'),
			...(op.filters ? this.fieldsFrom(op.filters, filters, 'Filters') : {}),
			// A workflow saved at node version 1 has these under Filters (see `filtersInVersion1`).
			...this.fieldsFrom(
				(op.query ?? []).filter((f) => f.filtersInVersion1 && !(f.name in options)),
				filters,
				'Filters',
			),
		};
		const call: PreparedCall = {
			request: { method: op.method, path, qs, body: this.body() },
			targetId,
			transport: this.transport(options),
		};
		if (isListOperation(op)) {
			const returnAll = this.convertField(
				{ name: 'returnAll', displayName: 'Return All', wire: '', kind: 'boolean', description: '' },
				this.parameter('returnAll', false),
			);
			if (!returnAll) {
				call.limit = this.convertField(
					{ name: 'limit', displayName: 'Limit', wire: '', kind: 'integer', min: LIST_LIMIT.min, description: '' },
					this.parameter('limit', LIST_LIMIT.default),
				) as number;
			}
		}
		if (op.steps?.prepare) call.own = op.steps.prepare(this, call);
		return call;
	}
}
