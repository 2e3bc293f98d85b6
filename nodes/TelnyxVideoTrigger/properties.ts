/** The trigger's editor fields. */
import type { INodeProperties } from 'n8n-workflow';

import { locatorProperty } from '../TelnyxVideo/locators';
import { ALL_EVENTS, EVENT_OPTIONS } from './events';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'A Telnyx room sends its events to one URL at a time. Activating this workflow points the chosen rooms at n8n and, when it is deactivated, gives back the URL each room had before (unless someone changed it in the meantime). While you listen for a test event, the test URL takes the rooms over from the active workflow until listening stops.',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Rooms',
		name: 'rooms',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Room',
		default: {},
		required: true,
		description: 'The rooms whose events start this workflow',
		options: [
			{
				displayName: 'Room',
				name: 'room',
				values: [
					locatorProperty('room', 'roomId', {
						description: 'A room whose events start this workflow',
					}),
				],
			},
		],
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		options: EVENT_OPTIONS,
		default: [ALL_EVENTS],
		required: true,
		description: 'The events that start this workflow; others are acknowledged and dropped',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Check Signature',
				name: 'checkSignature',
				type: 'boolean',
				default: true,
				description:
					"Whether to accept only deliveries signed with your account's key (the credential's Public Key). Turn off only for local testing: anyone who learns the URL could then start this workflow.",
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description:
					'Whether to output only the event (event_type, ID, occurred_at, payload) instead of the whole delivery body',
			},
		],
	},
];
