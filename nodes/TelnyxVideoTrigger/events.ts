/**
 * The room events Telnyx documents (API reference §8.2) and how a delivery becomes an item.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

export const ALL_EVENTS = '*';

/** Sorted by name, as the editor lists them. */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'All Events',
		value: ALL_EVENTS,
		description: 'Every room event, including types Telnyx adds later',
	},
	{
		name: 'Composition Completed',
		value: 'video.room.composition.completed',
		description:
			'A composition is ready to download. Telnyx sends it to the composition\'s own Webhook Event URL: paste this trigger\'s URL there on Composition → Create.',
	},
	{
		name: 'Participant Joined',
		value: 'video.room.participant.joined',
		description: 'Someone joined a room session',
	},
	{
		name: 'Participant Left',
		value: 'video.room.participant.left',
		description: 'Someone left a room session, or was kicked',
	},
	{
		name: 'Recording Completed',
		value: 'video.room.recording.completed',
		description: 'A participant recording finished and can be downloaded',
	},
	{
		name: 'Recording Started',
		value: 'video.room.recording.started',
		description: 'Recording of a participant started',
	},
	{
		name: 'Session Ended',
		value: 'video.room.session.ended',
		description: 'The last participant left, or the session was ended',
	},
	{
		name: 'Session Started',
		value: 'video.room.session.started',
		description: 'The first participant joined and a session began',
	},
];

/** Whether an event type is among those chosen. "All Events" lets any type through. */
export function isSelected(eventType: string, selected: string[]): boolean {
	return selected.includes(ALL_EVENTS) || selected.includes(eventType);
}

/** The Telnyx envelope: `{ data: { record_type, event_type, id, occurred_at, payload }, meta? }`. */
export interface TelnyxEvent {
	body: IDataObject;
	data: IDataObject;
	eventType: string;
}

/** Reads the envelope of a parsed body; `undefined` when it is not a Telnyx event at all. */
export function readEvent(body: unknown): TelnyxEvent | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const data = (body as IDataObject).data;
	if (data === null || typeof data !== 'object' || Array.isArray(data)) return undefined;
	const eventType = (data as IDataObject).event_type;
	if (typeof eventType !== 'string' || eventType === '') return undefined;
	return { body: body as IDataObject, data: data as IDataObject, eventType };
}

/** The item a delivery becomes: the event's own fields, or the whole body when not simplified. */
export function toItem(event: TelnyxEvent, simplify: boolean): IDataObject {
	if (!simplify) return event.body;
	const { data } = event;
	return {
		event_type: data.event_type,
		id: data.id,
		occurred_at: data.occurred_at,
		payload: (data.payload ?? {}) as IDataObject,
	};
}
