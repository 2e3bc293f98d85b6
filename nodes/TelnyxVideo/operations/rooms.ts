import type { Field, Operation } from '../model';
import { dateFilters, idFilter } from '../model';
import { webhookFields } from './sharedFields';

const includeSessions: Field = {
	name: 'includeSessions',
	displayName: 'Include Sessions',
	wire: 'include_sessions',
	kind: 'boolean',
	default: false,
	description: 'Whether to embed each room’s sessions in the output',
};

/** On session lists; not a filter but a shape of the answer, so under Options as on Get. */
export const sessionsIncludeParticipants: Field = {
	name: 'includeParticipants',
	displayName: 'Include Participants',
	wire: 'include_participants',
	kind: 'boolean',
	default: false,
	description: 'Whether to embed each session’s participants in the output',
};

const roomFields: Field[] = [
	{
		name: 'uniqueName',
		displayName: 'Unique Name',
		wire: 'unique_name',
		kind: 'string',
		placeholder: 'e.g. weekly-standup',
		description: 'A name for the room, unique within the account',
	},
	{
		name: 'maxParticipants',
		displayName: 'Max Participants',
		wire: 'max_participants',
		kind: 'integer',
		min: 2,
		max: 50,
		default: 10,
		description: 'How many participants may be in the room at once (2–50); further joins are refused',
	},
	{
		name: 'enableRecording',
		displayName: 'Enable Recording',
		wire: 'enable_recording',
		kind: 'boolean',
		default: false,
		description: 'Whether participants’ audio and video are recorded',
	},
	...webhookFields('room events'),
];

export const roomOperations: Operation[] = [
	{
		resource: 'room',
		value: 'create',
		name: 'Create',
		action: 'Create a video room',
		description: 'Create a video room that participants join with a client token; every field is optional, and a unique name must not be in use yet',
		method: 'POST',
		path: '/rooms',
		body: roomFields,
		bodyRequired: true,
	},
	{
		resource: 'room',
		value: 'delete',
		name: 'Delete',
		action: 'Delete a room by ID',
		description: 'Delete the room with the given ID; anyone in it is removed and it can no longer be joined',
		method: 'DELETE',
		path: '/rooms/{room_id}',
		target: 'room',
		output: 'deleted',
	},
	{
		resource: 'room',
		value: 'get',
		name: 'Get',
		action: 'Get a room by ID',
		description: 'Get the room with the given ID, optionally with its sessions',
		method: 'GET',
		path: '/rooms/{room_id}',
		target: 'room',
		query: [includeSessions],
	},
	{
		resource: 'room',
		value: 'getAll',
		name: 'Get Many',
		action: 'Get many rooms',
		description: 'List rooms, optionally only the one with a given unique name or those created or updated on given dates',
		method: 'GET',
		path: '/rooms',
		output: 'list',
		filters: [
			{
				name: 'uniqueName',
				displayName: 'Unique Name',
				wire: 'filter[unique_name]',
				kind: 'string',
				placeholder: 'e.g. weekly-standup',
				description: 'Only the room with this unique name',
			},
			...dateFilters('date_created_at', 'Created', 'rooms'),
			...dateFilters('date_updated_at', 'Updated', 'rooms'),
		],
		query: [includeSessions],
	},
	{
		resource: 'room',
		value: 'getSessions',
		name: 'Get Sessions',
		action: 'Get sessions of a room',
		description: 'List the sessions (meetings) held in the room with the given ID',
		method: 'GET',
		path: '/rooms/{room_id}/sessions',
		target: 'room',
		output: 'list',
		filters: sessionListFilters(false),
		query: [sessionsIncludeParticipants],
	},
	{
		resource: 'room',
		value: 'update',
		name: 'Update',
		action: 'Update the settings of a room',
		description: 'Change the name, capacity, recording or webhook settings of the room with the given ID',
		method: 'PATCH',
		path: '/rooms/{room_id}',
		target: 'room',
		body: roomFields,
		bodyRequired: true,
	},
];

/** Filters shared by the two session lists; the global one can also filter by room. */
export function sessionListFilters(withRoom: boolean): Field[] {
	const room = withRoom ? [idFilter('room_id', 'Room ID', 'sessions')] : [];
	return [
		{
			name: 'active',
			displayName: 'Active',
			wire: 'filter[active]',
			kind: 'boolean',
			default: true,
			description: 'Whether to list only live sessions (on) or only ended ones (off)',
		},
		...dateFilters('date_created_at', 'Created', 'sessions'),
		...dateFilters('date_updated_at', 'Updated', 'sessions'),
		...dateFilters('date_ended_at', 'Ended', 'sessions'),
		...room,
	];
}
