/** The poll trigger's editor fields (n8n adds Poll Times itself). */
import type { INodeProperties } from 'n8n-workflow';

import { roomsProperty } from '../shared/rooms';
import { EVENT_OPTIONS } from './events';
import { DEFAULT_LOOKBACK_DAYS, MAX_LOOKBACK_DAYS } from './poll';

export const pollTriggerProperties: INodeProperties[] = [
	{
		displayName:
			'Checks Telnyx on the schedule below and starts the workflow once for each new record, in the order the events happened. Needs no public URL; the Telnyx Video Trigger reacts at once but needs Telnyx to reach n8n.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		options: EVENT_OPTIONS,
		default: 'video.room.recording.completed',
		required: true,
		description: 'The event that starts this workflow',
	},
	roomsProperty({
		required: false,
		description: 'Only events in these rooms start this workflow. None: every room.',
		regexCheck: true,
	}),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Lookback (Days)',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: MAX_LOOKBACK_DAYS },
				default: DEFAULT_LOOKBACK_DAYS,
				description:
					'How many days before the last check each check looks again, so that records Telnyx lists late (a recording still processing) are not missed. More days cost more requests per check.',
			},
			{
				displayName: 'Start From',
				name: 'startFrom',
				type: 'dateTime',
				default: '',
				description:
					'Also emit the events since this date when the workflow is first activated (a backfill). Empty: only events from activation on.',
			},
		],
	},
];
