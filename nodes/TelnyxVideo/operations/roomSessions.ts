import type { Field, Operation } from '../model';
import { includeParticipantsInList, participantListFilters, sessionListFilters } from './filters';
import { liveSessionSteps, participantAction } from './roomSessions.actions';

const includeParticipants: Field = {
	name: 'includeParticipants',
	displayName: 'Include Participants',
	wire: 'include_participants',
	kind: 'boolean',
	default: false,
	description: 'Whether to embed the session’s participants in the output',
};

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
		steps: liveSessionSteps('end', 'End'),
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
		query: [includeParticipantsInList],
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
