/**
 * Subscribing rooms to n8n. Telnyx has no subscription API: each room has one
 * `webhook_event_url`, changed with PATCH /rooms/{id}. Activating points the chosen rooms at this
 * node's webhook URL; deactivating hands each room back. Who gets it back is written into the URL
 * itself (./chain), because that is the only record a crash or a test listen cannot lose.
 *
 * Production static data only lists the rooms this node holds, so a room removed from the
 * parameter is still handed back on deactivation. The failover URL and the timeout are never
 * touched.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UUID_PATTERN } from '../shared/ids';
import type { Holder } from './chain';
import { MAX_URL_LENGTH, holds, parseChain, release, releasedUrl, subscribe } from './chain';
import {
	assertSignatureReady,
	chosenRoomsForCleanUp,
	holderOf,
	selectedRoomIds,
	takeOverAllowed,
} from './activationInput';
import type { RoomState } from './roomState';
import { describeRoom, errorText, fetchRoom, setRoomUrl } from './roomState';

const STATIC_KEY = 'rooms';
const UUID = new RegExp(UUID_PATTERN);

/** The rooms this node holds, as production static data lists them. */
function heldRooms(staticData: IDataObject): string[] {
	const stored = staticData[STATIC_KEY];
	return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string' && UUID.test(id)) : [];
}

function writeHeldRooms(staticData: IDataObject, ids: string[]): void {
	if (ids.length === 0) {
		if (STATIC_KEY in staticData) delete staticData[STATIC_KEY];
		return;
	}
	staticData[STATIC_KEY] = [...ids].sort();
}

/**
 * True only when every chosen room is this node's: in production, also when another workflow
 * took the room over and hands it back here later (activating again would refuse or reorder).
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	// n8n asks this before create: a missing key is reported before any room is read.
	await assertSignatureReady(this);
	const holder = holderOf(this);
	const ids = selectedRoomIds(this);
	if (ids.length === 0) return false;
	for (const id of ids) {
		const room = await fetchRoom(this, id);
		if (!room || !holds(room.url, holder)) return false;
	}
	return true;
}

/** What a refused room points at, and what it had before any trigger took it. */
function describeForeign(room: RoomState): string {
	const chain = parseChain(room.url);
	const notes: string[] = [];
	if (chain.hops[0]?.test) {
		notes.push(
			'a test URL: if nobody is listening for a test event there, a test listen left it when n8n stopped, and taking the room over repairs it',
		);
	}
	if (chain.hops.length > 0) notes.push(`its URL before any Telnyx Video Trigger: ${chain.previous ?? 'none'}`);
	return `${describeRoom(room)} → ${room.url}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}

function foreignRoomsError(ctx: IHookFunctions, rooms: RoomState[]): NodeOperationError {
	const message =
		rooms.length === 1
			? `Room ${describeRoom(rooms[0])} already sends its events to another n8n workflow: ${rooms[0].url}`
			: `${rooms.length} rooms already send their events to other n8n workflows: ${rooms.map(describeRoom).join(', ')}`;
	return new NodeOperationError(ctx.getNode(), message, {
		description: `Nothing was changed. ${rooms.map(describeForeign).join('. ')}. Deactivate that workflow (or stop its test listen) first, or turn on Options → Take Over Rooms From Other Workflows: this workflow then receives the room's events, and when it is deactivated the room goes back to that workflow, or to the URL it had before if that workflow is gone by then.`,
	});
}

interface PlannedChange {
	room: RoomState;
	url: string;
	/** The room was on this node's test URL, left by a listen cut off by a crash. */
	repaired: boolean;
}

