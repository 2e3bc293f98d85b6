/**
 * What the session actions (End, Kick, Mute, Unmute) have that other operations do not: one read
 * of the session before acting, so that an ended one is refused, and the participants choice
 * ("all", or IDs picked from the session's participants) with its list.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UUID_PATTERN } from '../../shared/ids';
import { MAX_PAGE_SIZE } from '../../shared/settings';
import { telnyxRequest } from '../../shared/transport';
import { fieldProperty } from '../fields';
import type { CustomField, Field, Operation, OperationSteps } from '../model';
import type { PreparedCall } from '../request';
import { requireData } from '../run';

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
export function liveSessionSteps(action: string, verb: string): OperationSteps {
	const run = async (ctx: IExecuteFunctions, call: PreparedCall): Promise<INodeExecutionData[]> => {
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
	return { run };
}

/** The list of IDs "Specific Participants" reveals. */
const participantIdsField = (field: Field): Field => ({
	...field,
	name: `${field.name}Ids`,
	displayName: 'Participant Names or IDs',
	kind: 'uuidList',
	// A plain list of IDs, converted as such.
	custom: undefined,
	description: 'The participants',
});

/** "All participants" or a list of IDs: an options field plus the IDs it reveals. */
const participantsChoice: CustomField = {
	properties(field, show) {
		return [
			{
				displayName: field.displayName,
				name: field.name,
				type: 'options',
				required: true,
				default: 'all',
				description: field.description,
				options: [
					{ name: 'All Participants', value: 'all' },
					{ name: 'Specific Participants', value: 'specific' },
				],
				displayOptions: { show },
			},
			fieldProperty(participantIdsField(field), { displayOptions: { show: { ...show, [field.name]: ['specific'] } } }),
		];
	},
	read(field, item) {
		const choice = item.parameter(field.name, 'all');
		if (choice === 'all') return 'all';
		const idsField = participantIdsField(field);
		return item.convertField(idsField, item.parameter(idsField.name, []));
	},
};

/** Who a kick, mute or unmute applies to. */
export function participantAction(value: string, verb: string, past: string): Operation {
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
		steps: liveSessionSteps(value, verb),
		body: [
			{
				name: 'participants',
				displayName: 'Participants',
				wire: 'participants',
				kind: 'custom',
				custom: participantsChoice,
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
