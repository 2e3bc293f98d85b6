import type { Field, Operation } from '../model';
import { choiceFilter, dateFilters, idFilter } from '../model';

/** The list and the bulk delete select recordings with the same filters. */
export const recordingFilters: Field[] = [
	...dateFilters('date_started_at', 'Started', 'recordings'),
	...dateFilters('date_ended_at', 'Ended', 'recordings'),
	idFilter('room_id', 'Room ID', 'recordings'),
	idFilter('session_id', 'Session ID', 'recordings'),
	idFilter('participant_id', 'Participant ID', 'recordings'),
	choiceFilter('status', 'Status', 'Only recordings in this state', ['completed', 'processing']),
	choiceFilter('type', 'Type', 'Only audio or only video recordings', ['audio', 'video'], 'video'),
	{
		name: 'minDurationSecs',
		displayName: 'Min Duration (Seconds)',
		wire: 'filter[duration_secs]',
		kind: 'integer',
		min: 0,
		// Empty until typed: a default of 0 would select every recording.
		startsEmpty: true,
		placeholder: 'e.g. 300',
		description: 'Only recordings at least this long',
	},
];

export const roomRecordingOperations: Operation[] = [
	{
		resource: 'roomRecording',
		value: 'delete',
		name: 'Delete',
		action: 'Delete a recording by ID',
		description: 'Delete the recording with the given ID',
		method: 'DELETE',
		path: '/room_recordings/{room_recording_id}',
		target: 'roomRecording',
		output: 'deleted',
	},
	{
		resource: 'roomRecording',
		value: 'deleteMany',
		name: 'Delete Many',
		action: 'Delete many recordings by filter',
		description: 'Delete every recording the filters select; Dry Run (on by default) lists them and deletes nothing',
		method: 'DELETE',
		path: '/room_recordings',
		filters: recordingFilters,
		output: 'bulkDelete',
	},
	{
		resource: 'roomRecording',
		value: 'download',
		name: 'Download',
		action: 'Download a recording file',
		description: 'Download the media file of the recording with the given ID as binary data, ready for storage nodes',
		method: 'GET',
		path: '/room_recordings/{room_recording_id}',
		target: 'roomRecording',
		output: 'download',
	},
	{
		resource: 'roomRecording',
		value: 'get',
		name: 'Get',
		action: 'Get a recording by ID',
		description: 'Get the recording with the given ID, including its download URL',
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
