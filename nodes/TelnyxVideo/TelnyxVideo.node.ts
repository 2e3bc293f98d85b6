/*
 * Programmatic rather than declarative on purpose: Return All fetches pages concurrently, retries
 * honour Telnyx's rate-limit headers, and items are processed with bounded concurrency, none of
 * which n8n's declarative routing can do. The operations themselves are still data
 * (./operations), from which both the editor fields and the requests are derived.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { mapWithConcurrency, settle } from '../shared/concurrency';
import { listSearch } from '../shared/locators';
import { findOperation } from './operations';
import { sessionLoadOptions } from './operations/roomSessions.actions';
import { buildNodeProperties, subtitleExpression } from './properties';
import { CallBuilder } from './request';
import { runCall } from './run';

export class TelnyxVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Telnyx Video',
		name: 'telnyxVideo',
		icon: { light: 'file:../../icons/telnyx.svg', dark: 'file:../../icons/telnyx.dark.svg' },
		group: ['transform'],
		// Version 2 moved Include Sessions / Include Participants from Filters to Options on the lists;
		// workflows saved at 1 keep them under Filters (see `filtersInVersion1`).
		version: [1, 2],
		defaultVersion: 2,
		subtitle: subtitleExpression(),
		description: 'Manage Telnyx Video rooms, sessions, participants, recordings, compositions and join tokens',
		defaults: { name: 'Telnyx Video' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'telnyxVideoApi', required: true }],
		properties: buildNodeProperties(),
	};

	methods = { listSearch, loadOptions: sessionLoadOptions };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const op = findOperation(resource, operation);
		if (!op) {
			throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}" for resource "${resource}"`);
		}
		const continueOnFail = this.continueOnFail();

		// Check every item before sending anything, so bad input never leaves half the work done.
		const prepared = await Promise.all(
			items.map(async (_, itemIndex) => await settle(() => new CallBuilder(this, op, itemIndex).build())),
		);
		const invalid = prepared.find((outcome) => !outcome.ok);
		if (invalid && !invalid.ok && !continueOnFail) throw invalid.error;
		const concurrency = prepared.find((outcome) => outcome.ok)?.value?.transport.concurrency ?? 1;

		const results = await mapWithConcurrency(prepared, concurrency, async (call, itemIndex) => {
			const pairedItem = { item: itemIndex };
			const outcome = call.ok ? await settle(async () => await runCall(this, op, call.value)) : call;
			if (outcome.ok) return outcome.value.map((item) => ({ ...item, pairedItem }));
			if (!continueOnFail) throw outcome.error;
			const { message, description } = outcome.error as { message: string; description?: string };
			return [{ json: { error: message, ...(description ? { description } : {}) }, pairedItem }];
		});
		return [results.flat()];
	}
}
