/** The Rooms list both triggers offer: its editor property, and the room IDs read back from it. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { locatorProperty } from './locators';

/**
 * The room picker without the editor's UUID regex: n8n re-checks a regex in a VM with a timeout
 * before every execution, which for a trigger is every delivery (about 8 ms each under load).
 * Activation checks each ID is a UUID instead, with a clear error (TelnyxVideoTrigger/activationInput).
 */
function withoutRegexCheck(property: INodeProperties): INodeProperties {
	const modes = property.modes?.map((mode) => {
		const copy = { ...mode };
		delete copy.validation;
		return copy;
	});
	return { ...property, modes };
}

export interface RoomsPropertyOptions {
	/** Whether at least one room must be chosen. */
	required: boolean;
	description: string;
	/** Whether the editor checks a typed ID with a regex (see `withoutRegexCheck` for why a webhook trigger does not). */
	regexCheck: boolean;
}

/** A list of rooms, each picked from a list or entered by ID, under the parameter `rooms`. */
export function roomsProperty({ required, description, regexCheck }: RoomsPropertyOptions): INodeProperties {
	const room = locatorProperty('room', 'roomId', {
		description: 'A room whose events start this workflow',
	});
	return {
		displayName: 'Rooms',
		name: 'rooms',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Room',
		default: {},
		...(required ? { required } : {}),
		description,
		options: [
			{
				displayName: 'Room',
				name: 'room',
				values: [regexCheck ? room : withoutRegexCheck(room)],
			},
		],
	};
}

function locatorValue(value: unknown): string {
	if (value !== null && typeof value === 'object') return String((value as IDataObject).value ?? '').trim();
	return String(value ?? '').trim();
}

/** What each entry of the `rooms` parameter holds, trimmed, empty entries left out; not yet checked to be IDs. */
export function chosenRoomValues(rooms: unknown): string[] {
	const collection = rooms as IDataObject | undefined;
	const entries = Array.isArray(collection?.room) ? (collection.room as IDataObject[]) : [];
	return entries.map((entry) => locatorValue(entry?.roomId)).filter((value) => value !== '');
}
