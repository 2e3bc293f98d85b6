import type { IDataObject } from 'n8n-workflow';

import type { Operation } from '../model';
import { choiceFilter, dateFilters, idFilter } from '../model';
import { webhookFields } from './sharedFields';
import { checkResolution, checkVideoLayout } from './compositionLayout';

export const roomCompositionOperations: Operation[] = [
	{
		resource: 'roomComposition',
		value: 'create',
		name: 'Create',
		action: 'Create a composition of a session',
		description: 'Start composing the recordings of the session with the given ID into one video file, which Telnyx processes in the background',
		method: 'POST',
		path: '/room_compositions',
		bodyRequired: true,
		body: [
			{
				name: 'sessionId',
				displayName: 'Room Session',
				wire: 'session_id',
				kind: 'locator',
				locator: 'roomSession',
				required: true,
				description: 'The session whose recordings are composed',
			},
			{
				name: 'resolution',
				displayName: 'Resolution',
				wire: 'resolution',
				kind: 'string',
				default: '1280x720',
				placeholder: 'e.g. 1280x720',
				description: 'WIDTHxHEIGHT of the output; each side 16–1280 pixels and at most 1280×720 in area',
				validate: checkResolution,
			},
			{
				name: 'format',
				displayName: 'Format',
				wire: 'format',
				kind: 'options',
				default: 'mp4',
				options: [{ name: 'MP4', value: 'mp4' }],
				description: 'Container format of the composition',
			},
			{
				name: 'videoLayout',
				displayName: 'Video Layout (JSON)',
				wire: 'video_layout',
				kind: 'json',
				default: JSON.stringify(
					{ main: { x_pos: 0, y_pos: 0, z_pos: 0, width: 1280, height: 720, video_sources: ['*'] } } as IDataObject,
					null,
					2,
				),
				description:
					'Regions of the output by name, each with x_pos, y_pos, z_pos (-99–99), width and height (≥16), max_columns and max_rows (1–1000) and video_sources (recording IDs, or "*" for all)',
				validate: checkVideoLayout,
			},
			...webhookFields('the composition’s completion event'),
		],
	},
	{
		resource: 'roomComposition',
		value: 'delete',
		name: 'Delete',
		action: 'Delete a composition by ID',
		description: 'Delete the composition with the given ID',
		method: 'DELETE',
		path: '/room_compositions/{room_composition_id}',
		target: 'roomComposition',
		output: 'deleted',
	},
	{
		resource: 'roomComposition',
		value: 'download',
		name: 'Download',
		action: 'Download a composition file',
		description: 'Download the video file of the completed composition with the given ID as binary data, ready for storage nodes',
		method: 'GET',
		path: '/room_compositions/{room_composition_id}',
		target: 'roomComposition',
		output: 'download',
	},
	{
		resource: 'roomComposition',
		value: 'get',
		name: 'Get',
		action: 'Get a composition by ID',
		description: 'Get the composition with the given ID, including its status and download URL',
		method: 'GET',
		path: '/room_compositions/{room_composition_id}',
		target: 'roomComposition',
	},
	{
		resource: 'roomComposition',
		value: 'getAll',
		name: 'Get Many',
		action: 'Get many compositions',
		description: 'List compositions, optionally filtered by session, status or creation date',
		method: 'GET',
		path: '/room_compositions',
		output: 'list',
		filters: [
			...dateFilters('date_created_at', 'Created', 'compositions'),
			idFilter('session_id', 'Session ID', 'compositions'),
			choiceFilter('status', 'Status', 'Only compositions in this state', ['completed', 'enqueued', 'processing']),
		],
	},
];
