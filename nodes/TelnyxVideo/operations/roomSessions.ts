import type { Field, Operation } from '../model';
import { dateFilters } from '../model';
import { sessionListFilters } from './rooms';

const includeParticipants: Field = {
	name: 'includeParticipants',
	displayName: 'Include Participants',
	wire: 'include_participants',
	kind: 'boolean',
	default: false,
	description: 'Whether to embed the session’s participants in the output',
};

/** Who a kick, mute or unmute applies to. */
function participantAction(value: string, verb: string, past: string): Operation {
	return {
		resource: 'roomSession',
		value,
		name: verb,
		action: `${verb} participants in a live session`,
		description: `${verb} all participants of the live session with the given ID, or only the listed ones; Exclude leaves some out`,
		method: 'POST',
		path: `/room_sessions/{room_session_id}/actions/${value}`,
		target: 'roomSession',
		bodyRequired: true,
		body: [
			{
				name: 'participants',
				displayName: 'Participants',
				wire: 'participants',
				kind: 'participants',
				required: true,
				description: `Which participants are ${past}`,
			},
			{
				name: 'exclude',
				displayName: 'Exclude Participant IDs',
				wire: 'exclude',
				kind: 'uuidList',
				placeholder: 'e.g. 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0, 7b61621f-62e0-4aad-ab11-9fd19e272e73',
				description: `Comma-separated participant IDs that are not ${past}`,
			},
		],
	};
}

export const participantListFilters: Field[] = [
	{
		name: 'context',
		displayName: 'Context',
		wire: 'filter[context]',
		kind: 'string',
		placeholder: 'e.g. Alice',
		description: 'Only participants whose client context equals this value',
	},
	...dateFilters('date_joined_at', 'Joined', 'participants'),
	...dateFilters('date_left_at', 'Left', 'participants'),
	...dateFilters('date_updated_at', 'Updated', 'participants'),
];

export const roomSessionOperations: Operation[] = [
	{
		resource: 'roomSession',
		value: 'end',
		name: 'End',
		action: 'End a live session',
		description: 'End the live session with the given ID and remove everyone still in it',
		method: 'POST',
		path: '/room_sessions/{room_session_id}/actions/end',
		target: 'roomSession',
	},
	{
		resource: 'roomSession',
		value: 'get',
		name: 'Get',
		action: 'Get a session by ID',
		description: 'Get the room session with the given ID, optionally with its participants',
		method: 'GET',
		path: '/room_sessions/{room_session_id}',
		target: 'roomSession',
		query: [includeParticipants],
	},
	{
		resource: 'roomSession',
		value: 'getAll',
		name: 'Get Many',
		action: 'Get many sessions',
		description: 'List room sessions from every room, optionally only live or ended ones, of one room, or from given dates',
		method: 'GET',
		path: '/room_sessions',
		output: 'list',
		filters: sessionListFilters(true),
	},
	{
		resource: 'roomSession',
		value: 'getParticipants',
		name: 'Get Participants',
		action: 'Get participants of a session',
		description: 'List the participants who joined the session with the given ID',
		method: 'GET',
		path: '/room_sessions/{room_session_id}/participants',
		target: 'roomSession',
		output: 'list',
		filters: participantListFilters,
	},
	participantAction('kick', 'Kick', 'removed from the session'),
	participantAction('mute', 'Mute', 'muted'),
	participantAction('unmute', 'Unmute', 'unmuted'),
];
