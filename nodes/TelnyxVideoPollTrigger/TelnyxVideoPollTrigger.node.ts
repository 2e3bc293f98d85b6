/**
 * Starts a workflow on Telnyx Video events by polling the list endpoints, for n8n instances that
 * Telnyx cannot reach. Each record is emitted once, in the order it happened, across polls and
 * restarts (./cursor explains how).
 */
import type { INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { listSearch } from '../shared/locators';
import { poll } from './poll';
import { pollTriggerProperties } from './properties';

export class TelnyxVideoPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telnyx Video Poll Trigger',
		name: 'telnyxVideoPollTrigger',
		icon: { light: 'file:../../icons/telnyx.svg', dark: 'file:../../icons/telnyx.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when Telnyx Video lists a new recording, composition, session or participant event',
		defaults: { name: 'Telnyx Video Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'telnyxVideoApi', required: true }],
		properties: pollTriggerProperties,
	};

	methods = { listSearch: { searchRooms: listSearch.searchRooms } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await poll.call(this);
	}
}
