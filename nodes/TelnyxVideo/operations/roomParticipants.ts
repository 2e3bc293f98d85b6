import type { Operation } from '../model';
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
		description: 'List room participants across all sessions, optionally filtered',
		method: 'GET',
		path: '/room_participants',
		output: 'list',
		filters: [
			...participantListFilters,
			{
				name: 'sessionId',
				displayName: 'Session ID',
				wire: 'filter[session_id]',
				kind: 'uuid',
				placeholder: 'e.g. 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0',
				description: 'Only participants of this session',
			},
		],
	},
];
