import type { Operation } from '../model';
import { downloadSteps } from './download';
import { recordingFilters } from './filters';
import { deleteManyRecordings } from './roomRecordings.deleteMany';

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
	deleteManyRecordings,
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
		steps: downloadSteps,
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
