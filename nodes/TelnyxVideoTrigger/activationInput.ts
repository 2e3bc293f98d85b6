/**
 * What activation and deactivation read before touching any room: this node's URL in the current
 * mode, the chosen rooms, whether deliveries can be verified, and the options.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { UUID_PATTERN } from '../shared/ids';
import { chosenRoomValues } from '../shared/rooms';
import { parsePublicKey } from '../shared/signature';
import { CREDENTIAL_NAME } from '../shared/transport';
import type { Holder } from './chain';
import { parseHop } from './chain';
import { errorText } from './roomState';

export const WEBHOOK_NAME = 'default';
export const WEBHOOK_PATH = 'webhook';
const UUID = new RegExp(UUID_PATTERN);

/** This node in the current mode: its webhook URL (production or test) and webhook ID. */
export function holderOf(ctx: IHookFunctions): Holder {
	const url = ctx.getNodeWebhookUrl(WEBHOOK_NAME);
	if (!url) throw new NodeOperationError(ctx.getNode(), 'n8n did not provide a webhook URL for this trigger');
	const hop = parseHop(url);
	if (!hop) {
		throw new NodeOperationError(ctx.getNode(), `n8n gave this trigger a webhook URL without a webhook ID: ${url}`, {
			description: 'Delete the trigger node and add it again, so that n8n gives it a webhook ID.',
		});
	}
	return { url: hop.url, webhookId: hop.webhookId, test: hop.test || ctx.getActivationMode() === 'manual' };
}

/** The room IDs chosen in the editor, each once, checked to be UUIDs. */
export function selectedRoomIds(ctx: IHookFunctions): string[] {
	const ids: string[] = [];
	for (const id of chosenRoomValues(ctx.getNodeParameter('rooms', {}))) {
		if (!UUID.test(id)) {
			throw new NodeOperationError(ctx.getNode(), `"${id}" is not a room ID`, {
				description: 'Pick the room from the list, or enter its ID (a UUID) under Rooms.',
			});
		}
		if (!ids.includes(id.toLowerCase())) ids.push(id.toLowerCase());
	}
	return ids;
}

/**
 * With signature checking on, refuse to subscribe anything the node could not verify. Checked
 * from the credential alone, before any room is read, and with the fix in the message itself
 * (n8n's activation toast shows only the message).
 */
export async function assertSignatureReady(ctx: IHookFunctions): Promise<void> {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	if (options.checkSignature === false) return;
	const credentials = await ctx.getCredentials(CREDENTIAL_NAME);
	const publicKey = String(credentials.publicKey ?? '').trim();
	const fix =
		'copy the public key from Telnyx Mission Control (Keys & Credentials → Public Key) into the Telnyx Video credential, or turn off Options → Check Signature';
	const why = 'With Check Signature off, anyone who learns the URL could start this workflow.';
	if (publicKey === '') {
		throw new NodeOperationError(ctx.getNode(), `The credential has no public key to verify deliveries: ${fix}`, {
			description: why,
		});
	}
	if (!parsePublicKey(publicKey)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The public key in the credential is not a base64 32-byte Ed25519 key: ${fix}`,
			{ description: why },
		);
	}
}

export function takeOverAllowed(ctx: IHookFunctions): boolean {
	const options = ctx.getNodeParameter('options', {}) as IDataObject;
	return options.takeOver === true;
}

/** The chosen rooms for clean-up; a broken parameter must not stop the remembered rooms being restored. */
export function chosenRoomsForCleanUp(ctx: IHookFunctions): string[] {
	try {
		return selectedRoomIds(ctx);
	} catch (error) {
		ctx.logger.warn(`Telnyx Video Trigger: ignoring the Rooms parameter during clean-up: ${errorText(error)}`);
		return [];
	}
}
