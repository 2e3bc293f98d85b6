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
/** Fields an Update can remove (sent as null), offered under Clear Fields. */
export const clearableFields = (op: Operation) => (op.value === 'update' ? (op.body ?? []).filter((f) => f.nullable) : []);

/** Body fields shown on their own rather than in Additional / Update Fields. */
export const standsAlone = (field: Field) => Boolean(field.required || field.showWhen);

/** Operations that read a whole list: lists, and bulk delete's dry run. */
const readsPages = (op: Operation) => op.output === 'list' || op.output === 'bulkDelete';

const byDisplayName = <T extends { displayName: string }>(a: T, b: T) => a.displayName.localeCompare(b.displayName);

/** One field as an editor property (participants need two: see `participantProperties`). */
export function fieldProperty(field: Field, extra: Partial<INodeProperties> = {}): INodeProperties {
	if (field.kind === 'locator' && field.locator) {
		const { required, ...locator } = locatorProperty(field.locator, field.name, {
			displayName: field.displayName,
			description: field.description,
			...extra,
		});
		// A filter picker is optional; n8n's lint wants `required` left out rather than false.
		return field.required ? { ...locator, required } : locator;
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
			if (field.startsEmpty) return { ...base, type: 'string', default: '', ...extra };
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
		case 'form':
			return { ...base, ...(field.property as Omit<INodeProperties, 'name' | 'displayName'>), ...extra };
		case 'uuidList':
			if (!field.loadOptions) return { ...base, type: 'string', default: '', ...extra };
			return {
				...base,
				description: `${field.description}. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
				type: 'multiOptions',
				default: [],
				typeOptions: {
					loadOptionsMethod: field.loadOptions.method,
					loadOptionsDependsOn: field.loadOptions.dependsOn,
				},
				...extra,
			};
		default:
			return { ...base, type: 'string', default: field.default ?? '', ...extra };
	}
}

/** The list of IDs "Specific Participants" reveals. */
export const participantIdsField = (field: Field): Field => ({
	...field,
	name: `${field.name}Ids`,
	displayName: 'Participant Names or IDs',
	kind: 'uuidList',
	description: 'The participants',
});

/** A field, followed by the field its "Custom" choice reveals, if any. */
function withCustomValue(field: Field): INodeProperties[] {
	if (!field.customValue) return [fieldProperty(field)];
	return [
		fieldProperty(field),
		// Checked as required when sent; n8n's lint forbids `required` inside a collection.
		fieldProperty({ ...field.customValue, required: false }, { displayOptions: { show: { [field.name]: ['custom'] } } }),
	];
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
		fieldProperty(participantIdsField(field), { displayOptions: { show: { ...show, [field.name]: ['specific'] } } }),
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
	for (const field of op.body?.filter(standsAlone) ?? []) {
		if (field.kind === 'participants') properties.push(...participantProperties(field, show));
		else properties.push(fieldProperty(field, { displayOptions: { show: { ...show, ...field.showWhen } } }));
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
				displayName: 'Dry Run is on: lists the recordings the filters select, one item each, and deletes nothing',
				name: 'dryRunNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { ...show, dryRun: [true] } },
			},
			{
				displayName:
					'Deletes every recording the filters select. Refused if they select every recording, unless Allow Deleting Every Recording is on.',
				name: 'bulkDeleteNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { ...show, dryRun: [false] } },
			},
			{
				displayName: 'Dry Run',
				name: 'dryRun',
				type: 'boolean',
				default: true,
				description: 'Whether to only list the recordings the filters select, deleting nothing',
				displayOptions: { show },
			},
			{
				displayName: 'Allow Deleting Every Recording',
				name: 'confirmDeleteAll',
				type: 'boolean',
				default: false,
				description: 'Whether to allow deleting every recording in the account: with no filter, or filters that select them all',
				displayOptions: { show: { ...show, dryRun: [false] } },
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
