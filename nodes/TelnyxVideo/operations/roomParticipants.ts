import type { Operation } from '../model';
import { idFilter } from '../model';
import { participantListFilters } from './roomSessions';

export const roomParticipantOperations: Operation[] = [
	{
		resource: 'roomParticipant',
		value: 'get',
		name: 'Get',
		action: 'Get a participant',
		description: 'Get one room participant by ID',
		method: 'GET',
		path: '/room_participants/{room_participant_id}',
		target: 'roomParticipant',
	},
	{
		resource: 'roomParticipant',
		value: 'getAll',
		name: 'Get Many',
		action: 'Get many participants',
		description: 'List room participants from every session, optionally filtered',
		method: 'GET',
		path: '/room_participants',
		output: 'list',
		filters: [
			...participantListFilters,
			idFilter('session_id', 'Session ID', 'participants'),
		],
	},
];
