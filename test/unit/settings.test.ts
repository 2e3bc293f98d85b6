/**
 * Each transport default and limit is declared once, in nodes/shared/settings.ts: the editor's
 * Options of every operation, the per-item check of those options, and the transport's own
 * defaults all follow it.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DEFAULT_TRANSPORT } from '../../nodes/shared/transport';
import type { NumberOption } from '../../nodes/shared/settings';
import {
	CONCURRENCY,
	LIST_LIMIT,
	MAX_ATTEMPTS,
	MAX_RETRY_WAIT_MS,
	PAGE_CONCURRENCY,
	TIMEOUT,
} from '../../nodes/shared/settings';
import { findOperation, OPERATIONS } from '../../nodes/TelnyxVideo/operations';
import { CallBuilder } from '../../nodes/TelnyxVideo/request';
import { TelnyxVideo } from '../../nodes/TelnyxVideo/TelnyxVideo.node';

const properties = new TelnyxVideo().description.properties as INodeProperties[];
const shownFor = (p: INodeProperties, resource: string, operation: string) =>
	p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation);
const optionsOf = (resource: string, operation: string) =>
	(properties.find((p) => p.name === 'options' && shownFor(p, resource, operation))?.options ?? []) as INodeProperties[];

/** A CallBuilder for one item whose parameters are `values` (everything else at its fallback). */
function builder(resource: string, operation: string, values: Record<string, unknown>) {
	const op = findOperation(resource, operation);
	if (!op) throw new Error(`no ${resource}.${operation}`);
	const ctx = {
		getNode: () => ({ name: 'Telnyx Video', type: 'telnyxVideo', typeVersion: 1, parameters: {} }),
		getNodeParameter: (name: string, _item: number, fallback: unknown) => (name in values ? values[name] : fallback),
	} as unknown as IExecuteFunctions;
	return new CallBuilder(ctx, op, 0);
}

describe('transport settings, declared once', () => {
	const settings: NumberOption[] = [CONCURRENCY, MAX_ATTEMPTS, TIMEOUT, PAGE_CONCURRENCY];

	it.each(OPERATIONS.map((op) => [`${op.resource}.${op.value}`, op.resource, op.value]))(
		'%s offers the options with the declared default and bounds',
		(_, resource, operation) => {
			const options = optionsOf(resource, operation);
			expect(options.length).toBeGreaterThanOrEqual(3);
			for (const setting of settings) {
				const option = options.find((o) => o.name === setting.name);
				if (setting === PAGE_CONCURRENCY && !option) continue;
				expect(option).toMatchObject({ displayName: setting.displayName, type: 'number', default: setting.default });
				expect(option?.typeOptions?.minValue).toBe(setting.min);
				expect(option?.typeOptions?.maxValue).toBe(setting.openInEditor ? undefined : setting.max);
			}
		},
	);

	it('offers Page Concurrency exactly where whole lists are read (lists and Delete Many)', () => {
		const withPages = OPERATIONS.filter((op) => optionsOf(op.resource, op.value).some((o) => o.name === 'pageConcurrency'));
		const expected = OPERATIONS.filter((op) => op.output === 'list' || op.value === 'deleteMany');
		expect(withPages.map((op) => `${op.resource}.${op.value}`)).toEqual(expected.map((op) => `${op.resource}.${op.value}`));
		expect(withPages.length).toBeGreaterThan(5);
	});

	it("gives every list's Limit the declared default and minimum", () => {
		const limits = properties.filter((p) => p.name === 'limit');
		expect(limits.length).toBe(OPERATIONS.filter((op) => op.output === 'list').length);
		for (const limit of limits) {
			expect(limit.default).toBe(LIST_LIMIT.default);
			expect(limit.typeOptions?.minValue).toBe(LIST_LIMIT.min);
		}
	});

	it('derives the transport defaults from the same declarations', () => {
		expect(DEFAULT_TRANSPORT).toEqual({
			maxAttempts: MAX_ATTEMPTS.default,
			timeoutMs: TIMEOUT.default,
			maxRetryWaitMs: MAX_RETRY_WAIT_MS,
			pageConcurrency: PAGE_CONCURRENCY.default,
		});
	});

	it('uses the declared defaults for an item that sets no option', () => {
		const call = builder('room', 'getAll', { returnAll: false });
		expect(call.build()).toMatchObject({
			limit: LIST_LIMIT.default,
			transport: {
				concurrency: CONCURRENCY.default,
				maxAttempts: MAX_ATTEMPTS.default,
				timeoutMs: TIMEOUT.default,
				pageConcurrency: PAGE_CONCURRENCY.default,
			},
		});
	});

	it.each(settings.map((s) => [s.displayName, s]))(
		'accepts %s at its declared bounds and refuses one beyond, naming the option',
		(_, setting) => {
			const withValue = (value: number) => builder('room', 'getAll', { options: { [setting.name]: value } }).build();
			expect(withValue(setting.min).transport).toBeDefined();
			expect(withValue(setting.max).transport).toBeDefined();
			const range = `must be between ${setting.min} and ${setting.max}`;
			expect(() => withValue(setting.max + 1)).toThrow(`Options › ${setting.displayName}: ${range}, got ${setting.max + 1}`);
			expect(() => withValue(setting.min - 1)).toThrow(`Options › ${setting.displayName}: ${range}, got ${setting.min - 1}`);
		},
	);
});
