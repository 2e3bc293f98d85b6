/**
 * Subscribing rooms to n8n. Telnyx has no subscription API: each room has one
 * `webhook_event_url`, changed with PATCH /rooms/{id}. So activating means pointing the chosen
 * rooms at this node's webhook URL, and deactivating means putting back what was there before,
 * but only where the room still points at us.
 *
 * Node static data (`getWorkflowStaticData('node')`) holds, per webhook URL this node set, the
 * URL each room had before: `{ subscriptions: { "<our url>": { "<room id>": { previousUrl } } } }`.
 * Keying by our URL keeps the production and test ("listen for test event") takeovers apart:
 * the test URL restores the production URL, the production URL restores the original one.
 * `previousUrl: null` means the room had no URL; it is cleared again on deactivation.
 * The failover URL and the timeout are never touched.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { parsePublicKey } from '../shared/signature';
import { CREDENTIAL_NAME, telnyxRequest } from '../shared/transport';
import { UUID_PATTERN } from '../TelnyxVideo/model';

export const WEBHOOK_NAME = 'default';
export const WEBHOOK_PATH = 'webhook';
const STATIC_KEY = 'subscriptions';
const UUID = new RegExp(UUID_PATTERN);

interface RoomRecord {
	/** The room's `webhook_event_url` before this node set it; `null` when it had none. */
	previousUrl: string | null;
}
type RoomRecords = Record<string, RoomRecord>;
/** Keyed by the webhook URL this node set (production or test). */
type Subscriptions = Record<string, RoomRecords>;

interface RoomState {
	id: string;
	name: string;
	/** Current `webhook_event_url`; `null` when unset or empty. */
	url: string | null;
}

function ourWebhookUrl(ctx: IHookFunctions): string {
	const url = ctx.getNodeWebhookUrl(WEBHOOK_NAME);
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for this trigger');
	return url;
}

/** Whether a URL is one this very node set: its production or test URL, under any base URL. */
function isThisNodesUrl(ctx: IHookFunctions, url: string | null, ourUrl: string): boolean {
	if (url === null) return false;
	if (url === ourUrl) return true;
	const { webhookId } = ctx.getNode();
	return Boolean(webhookId) && url.endsWith(`/${webhookId}/${WEBHOOK_PATH}`);
}

function locatorValue(value: unknown): string {
	if (value !== null && typeof value === 'object') return String((value as IDataObject).value ?? '').trim();
	return String(value ?? '').trim();
}

/** The room IDs chosen in the editor, each once, checked to be UUIDs. */
export function selectedRoomIds(ctx: IHookFunctions): string[] {
	const collection = ctx.getNodeParameter('rooms', {}) as IDataObject;
	const entries = Array.isArray(collection?.room) ? (collection.room as IDataObject[]) : [];
	const ids: string[] = [];
	for (const entry of entries) {
		const id = locatorValue(entry?.roomId);
		if (id === '') continue;
		if (!UUID.test(id)) {
			throw new NodeOperationError(ctx.getNode(), `"${id}" is not a room ID`, {
				description: 'Pick the room from the list, or enter its ID (a UUID) under Rooms.',
			});
		}
		if (!ids.includes(id.toLowerCase())) ids.push(id.toLowerCase());
	}
	return ids;
}

function readSubscriptions(staticData: IDataObject): Subscriptions {
	const stored = staticData[STATIC_KEY];
	// A plain copy: nothing is written back until the whole change has succeeded.
	return stored && typeof stored === 'object' ? (JSON.parse(JSON.stringify(stored)) as Subscriptions) : {};
}

function writeSubscriptions(staticData: IDataObject, subscriptions: Subscriptions): void {
	for (const url of Object.keys(subscriptions)) {
		if (Object.keys(subscriptions[url]).length === 0) delete subscriptions[url];
	}
	if (Object.keys(subscriptions).length === 0) {
		if (STATIC_KEY in staticData) delete staticData[STATIC_KEY];
		return;
	}
	staticData[STATIC_KEY] = subscriptions as unknown as IDataObject;
}

/** Transport errors are already node errors; anything else is wrapped so n8n shows it properly. */
function asNodeError(ctx: IHookFunctions, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error as Error);
}

