import type { Field, Operation } from '../model';
import { dateFilters } from '../model';

const uuidFilter = (name: string, label: string, wire: string): Field => ({
	name,
	displayName: label,
	wire,
	kind: 'uuid',
	placeholder: 'e.g. 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0',
	description: `Only recordings with this ${label.toLowerCase()}`,
});

/** The list and the bulk delete select recordings with the same filters. */
export const recordingFilters: Field[] = [
	...dateFilters('date_started_at', 'Started', 'recordings'),
	...dateFilters('date_ended_at', 'Ended', 'recordings'),
	uuidFilter('roomId', 'Room ID', 'filter[room_id]'),
	uuidFilter('sessionId', 'Session ID', 'filter[session_id]'),
	uuidFilter('participantId', 'Participant ID', 'filter[participant_id]'),
	{
		name: 'status',
		displayName: 'Status',
		wire: 'filter[status]',
		kind: 'options',
		default: 'completed',
		options: [
			{ name: 'Completed', value: 'completed' },
			{ name: 'Processing', value: 'processing' },
		],
		description: 'Only recordings in this state',
	},
	{
		name: 'type',
		displayName: 'Type',
		wire: 'filter[type]',
		kind: 'options',
		default: 'video',
		options: [
			{ name: 'Audio', value: 'audio' },
			{ name: 'Video', value: 'video' },
		],
		description: 'Only audio or only video recordings',
	},
	{
		name: 'minDurationSecs',
		displayName: 'Min Duration (Seconds)',
		wire: 'filter[duration_secs]',
		kind: 'integer',
		min: 0,
		default: 0,
		description: 'Only recordings at least this long',
	},
];

export const roomRecordingOperations: Operation[] = [
	{
		resource: 'roomRecording',
		value: 'delete',
		name: 'Delete',
		action: 'Delete a recording',
		description: 'Delete one recording by ID',
		method: 'DELETE',
		path: '/room_recordings/{room_recording_id}',
		target: 'roomRecording',
		output: 'deleted',
	},
	{
		resource: 'roomRecording',
		value: 'deleteMany',
		name: 'Delete Many',
		action: 'Delete many recordings',
		description: 'Delete every recording the filters select; Dry Run shows what would go first',
		method: 'DELETE',
		path: '/room_recordings',
		filters: recordingFilters,
		output: 'bulkDelete',
	},
	{
		resource: 'roomRecording',
		value: 'download',
		name: 'Download',
		action: 'Download a recording',
		description: 'Download a recording’s media file as binary data, ready for storage nodes',
		method: 'GET',
		path: '/room_recordings/{room_recording_id}',
		target: 'roomRecording',
		output: 'download',
	},
	{
		resource: 'roomRecording',
		value: 'get',
		name: 'Get',
		action: 'Get a recording',
		description: 'Get one recording by ID, including its download URL',
		method: 'GET',
		path: '/room_recordings/{room_recording_id}',
		target: 'roomRecording',
	},
	{
		resource: 'roomRecording',
		value: 'getAll',
		name: 'Get Many',
		action: 'Get many recordings',
		description: 'List recordings, optionally filtered by dates, room, session, participant, status, type or length',
		method: 'GET',
		path: '/room_recordings',
		output: 'list',
		filters: recordingFilters,
	},
];
