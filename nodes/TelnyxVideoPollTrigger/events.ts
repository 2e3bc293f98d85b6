/**
 * The events the poll trigger can watch, each backed by one list endpoint. Telnyx's list filters
 * are calendar dates, so each event names the date filter that bounds the window (`dateFilter`,
 * comparing the record field `dateField`) and the fields that say when the event happened.
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

/** How "only these rooms" is applied: a list filter, the record's own `room_id`, or its session's room. */
export type RoomScope = 'query' | 'record' | 'session';

export interface PollEvent {
	/** The `event_type` items carry, as the webhook trigger names it. */
	eventType: string;
	name: string;
	description: string;
	path: string;
	/** Filters sent with every list request. */
	query: IDataObject;
	/** `filter[<dateFilter>][gte]` bounds the window. */
	dateFilter: string;
	/** The record field that `dateFilter` compares. */
	dateField: string;
	/** When the event happened: the first of these fields that is set. */
	timeFields: string[];
	rooms: RoomScope;
	/** Whether a listed record really is this event (lists may hold records still in progress). */
	isEvent: (record: IDataObject) => boolean;
	/** A short word for messages ("recording"). */
	noun: string;
}

const isSet = (value: unknown) => typeof value === 'string' && value !== '';

/** Sorted by name, as the editor lists them. */
export const POLL_EVENTS: PollEvent[] = [
	{
		eventType: 'video.room.composition.completed',
		name: 'Composition Completed',
		description: 'A composition (mixed recording) of a session is ready to download',
		path: '/room_compositions',
		query: { 'filter[status]': 'completed' },
		dateFilter: 'date_created_at',
		dateField: 'created_at',
		timeFields: ['completed_at', 'ended_at', 'updated_at', 'created_at'],
		rooms: 'record',
		isEvent: (record) => record.status === 'completed',
		noun: 'completed composition',
	},
	{
		eventType: 'video.room.participant.joined',
		name: 'Participant Joined',
		description: 'Someone joined a room session',
		path: '/room_participants',
		query: {},
		dateFilter: 'date_joined_at',
		dateField: 'joined_at',
		timeFields: ['joined_at'],
		rooms: 'session',
		isEvent: (record) => isSet(record.joined_at),
		noun: 'participant who joined',
	},
	{
		eventType: 'video.room.participant.left',
		name: 'Participant Left',
		description: 'Someone left a room session, or was kicked',
		path: '/room_participants',
		query: {},
		dateFilter: 'date_left_at',
		dateField: 'left_at',
		timeFields: ['left_at'],
		rooms: 'session',
		isEvent: (record) => isSet(record.left_at),
		noun: 'participant who left',
	},
	{
		eventType: 'video.room.recording.completed',
		name: 'Recording Completed',
		description: 'A participant recording finished processing and can be downloaded',
		path: '/room_recordings',
		query: { 'filter[status]': 'completed' },
		dateFilter: 'date_ended_at',
		dateField: 'ended_at',
		timeFields: ['completed_at', 'ended_at', 'updated_at'],
		rooms: 'query',
		isEvent: (record) => record.status === 'completed',
		noun: 'completed recording',
	},
	{
		eventType: 'video.room.session.ended',
		name: 'Session Ended',
		description: 'The last participant left, or the session was ended',
		path: '/room_sessions',
		query: {},
		dateFilter: 'date_ended_at',
		dateField: 'ended_at',
		timeFields: ['ended_at'],
		rooms: 'query',
		isEvent: (record) => isSet(record.ended_at) && record.active !== true,
		noun: 'ended session',
	},
	{
		eventType: 'video.room.session.started',
		name: 'Session Started',
		description: 'The first participant joined and a session began',
		path: '/room_sessions',
		query: {},
		dateFilter: 'date_created_at',
		dateField: 'created_at',
		timeFields: ['created_at'],
		rooms: 'query',
		isEvent: (record) => isSet(record.created_at),
		noun: 'session',
	},
];

export const EVENT_OPTIONS: INodePropertyOptions[] = POLL_EVENTS.map((event) => ({
	name: event.name,
	value: event.eventType,
	description: event.description,
}));

export function pollEvent(eventType: string): PollEvent | undefined {
	return POLL_EVENTS.find((event) => event.eventType === eventType);
}

/** When the event happened, as Telnyx wrote it; `undefined` when the record says nothing. */
export function eventTime(event: PollEvent, record: IDataObject): string | undefined {
	for (const field of event.timeFields) {
		const value = record[field];
		if (isSet(value)) return value as string;
	}
	return undefined;
}
