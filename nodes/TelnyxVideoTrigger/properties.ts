/** The trigger's editor fields. */
import type { INodeProperties } from 'n8n-workflow';

import { roomsProperty } from '../shared/rooms';
import { ALL_EVENTS, EVENT_OPTIONS } from './events';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'Activating points each chosen room’s Webhook Event URL at this workflow; deactivating hands it back. Needs the Public Key in the credential (Options → Check Signature).',
		name: 'notice',
		type: 'notice',
		default: '',
	},
	roomsProperty({
		required: true,
		description:
			'The rooms whose events start this workflow. A room sends its events to one URL at a time: the URL it had before is kept in this workflow’s URL (after "?previous=") and restored on deactivation, even after n8n was stopped. A room that sends to another n8n workflow is refused unless Options → Take Over Rooms From Other Workflows is on. Composition Completed goes to the URL given on Composition → Create: paste this trigger’s production URL there.',
		// Every delivery would re-run the regex; activation checks the IDs instead.
		regexCheck: false,
	}),
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
				displayName: 'Take Over Rooms From Other Workflows',
				name: 'takeOver',
				type: 'boolean',
				default: false,
				description:
					'Whether to take a room whose events go to another n8n workflow. That workflow stops receiving them until this one is deactivated; the room then goes back to it, or to the URL it had before if that workflow is gone by then.',
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