function isNotFound(error: unknown): boolean {
	return String((error as { httpCode?: unknown })?.httpCode) === '404';
}

function isRejectedValue(error: unknown): boolean {
	const code = String((error as { httpCode?: unknown })?.httpCode);
	return code === '400' || code === '422';
}

function describeRoom(room: { id: string; name?: string }): string {
	return room.name ? `"${room.name}" (${room.id})` : room.id;
}

/** The room as it is now; `undefined` if it no longer exists. */
async function fetchRoom(ctx: IHookFunctions, id: string): Promise<RoomState | undefined> {
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

/**
 * Sets a room's event URL. `null` clears it. Whether Telnyx clears the primary URL with `null` or
 * with `""` is not documented: `null` is sent first and, if Telnyx refuses the value (400/422),
 * `""` is tried once.
 */
async function setRoomUrl(ctx: IHookFunctions, id: string, url: string | null): Promise<void> {
	const path = `/rooms/${encodeURIComponent(id)}`;
	if (url !== null) {
		await telnyxRequest.call(ctx, { method: 'PATCH', path, body: { webhook_event_url: url } });
		return;
	}
	try {
		await telnyxRequest.call(ctx, { method: 'PATCH', path, body: { webhook_event_url: null } });
	} catch (error) {
		if (!isRejectedValue(error)) throw asNodeError(ctx, error);
		ctx.logger.info(`Telnyx Video Trigger: Telnyx refused null for room ${id}; clearing with "" instead`);
		await telnyxRequest.call(ctx, { method: 'PATCH', path, body: { webhook_event_url: '' } });
	}
}

function errorText(error: unknown): string {
	const { message, description } = (error ?? {}) as { message?: string; description?: string };
	return [message, description].filter(Boolean).join(' ') || String(error);
}

/** With signature checking on, refuse to subscribe anything the node could not verify. */
async function assertSignatureReady(ctx: IHookFunctions): Promise<void> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.checkSignature === false) return;
	const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
	const publicKey = String(credentials.publicKey ?? '').trim();
	const fix =
		'Copy the public key from Telnyx Mission Control (Keys & Credentials → Public Key) into the Telnyx Video credential, or turn off Options → Check Signature (anyone who learns the URL could then start this workflow).';
	if (publicKey === '') {
		throw new NodeOperationError(ctx.getNode(), 'The credential has no public key, so deliveries could not be verified', {
			description: fix,
		});
	}
	if (!parsePublicKey(publicKey)) {
		throw new NodeOperationError(ctx.getNode(), 'The public key in the credential is not a base64 32-byte Ed25519 key', {
			description: fix,
		});
	}
}

/** True only when every chosen room already sends its events to this node's URL. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const ourUrl = ourWebhookUrl(this);
	const ids = selectedRoomIds(this);
	if (ids.length === 0) return false;
	for (const id of ids) {
		const room = await fetchRoom(this, id);
		if (room?.url !== ourUrl) return false;
	}
	return true;
}

/**
 * The URL to put back later for a room that is about to be pointed at us.
 * `records` are ours (this URL); `others` are records kept under other URLs of this node.
 */
function previousUrlFor(
	ctx: IHookFunctions,
	room: RoomState,
	ourUrl: string,
	records: RoomRecords,
	subscriptions: Subscriptions,
): string | null {
	const ours = isThisNodesUrl(ctx, room.url, ourUrl);
	// Already ours (e.g. after a restart, or while the test URL had it): keep what we knew.
	if (ours && records[room.id]) return records[room.id].previousUrl;
	// A test takeover must give the room back to whatever had it, including the production URL.
	if (ctx.getActivationMode() === 'manual') return room.url;
	if (ours) {
		// Our own URL under an old base URL (WEBHOOK_URL changed): take over the record kept there.
		for (const [url, other] of Object.entries(subscriptions)) {
			if (url !== ourUrl && other[room.id]) {
				const { previousUrl } = other[room.id];
				delete other[room.id];
				return previousUrl;
			}
		}
		// Pointing at this node with nothing remembered: there is nothing better to restore than none.
		return null;
	}
	return room.url;
}

