/** One declared field as an editor property: the kinds of field and how the editor shows each. */
import type { INodeProperties } from 'n8n-workflow';

import { locatorProperty } from '../shared/locators';
import type { Field } from './model';

export const byDisplayName = <T extends { displayName: string }>(a: T, b: T) => a.displayName.localeCompare(b.displayName);

/** One field as an editor property (a `custom` field makes its own: see `CustomField`). */
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

/** A field, followed by the field its "Custom" choice reveals, if any. */
export function withCustomValue(field: Field): INodeProperties[] {
	if (!field.customValue) return [fieldProperty(field)];
	return [
		fieldProperty(field),
		// Checked as required when sent; n8n's lint forbids `required` inside a collection.
		fieldProperty({ ...field.customValue, required: false }, { displayOptions: { show: { [field.name]: ['custom'] } } }),
	];
}

