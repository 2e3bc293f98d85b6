/**
 * List filters: the builders every resource uses, and the filter sets two operations share (the
 * two session lists, the two participant lists, Get Many and Delete Many of recordings).
 */
import type { Field, LocatorKind } from '../model';

/** The three comparison filters Telnyx offers on each date (`eq`, `gte`, `lte`). */
export function dateFilters(wireName: string, label: string, noun: string): Field[] {
	const camel = wireName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
	const comparisons = [
		{ op: 'eq', suffix: 'On', text: 'on' },
		{ op: 'gte', suffix: 'On or After', text: 'on or after' },
		{ op: 'lte', suffix: 'On or Before', text: 'on or before' },
	];
	return comparisons.map(({ op, suffix, text }) => ({
		name: `${camel}${op[0].toUpperCase()}${op.slice(1)}`,
		displayName: `${label} ${suffix}`,
		wire: `filter[${wireName}][${op}]`,
		kind: 'date' as const,
		description: `Only ${noun} ${label.toLowerCase()} ${text} this date, UTC (a time of day is dropped; one with a zone counts in UTC)`,
	}));
}

/** Which record an ID filter's wire name refers to. */
const FILTER_LOCATORS: Record<string, LocatorKind> = {
	room_id: 'room',
	session_id: 'roomSession',
	participant_id: 'roomParticipant',
};

/** A filter on the ID of a related record, e.g. `filter[room_id]`, picked from a list or given by ID. */
export function idFilter(wireName: string, label: string, noun: string): Field {
	return {
		name: wireName.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
		displayName: label,
		wire: `filter[${wireName}]`,
		kind: FILTER_LOCATORS[wireName] ? 'locator' : 'uuid',
		locator: FILTER_LOCATORS[wireName],
		placeholder: 'e.g. 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0',
		description: `Only ${noun} with this ${label[0].toLowerCase()}${label.slice(1)}`,
	};
}

/** A filter with a fixed set of values, e.g. `filter[status]`. */
export function choiceFilter(
	wireName: string,
	label: string,
	description: string,
	values: string[],
	defaultValue = values[0],
): Field {
	const title = (value: string) => value[0].toUpperCase() + value.slice(1);
	return {
		name: wireName,
		displayName: label,
		wire: `filter[${wireName}]`,
		kind: 'options',
		default: defaultValue,
		options: values.map((value) => ({ name: title(value), value })),
		description,
	};
}

/** Filters shared by the two session lists; the global one can also filter by room. */
export function sessionListFilters(withRoom: boolean): Field[] {
	const room = withRoom ? [idFilter('room_id', 'Room ID', 'sessions')] : [];
	return [
		{
			name: 'active',
			displayName: 'Active',
			wire: 'filter[active]',
			kind: 'boolean',
			default: true,
			description: 'Whether to list only live sessions (on) or only ended ones (off)',
		},
		...dateFilters('date_created_at', 'Created', 'sessions'),
		...dateFilters('date_updated_at', 'Updated', 'sessions'),
		...dateFilters('date_ended_at', 'Ended', 'sessions'),
		...room,
	];
}

/** On the two session lists: not a filter but a shape of the answer, so under Options as on Get. */
export const includeParticipantsInList: Field = {
	name: 'includeParticipants',
	displayName: 'Include Participants',
	wire: 'include_participants',
	kind: 'boolean',
	default: false,
	description: 'Whether to embed each session’s participants in the output',
	filtersInVersion1: true,
};

/** The two participant lists (all participants, and one session's) filter alike. */
export const participantListFilters: Field[] = [
	{
		name: 'context',
		displayName: 'Context',
		wire: 'filter[context]',
		kind: 'string',
		placeholder: 'e.g. Alice',
		description: 'Only participants whose client context equals this value',
	},
	...dateFilters('date_joined_at', 'Joined', 'participants'),
	...dateFilters('date_left_at', 'Left', 'participants'),
	...dateFilters('date_updated_at', 'Updated', 'participants'),
];

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
