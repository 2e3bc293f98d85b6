import type { Operation } from '../model';
import { idFilter, participantListFilters } from './filters';

export const roomParticipantOperations: Operation[] = [
	{
		resource: 'roomParticipant',
		value: 'get',
		name: 'Get',
		action: 'Get a participant by ID',
		description: 'Get the room participant with the given ID',
		method: 'GET',
		path: '/room_participants/{room_participant_id}',
		target: 'roomParticipant',
	},
	{
		resource: 'roomParticipant',
		value: 'getAll',
		name: 'Get Many',
		action: 'Get many participants',
		description: 'List room participants from every session, optionally of one session, by context or from given dates',
		method: 'GET',
		path: '/room_participants',
		output: 'list',
		filters: [
			...participantListFilters,
			idFilter('session_id', 'Session ID', 'participants'),
		],
	},
];
