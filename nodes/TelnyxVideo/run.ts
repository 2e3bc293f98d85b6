/**
 * Sends a prepared call and shapes the answer into items, by the operation's output kind; an
 * operation with its own `run` step does both itself.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { requestAllPages, telnyxRequest } from '../shared/transport';
import type { Operation } from './model';
import type { PreparedCall } from './request';

/** The answer's `data` object, or an error that says Telnyx's answer could not be used. */
export function requireData(
	ctx: IExecuteFunctions,
	request: { method: string; path: string },
	itemIndex: number | undefined,
	body: IDataObject | undefined,
): IDataObject {
	const data = body?.data;
	if (data === null || typeof data !== 'object' || Array.isArray(data)) {
		throw new NodeApiError(
			ctx.getNode(),
			{ request: `${request.method} ${request.path}` },
			{
				message: 'Telnyx answered without the expected "data" object',
				description: 'The response could not be used. Try again; if it persists, report it to Telnyx.',
				itemIndex,
			},
		);
	}
	return data as IDataObject;
}

export async function runCall(ctx: IExecuteFunctions, op: Operation, call: PreparedCall): Promise<INodeExecutionData[]> {
	if (op.steps?.run) return await op.steps.run(ctx, call, call.own);
	const { request, transport } = call;
	switch (op.output) {
		case 'list': {
			const records = await requestAllPages.call(ctx, request, { ...transport, limit: call.limit });
			return records.map((json) => ({ json }));
		}
		case 'deleted':
			await telnyxRequest.call(ctx, request, transport);
			return [{ json: { id: call.targetId, deleted: true } }];
		default: {
			const body = await telnyxRequest.call(ctx, request, transport);
			return [{ json: requireData(ctx, request, transport.itemIndex, body) }];
		}
	}
}
