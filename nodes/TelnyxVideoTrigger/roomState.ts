/**
 * A room's webhook URL as Telnyx has it: read one room, set its URL, and the words that describe a
 * room or a failure in the trigger's messages.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { telnyxRequest } from '../shared/transport';

export interface RoomState {
	id: string;
	name: string;
	/** Current `webhook_event_url`; `null` when unset or empty. */
	url: string | null;
}

/** Transport errors are already node errors; anything else is wrapped so n8n shows it properly. */
export function asNodeError(ctx: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}

export function isNotFound(error: unknown): boolean {
	return String((error as { httpCode?: unknown })?.httpCode) === '404';
}

export function describeRoom(room: { id: string; name?: string }): string {
	return room.name ? `"${room.name}" (${room.id})` : room.id;
}

/** The room as it is now; `undefined` if it no longer exists. */
export async function fetchRoom(ctx: IHookFunctions, id: string): Promise<RoomState | undefined> {
	let body: IDataObject | undefined;
	try {
		body = await telnyxRequest.call(ctx, { method: 'GET', path: `/rooms/${encodeURIComponent(id)}` });
	} catch (error) {
		if (!isNotFound(error)) throw asNodeError(ctx, error);
		ctx.logger.info(`Telnyx Video Trigger: room ${id} does not exist (any more)`);
		return undefined;
	}
	const data = body?.data as IDataObject | undefined;
	if (!data || typeof data !== 'object' || String(data.id ?? '').toLowerCase() !== id.toLowerCase()) {
		// Guessing here could wipe the room's own URL, or forget to restore it: refuse instead.
		throw new NodeApiError(
			ctx.getNode(),
			{ request: `GET /rooms/${id}` },
			{
				message: `Telnyx answered without the room ${id}, so its webhook URL could not be read`,
				description: 'Nothing was changed for this room. Try again; if it persists, report it to Telnyx.',
			},
		);
	}
	const url = typeof data.webhook_event_url === 'string' && data.webhook_event_url !== '' ? data.webhook_event_url : null;
	return { id, name: typeof data.unique_name === 'string' ? data.unique_name : '', url };
}

/** Sets a room's event URL (a URI: Telnyx has no value that clears it). */
export async function setRoomUrl(ctx: IHookFunctions, id: string, url: string): Promise<void> {
	await telnyxRequest.call(ctx, {
		method: 'PATCH',
		path: `/rooms/${encodeURIComponent(id)}`,
		body: { webhook_event_url: url },
	});
}

export function errorText(error: unknown): string {
	const { message, description } = (error ?? {}) as { message?: string; description?: string };
	return [message, description].filter(Boolean).join(' ') || String(error);
}