/**
 * Points every chosen room at this node's URL, writing into that URL who gets the room back.
 * Nothing is changed until every room has been read and checked; if a room cannot be changed,
 * the rooms already changed are set back and the error names the room.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const holder = holderOf(this);
	await assertSignatureReady(this);
	const ids = selectedRoomIds(this);
	if (ids.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No room chosen', {
			description: 'Add at least one room under Rooms.',
		});
	}
	const takeOver = takeOverAllowed(this);

	const planned: PlannedChange[] = [];
	const foreign: RoomState[] = [];
	for (const id of ids) {
		const room = await fetchRoom(this, id);
		if (!room) {
			throw new NodeOperationError(this.getNode(), `Room ${id} was not found in this Telnyx account`, {
				description: 'Nothing was changed. Pick the room from the list, or check the ID and the credential.',
			});
		}
		const outcome = subscribe(room.url, holder, takeOver);
		if (outcome.kind === 'foreign') foreign.push(room);
		if (outcome.kind !== 'set') continue;
		if (outcome.url.length > MAX_URL_LENGTH) {
			throw new NodeOperationError(
				this.getNode(),
				`Room ${describeRoom(room)} would need a webhook URL of ${outcome.url.length} characters`,
				{
					description: `Nothing was changed. The URL carries the workflows this room is handed back to, and longer than ${MAX_URL_LENGTH} characters it may be cut off. Deactivate some of the workflows that took this room over, then try again.`,
				},
			);
		}
		planned.push({ room, url: outcome.url, repaired: outcome.repaired !== undefined });
	}

	if (foreign.length) throw foreignRoomsError(this, foreign);

	const changed: RoomState[] = [];
	for (const { room, url, repaired } of planned) {
		try {
			await setRoomUrl(this, room.id, url);
			changed.push(room);
			if (repaired) {
				this.logger.warn(
					`Telnyx Video Trigger: room ${describeRoom(room)} was still on this trigger's test URL (${room.url}), left by a test listen n8n could not finish; it is back in order now`,
				);
			}
		} catch (error) {
			throw await rollBack(this, room, error, changed, holder);
		}
	}
	if (!holder.test) {
		const staticData = this.getWorkflowStaticData('node');
		writeHeldRooms(staticData, [...new Set([...heldRooms(staticData), ...ids])]);
	}
	return true;
}

/** Sets back the rooms this activation changed and builds the error that names the failed room. */
async function rollBack(
	ctx: IHookFunctions,
	failed: RoomState,
	cause: unknown,
	changed: RoomState[],
	holder: Holder,
): Promise<NodeOperationError> {
	const restored: string[] = [];
	const stuck: string[] = [];
	for (const room of [...changed].reverse()) {
		// A room that had no URL cannot be cleared: it is released instead (see ./chain).
		const back = room.url ?? releasedUrl(holder);
		try {
			await setRoomUrl(ctx, room.id, back);
			restored.push(describeRoom(room));
		} catch (error) {
			ctx.logger.error(`Telnyx Video Trigger: could not set room ${room.id} back to ${back}: ${errorText(error)}`);
			stuck.push(`${describeRoom(room)} still points at n8n; set its webhook URL back to ${room.url ?? 'nothing'} in Telnyx`);
		}
	}
	const parts = [`Telnyx said: ${errorText(cause)}`];
	if (restored.length) parts.push(`Set back to their previous URL: ${restored.join(', ')}.`);
	if (stuck.length) parts.push(`Could not be set back: ${stuck.join('; ')}.`);
	if (!changed.length) parts.push('No room was changed.');
	return new NodeOperationError(ctx.getNode(), `Could not subscribe room ${describeRoom(failed)}`, {
		description: parts.join(' '),
	});
}

/**
 * Hands each room back: to the workflow it was taken over from, else to the URL it had before.
 * Rooms this node does not hold (any more) are left alone. A room that had no URL cannot be
 * cleared (Telnyx has no value for "none"): it is released with a warning, not an error.
 */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const holder = holderOf(this);
	const staticData = this.getWorkflowStaticData('node');
	const held = holder.test ? [] : heldRooms(staticData);
	const ids = [...new Set([...held, ...chosenRoomsForCleanUp(this)])];

	const kept: string[] = [];
	const failures: string[] = [];
	for (const id of ids) {
		try {
			const room = await fetchRoom(this, id);
			if (!room) continue;
			const outcome = release(room.url, holder);
			if (outcome.kind === 'unchanged') continue;
			await setRoomUrl(this, id, outcome.url);
			if (outcome.kind === 'released') {
				this.logger.warn(
					`Telnyx Video Trigger: room ${describeRoom(room)} had no webhook URL before, and Telnyx cannot clear one, so it stays on ${outcome.url}; deliveries there are ignored. Set another URL on the room in Telnyx if you want its events elsewhere.`,
				);
			}
		} catch (error) {
			this.logger.error(`Telnyx Video Trigger: could not hand room ${id} back: ${errorText(error)}`);
			failures.push(`${id}: ${errorText(error)}`);
			if (held.includes(id)) kept.push(id);
		}
	}
	if (!holder.test) writeHeldRooms(staticData, kept);
	if (failures.length) {
		throw new NodeOperationError(this.getNode(), `Could not give ${failures.length} room(s) their previous webhook URL back`, {
			description: `${failures.join('; ')}. Those rooms may still send events to n8n; set their webhook URL in Telnyx.`,
		});
	}
	return true;
}
