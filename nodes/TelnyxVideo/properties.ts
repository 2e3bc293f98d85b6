/** Derives the node's editor fields from the operation table. */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { locatorProperty } from './locators';
import type { Field, LocatorKind, Operation, Resource } from './model';
import { OPERATIONS, RESOURCES } from './operations';

/** Parameter name of an operation's target record, e.g. `roomRecordingId`. */
export const targetParameter = (kind: LocatorKind) => `${kind}Id`;

/** Name of the collection holding an operation's optional body fields. */
export const bodyCollectionName = (op: Operation) => (op.value === 'update' ? 'updateFields' : 'additionalFields');

export const isListOperation = (op: Operation) => op.output === 'list';
/** Operations that read a whole list: lists, and bulk delete's dry run. */
const readsPages = (op: Operation) => op.output === 'list' || op.output === 'bulkDelete';

const byDisplayName = <T extends { displayName: string }>(a: T, b: T) => a.displayName.localeCompare(b.displayName);

/** One field as an editor property (participants need two: see `participantProperties`). */
export function fieldProperty(field: Field, extra: Partial<INodeProperties> = {}): INodeProperties {
	if (field.kind === 'locator' && field.locator) {
		return locatorProperty(field.locator, field.name, { description: field.description, ...extra });
	}
	const base = {
		displayName: field.displayName,
		name: field.name,
		description: field.description,
		...(field.placeholder ? { placeholder: field.placeholder } : {}),
		...(field.required ? { required: true } : {}),
		...(field.password ? { typeOptions: { password: true } } : {}),
	};
	switch (field.kind) {
		case 'integer':
			return {
				...base,
				type: 'number',
				default: field.default ?? field.min ?? 0,
				typeOptions: { minValue: field.min, maxValue: field.max, numberPrecision: 0 },
				...extra,
			};
		case 'boolean':
			return { ...base, type: 'boolean', default: field.default ?? false, ...extra };
		case 'date':
			return { ...base, type: 'dateTime', default: '', ...extra };
		case 'options':
			return {
				...base,
				type: 'options',
				options: [...(field.options ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
				default: field.default ?? field.options?.[0]?.value ?? '',
				...extra,
			};
		case 'json':
			return { ...base, type: 'json', default: field.default ?? '{}', ...extra };
		default:
			return { ...base, type: 'string', default: field.default ?? '', ...extra };
	}
}

/** "All participants" or a list of IDs: an options field plus the IDs it reveals. */
function participantProperties(field: Field, show: Record<string, string[]>): INodeProperties[] {
	return [
		{
			displayName: field.displayName,
			name: field.name,
			type: 'options',
			required: true,
			default: 'all',
			description: field.description,
			options: [
				{ name: 'All Participants', value: 'all' },
				{ name: 'Specific Participants', value: 'specific' },
			],
			displayOptions: { show },
		},
		{
			displayName: 'Participant IDs',
			name: `${field.name}Ids`,
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0, 7b61621f-62e0-4aad-ab11-9fd19e272e73',
			description: 'Comma-separated IDs of the participants',
			displayOptions: { show: { ...show, [field.name]: ['specific'] } },
		},
	];
}

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

/** Transport knobs every operation offers under Options. */
function transportOptions(op: Operation): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			default: 16,
			typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
			description: 'How many input items are sent to Telnyx at once',
		},
		{
			displayName: 'Max Attempts',
			name: 'maxAttempts',
			type: 'number',
			default: 4,
			typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
			description:
				'How many times a request is tried when Telnyx is briefly failing. Waiting as a rate limit (429) asks does not use up attempts (at most 2 minutes in all per request). Creates are only repeated when Telnyx cannot have acted on them.',
		},
		{
			displayName: 'Timeout',
			name: 'timeout',
			type: 'number',
			default: 30000,
			typeOptions: { minValue: 1000, numberPrecision: 0 },
			description: 'How long to wait for each attempt, in milliseconds',
		},
	];
	if (readsPages(op)) {
		options.push({
			displayName: 'Page Concurrency',
			name: 'pageConcurrency',
			type: 'number',
			default: 24,
			typeOptions: { minValue: 1, maxValue: 32, numberPrecision: 0 },
			description: 'How many pages of a long list are fetched at once',
		});
	}
	return options;
}

function operationProperties(op: Operation): INodeProperties[] {
	const show = { resource: [op.resource], operation: [op.value] };
	const properties: INodeProperties[] = [];
	if (op.target) {
		properties.push(locatorProperty(op.target, targetParameter(op.target), { displayOptions: { show } }));
	}
	for (const field of op.body?.filter((f) => f.required) ?? []) {
		if (field.kind === 'participants') properties.push(...participantProperties(field, show));
		else properties.push(fieldProperty(field, { displayOptions: { show } }));
	}
	if (isListOperation(op)) {
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
				default: 50,
				typeOptions: { minValue: 1 },
				description: 'Max number of results to return',
				displayOptions: { show: { ...show, returnAll: [false] } },
			},
		);
	}
	if (op.output === 'bulkDelete') {
		properties.push(
			{
				displayName:
					'Deletes every recording the filters select. Turn on Dry Run first to see what that is.',
				name: 'bulkDeleteNotice',
				type: 'notice',
				default: '',
				displayOptions: { show },
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: true,
				description: 'Whether to only list the recordings the filters select, without deleting anything',
				displayOptions: { show },
			},
			{
				displayName: 'Delete All Recordings If No Filter Is Set',
				name: 'confirmDeleteAll',
				type: 'boolean',
				default: false,
				description:
					'Whether to allow a run without any filter, which deletes every recording in the account',
				displayOptions: { show },
			},
		);
	}
	if (op.output === 'download') {
		properties.push({
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
			description: 'Name of the binary property the downloaded file is written to',
			displayOptions: { show },
		});
	}
	if (op.filters?.length) {
		properties.push(collection('filters', 'Filters', 'Add Filter', op.filters.map((f) => fieldProperty(f)), show));
	}
	const optionalBody = op.body?.filter((f) => !f.required) ?? [];
	if (optionalBody.length) {
		const name = bodyCollectionName(op);
		const label = name === 'updateFields' ? 'Update Fields' : 'Additional Fields';
		properties.push(collection(name, label, 'Add Field', optionalBody.map((f) => fieldProperty(f)), show));
	}
	const options = [...(op.query ?? []).map((f) => fieldProperty(f)), ...transportOptions(op)];
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
