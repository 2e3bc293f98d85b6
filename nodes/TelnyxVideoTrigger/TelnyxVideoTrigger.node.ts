/**
 * Starts a workflow on Telnyx Video room events. Activation points the chosen rooms at n8n
 * (./subscription), every delivery's Ed25519 signature is checked before anything runs
 * (./receive), and deactivation gives each room its previous URL back.
 */
import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listSearch } from '../shared/locators';
import { eventsSubtitle } from './events';
import { triggerProperties } from './properties';
import { receive } from './receive';
import { WEBHOOK_NAME, WEBHOOK_PATH } from './activationInput';
import { checkExists, create, remove } from './subscription';

export class TelnyxVideoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telnyx Video Trigger',
		name: 'telnyxVideoTrigger',
		icon: { light: 'file:../../icons/telnyx.svg', dark: 'file:../../icons/telnyx.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves exactly as 1. n8n treats a version-1 webhook node like its old Webhook node
		// and evaluates an expression in a fresh isolate on every delivery (about 19 ms each under load).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: eventsSubtitle(),
		description: 'Starts the workflow when something happens in a Telnyx Video room',
		defaults: { name: 'Telnyx Video Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'telnyxVideoApi', required: true }],
		webhooks: [{ name: WEBHOOK_NAME, httpMethod: 'POST', responseMode: 'onReceived', path: WEBHOOK_PATH }],
		properties: triggerProperties,
	};

	methods = { listSearch: { searchRooms: listSearch.searchRooms } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}
}
