import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_PAGE_SIZE, telnyxRequest } from '../../shared/transport';
import type { Field, Operation } from '../model';
import { UUID_PATTERN, dateFilters } from '../model';
import type { PreparedCall } from '../request';
import { requireData } from '../run';
import { sessionListFilters, sessionsIncludeParticipants } from './rooms';

const includeParticipants: Field = {
	name: 'includeParticipants',
	displayName: 'Include Participants',
	wire: 'include_participants',
	kind: 'boolean',
	default: false,
	description: 'Whether to embed the session’s participants in the output',
};

/** The participant multi-selects list the chosen session's participants. */
const SESSION_PARTICIPANTS = { method: 'getSessionParticipants', dependsOn: ['roomSessionId.value'] };

const when = (value: unknown) => (typeof value === 'string' ? value.replace('T', ' ').slice(0, 16) : '?');

/** `methods.loadOptions`: who is (or was) in the session picked above, people still in it first. */
export const sessionLoadOptions = {
	async getSessionParticipants(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const sessionId = this.getCurrentNodeParameter('roomSessionId', { extractValue: true });
		if (typeof sessionId !== 'string' || !new RegExp(UUID_PATTERN).test(sessionId.trim())) return [];
		const body = await telnyxRequest.call(this, {
			method: 'GET',
			path: `/room_sessions/${encodeURIComponent(sessionId.trim())}/participants`,
			qs: { 'page[size]': MAX_PAGE_SIZE },
		});
		const people = (Array.isArray(body?.data) ? body.data : []) as IDataObject[];
		const order = (p: IDataObject) => `${p.left_at ? 0 : 1}${String(p.joined_at ?? '')}`;
		return people
			.sort((a, b) => order(b).localeCompare(order(a)))
			.map((p) => ({
				name: `${String(p.context || 'Participant')}, joined ${when(p.joined_at)}${p.left_at ? ` (left ${when(p.left_at)})` : ''}`,
				value: String(p.id),
				description: String(p.id),
			}));
	},
};

/**
 * Sends a session action after one GET of the session: Telnyx answers "ok" to actions on an ended
 * session and does nothing, so that is refused here, and the output says what was acted on.
 */
function actOnLiveSession(action: string, verb: string) {
	return async (ctx: IExecuteFunctions, call: PreparedCall): Promise<INodeExecutionData[]> => {
		const { itemIndex } = call.transport;
		const path = `/room_sessions/${encodeURIComponent(String(call.targetId))}`;
		const lookup = { method: 'GET' as const, path };
		const session = requireData(ctx, lookup, itemIndex, await telnyxRequest.call(ctx, lookup, call.transport));
		if (session.active === false) {
			const ended = session.ended_at ? ` at ${String(session.ended_at)}` : '';
			throw new NodeOperationError(
				ctx.getNode(),
				`Room Session: ${String(call.targetId)} already ended${ended}, so nothing was sent (${verb} needs a live session)`,
				{
					itemIndex,
					description:
						'Telnyx would answer "ok" and change nothing. Pick a live session (the list marks them "Live"). The node reads the session once before acting to check this.',
				},
			);
		}
		const answer = requireData(ctx, call.request, itemIndex, await telnyxRequest.call(ctx, call.request, call.transport));
		const sent = call.request.body ?? {};
		const json: IDataObject = {
			room_session_id: call.targetId,
			room_id: session.room_id,
			action,
			...('participants' in sent ? { participants: sent.participants } : {}),
			...('exclude' in sent ? { exclude: sent.exclude } : {}),
			result: answer.result,
		};
		return [{ json }];
	};
}

/** Who a kick, mute or unmute applies to. */
function participantAction(value: string, verb: string, past: string): Operation {
	return {
		resource: 'roomSession',
		value,
		name: verb,
		action: `${verb} participants in a live session`,
		description: `${verb} all participants of the live session with the given ID, or only the chosen ones; Exclude leaves some out`,
		method: 'POST',
		path: `/room_sessions/{room_session_id}/actions/${value}`,
		target: 'roomSession',
		bodyRequired: true,
		run: actOnLiveSession(value, verb),
		body: [
			{
				name: 'participants',
				displayName: 'Participants',
				wire: 'participants',
				kind: 'participants',
				required: true,
				loadOptions: SESSION_PARTICIPANTS,
				description: `Which participants are ${past}`,
			},
			{
				name: 'exclude',
				displayName: 'Exclude Participant Names or IDs',
				wire: 'exclude',
				kind: 'uuidList',
				showWhen: { participants: ['all'] },
				loadOptions: SESSION_PARTICIPANTS,
				description: `Participants that are not ${past}`,
			},
		],
	};
}

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

export const roomSessionOperations: Operation[] = [
	{
		resource: 'roomSession',
		value: 'end',
		name: 'End',
		action: 'End a live session',
		description: 'End the live session with the given ID and remove everyone still in it',
		method: 'POST',
		path: '/room_sessions/{room_session_id}/actions/end',
		target: 'roomSession',
		run: actOnLiveSession('end', 'End'),
	},
	{
		resource: 'roomSession',
		value: 'get',
		name: 'Get',
		action: 'Get a session by ID',
		description: 'Get the room session with the given ID, optionally with its participants',
		method: 'GET',
		path: '/room_sessions/{room_session_id}',
		target: 'roomSession',
		query: [includeParticipants],
	},
	{
		resource: 'roomSession',
		value: 'getAll',
		name: 'Get Many',
		action: 'Get many sessions',
		description: 'List room sessions from every room, optionally only live or ended ones, of one room, or from given dates',
		method: 'GET',
		path: '/room_sessions',
		output: 'list',
		filters: sessionListFilters(true),
		query: [sessionsIncludeParticipants],
	},
	{
		resource: 'roomSession',
		value: 'getParticipants',
		name: 'Get Participants',
		action: 'Get participants of a session',
		description: 'List the participants who joined the session with the given ID',
		method: 'GET',
		path: '/room_sessions/{room_session_id}/participants',
		target: 'roomSession',
		output: 'list',
		filters: participantListFilters,
	},
	participantAction('kick', 'Kick', 'removed from the session'),
	participantAction('mute', 'Mute', 'muted'),
	participantAction('unmute', 'Unmute', 'unmuted'),
];
