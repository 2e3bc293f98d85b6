/**
 * Derives the node's editor fields from the operation table: what every operation has, in the
 * same order for all. An operation's own fields come from its steps (see `OperationSteps`).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { locatorProperty } from '../shared/locators';
import type { NumberOption } from '../shared/settings';
import { CONCURRENCY, LIST_LIMIT, MAX_ATTEMPTS, PAGE_CONCURRENCY, TIMEOUT } from '../shared/settings';
import { byDisplayName, fieldProperty, withCustomValue } from './fields';
import type { Operation, Resource } from './model';
import { bodyCollectionName, clearableFields, isListOperation, readsPages, standsAlone, targetParameter } from './model';
import { OPERATIONS, RESOURCES } from './operations';

function collection(
	name: string,
	displayName: string,
	placeholder: string,
	options: INodeProperties[],
	show: Record<string, string[]>,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'collection',
		placeholder,
		default: {},
		options: [...options].sort(byDisplayName),
		displayOptions: { show },
	};
}

/** A whole-number option, its bounds and default from nodes/shared/settings. */
function numberOption(setting: NumberOption, description: string): INodeProperties {
	// Plain names: n8n's lint reads a default that is a name, not one that is a member.
	const { min: minValue, max: maxValue, default: fallback } = setting;
	return {
		displayName: setting.displayName,
		name: setting.name,
		type: 'number',
		default: fallback,
		typeOptions: setting.openInEditor ? { minValue, numberPrecision: 0 } : { minValue, maxValue, numberPrecision: 0 },
		description,
	};
}

/** Transport knobs every operation offers under Options. */
function transportOptions(op: Operation): INodeProperties[] {
	const options: INodeProperties[] = [
		numberOption(CONCURRENCY, 'How many input items are sent to Telnyx at once'),
		numberOption(
			MAX_ATTEMPTS,
			'How many times a request is tried when Telnyx is briefly failing. Waiting as a rate limit (429) asks does not use up attempts (at most 2 minutes in all per request). Creates are only repeated when Telnyx cannot have acted on them.',
		),
		numberOption(TIMEOUT, 'How long to wait for each attempt, in milliseconds'),
	];
	if (readsPages(op)) {
		options.push(numberOption(PAGE_CONCURRENCY, 'How many pages of a long list are fetched at once'));
	}
	return options;
}

function operationProperties(op: Operation): INodeProperties[] {
	const show = { resource: [op.resource], operation: [op.value] };
	const properties: INodeProperties[] = [];
	if (op.target) {
		properties.push(locatorProperty(op.target, targetParameter(op.target), { displayOptions: { show } }));
	}
	for (const field of op.body?.filter(standsAlone) ?? []) {
		if (field.custom) properties.push(...field.custom.properties(field, show));
		else properties.push(fieldProperty(field, { displayOptions: { show: { ...show, ...field.showWhen } } }));
	}
	if (isListOperation(op)) {
		const { min: minValue } = LIST_LIMIT;
		properties.push(
			{
				displayName: 'Return All',
				name: 'returnAll',
				type: 'boolean',
				default: false,
				description: 'Whether to return all results or only up to a given limit',
				displayOptions: { show },
			},
			{
				displayName: 'Limit',
				name: 'limit',
				type: 'number',
				// n8n's lint insists on the literal 50; test/unit/settings.test.ts holds it to LIST_LIMIT.
				default: 50,
				typeOptions: { minValue },
				description: 'Max number of results to return',
				displayOptions: { show: { ...show, returnAll: [false] } },
			},
		);
	}
	properties.push(...(op.steps?.properties?.(show) ?? []));
	const movedToOptions = (op.query ?? []).filter((f) => f.filtersInVersion1);
	if (op.filters?.length) {
		const filters = [
			...op.filters.map((f) => fieldProperty(f)),
			...movedToOptions.map((f) => fieldProperty(f, { displayOptions: { show: { '@version': [1] } } })),
		];
		properties.push(collection('filters', 'Filters', 'Add Filter', filters, show));
	}
	const optionalBody = op.body?.filter((f) => !standsAlone(f)) ?? [];
	if (optionalBody.length) {
		const name = bodyCollectionName(op);
		const label = name === 'updateFields' ? 'Update Fields' : 'Additional Fields';
		properties.push(collection(name, label, 'Add Field', optionalBody.flatMap(withCustomValue), show));
	}
	const clearable = clearableFields(op);
	if (clearable.length) {
		properties.push({
			displayName: 'Clear Fields',
			name: 'clearFields',
			type: 'multiOptions',
			default: [],
			options: clearable
				.map((f) => ({ name: f.displayName, value: f.name }))
				.sort((a, b) => a.name.localeCompare(b.name)),
			description:
				'Settings to remove (sent as null, so no value is kept). A field left blank under Update Fields is kept as it is.',
			displayOptions: { show },
		});
	}
	const fromVersion2 = { show: { '@version': [{ _cnd: { gte: 2 } }] } };
	const options = [
		...(op.query ?? []).map((f) => fieldProperty(f, f.filtersInVersion1 ? { displayOptions: fromVersion2 } : {})),
		...transportOptions(op),
	];
	properties.push(collection('options', 'Options', 'Add Option', options, show));
	return properties;
}

function operationSelector(resource: Resource): INodeProperties {
	const operations = OPERATIONS.filter((op) => op.resource === resource);
	const options: INodePropertyOptions[] = operations
		.map((op) => ({ name: op.name, value: op.value, action: op.action, description: op.description }))
		.sort((a, b) => a.name.localeCompare(b.name));
	const preferred = operations.find((op) => op.value === 'get') ?? operations[0];
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		// A template literal because the lint rule cannot read a member expression as a default.
		default: `${preferred.value}`,
		displayOptions: { show: { resource: [resource] } },
		options,
	};
}

/** What the canvas shows under a node of each resource, one record and many. */
const RESOURCE_NOUNS: Record<Resource, [string, string]> = {
	room: ['Room', 'Rooms'],
	roomSession: ['Session', 'Sessions'],
	roomParticipant: ['Participant', 'Participants'],
	roomRecording: ['Recording', 'Recordings'],
	roomComposition: ['Composition', 'Compositions'],
	clientToken: ['Client Token', 'Client Tokens'],
};

/** The canvas subtitle, e.g. "Get Many: Recordings": a lookup from resource and operation to words. */
export function subtitleExpression(): string {
	const labels = Object.fromEntries(
		OPERATIONS.map((op) => {
			const [one, many] = RESOURCE_NOUNS[op.resource];
			const noun = readsPages(op) && op.target === undefined ? many : one;
			return [`${op.resource}.${op.value}`, `${op.name}: ${noun}`];
		}),
	);
	const key = '$parameter["resource"] + "." + $parameter["operation"]';
	return `={{ (${JSON.stringify(labels)})[${key}] || ${key} }}`;
}

export function buildNodeProperties(): INodeProperties[] {
	const resources = [...RESOURCES].sort((a, b) => a.name.localeCompare(b.name));
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources,
			default: 'room',
		},
		...resources.map((resource) => operationSelector(resource.value)),
		...OPERATIONS.flatMap(operationProperties),
	];
}