/**
 * Points every chosen room at this node's URL, remembering each room's previous URL. If a room
 * cannot be changed, the rooms already changed are set back and the error names the room.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const ourUrl = ourWebhookUrl(this);
	await assertSignatureReady(this);
	const ids = selectedRoomIds(this);
	if (ids.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No room chosen', {
			description: 'Add at least one room under Rooms.',
		});
	}

	// Read every room first, so a wrong ID fails before anything is changed.
	const rooms: RoomState[] = [];
	for (const id of ids) {
		const room = await fetchRoom(this, id);
		if (!room) {
			throw new NodeOperationError(this.getNode(), `Room ${id} was not found in this Telnyx account`, {
				description: 'Nothing was changed. Pick the room from the list, or check the ID and the credential.',
			});
		}
		rooms.push(room);
	}

	const staticData = this.getWorkflowStaticData('node');
	const subscriptions = readSubscriptions(staticData);
	const records: RoomRecords = { ...subscriptions[ourUrl] };
	const changed: RoomState[] = [];
	for (const room of rooms) {
		records[room.id] = { previousUrl: previousUrlFor(this, room, ourUrl, records, subscriptions) };
		if (room.url === ourUrl) continue;
		try {
			await setRoomUrl(this, room.id, ourUrl);
			changed.push(room);
		} catch (error) {
			throw await rollBack(this, room, error, changed);
		}
	}
	subscriptions[ourUrl] = records;
	writeSubscriptions(staticData, subscriptions);
	return true;
}

/** Sets back the rooms this activation changed and builds the error that names the failed room. */
async function rollBack(
	ctx: IHookFunctions,
	failed: RoomState,
	cause: unknown,
	changed: RoomState[],
): Promise<NodeOperationError> {
	const restored: string[] = [];
	const stuck: string[] = [];
	for (const room of [...changed].reverse()) {
		try {
			await setRoomUrl(ctx, room.id, room.url);
			restored.push(describeRoom(room));
		} catch (error) {
			ctx.logger.error(`Telnyx Video Trigger: could not set room ${room.id} back to ${room.url ?? 'no URL'}: ${errorText(error)}`);
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

/** The chosen rooms for clean-up; a broken parameter must not stop the remembered rooms being restored. */
function chosenRoomsForCleanUp(ctx: IHookFunctions): string[] {
	try {
		return selectedRoomIds(ctx);
	} catch (error) {
		ctx.logger.warn(`Telnyx Video Trigger: ignoring the Rooms parameter during clean-up: ${errorText(error)}`);
		return [];
	}
}

/**
 * Puts each room's previous URL back, but only where the room still points at this node's URL:
 * a URL someone else set in the meantime is left alone. Forgets everything it handled.
 */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const ourUrl = ourWebhookUrl(this);
	const staticData = this.getWorkflowStaticData('node');
	const subscriptions = readSubscriptions(staticData);
	const records = subscriptions[ourUrl] ?? {};
	// Remembered rooms first; chosen rooms too, in case the record was lost (they are then cleared).
	const ids = [...new Set([...Object.keys(records), ...chosenRoomsForCleanUp(this)])];

	const kept: RoomRecords = {};
	const failures: string[] = [];
	for (const id of ids) {
		try {
			const room = await fetchRoom(this, id);
			if (!room) continue;
			if (room.url !== ourUrl) {
				this.logger.info(`Telnyx Video Trigger: room ${id} now points at another URL; left unchanged`);
				continue;
			}
			await setRoomUrl(this, id, records[id]?.previousUrl ?? null);
		} catch (error) {
			this.logger.error(`Telnyx Video Trigger: could not restore room ${id}: ${errorText(error)}`);
			failures.push(`${id}: ${errorText(error)}`);
			// Kept so that a later deactivation can still put the right URL back.
			if (records[id]) kept[id] = records[id];
		}
	}
	subscriptions[ourUrl] = kept;
	writeSubscriptions(staticData, subscriptions);
	if (failures.length) {
		throw new NodeOperationError(this.getNode(), `Could not give ${failures.length} room(s) their previous webhook URL back`, {
			description: `${failures.join('; ')}. Those rooms may still send events to n8n; set their webhook URL in Telnyx.`,
		});
	}
	return true;
}
