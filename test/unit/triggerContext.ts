/**
 * Shared set-up for the TelnyxVideoTrigger tests: the node, its credential and parameters in the
 * shape n8n stores them, run through the harness (n8n-core's real HookContext / WebhookContext).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import type { KeyObject } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import { TelnyxVideoApi } from '../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideoTrigger } from '../../nodes/TelnyxVideoTrigger/TelnyxVideoTrigger.node';
import type { WebhookMethodOptions } from '../harness';

export const API_KEY = 'KEY_TEST';
export const WEBHOOK_ID = '5b1f0c4e-7d0a-4a55-9d8e-2f6b3c1a9e01';
export const PROD_BASE = 'https://n8n.example.com/webhook';
export const TEST_BASE = 'https://n8n.example.com/webhook-test';
export const PROD_URL = `${PROD_BASE}/${WEBHOOK_ID}/webhook`;
export const TEST_URL = `${TEST_BASE}/${WEBHOOK_ID}/webhook`;
export const NODE_KEY = 'node:Telnyx Video Trigger';

export interface KeyPair {
	privateKey: KeyObject;
	/** base64 of the raw 32-byte public key, as Mission Control shows it. */
	publicKeyB64: string;
}

export function makeKeyPair(): KeyPair {
	const { privateKey, publicKey } = generateKeyPairSync('ed25519');
	const publicKeyB64 = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
	return { privateKey, publicKeyB64 };
}

export function signDelivery(keys: KeyPair, raw: string | Buffer, timestamp = Math.floor(Date.now() / 1000)) {
	const ts = String(timestamp);
	const body = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
	const signature = sign(null, Buffer.concat([Buffer.from(`${ts}|`), body]), keys.privateKey).toString('base64');
	return { 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': ts };
}

export function roomParameters(ids: string[], extra: IDataObject = {}): IDataObject {
	return {
		rooms: { room: ids.map((id) => ({ roomId: { __rl: true, mode: 'id', value: id } })) },
		events: ['*'],
		options: {},
		...extra,
	};
}

export function nodeOptions(
	baseUrl: string,
	publicKey: string,
	parameters: IDataObject,
): Omit<WebhookMethodOptions, 'method'> {
	return {
		node: new TelnyxVideoTrigger(),
		parameters: parameters as WebhookMethodOptions['parameters'],
		credentials: { telnyxVideoApi: { apiKey: API_KEY, publicKey, baseUrl } },
		credentialTypes: [new TelnyxVideoApi()],
		webhookBaseUrl: PROD_BASE,
		webhookTestBaseUrl: TEST_BASE,
		webhookId: WEBHOOK_ID,
	};
}
