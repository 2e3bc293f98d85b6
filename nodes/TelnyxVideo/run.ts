/** Sends a prepared call and shapes the answer into items, by the operation's output kind. */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { downloadFile, requestAllPages, telnyxRequest } from '../shared/transport';
import { runBulkDelete } from './bulkDelete';
import type { Operation } from './model';
import type { PreparedCall } from './request';

function dataOf(ctx: IExecuteFunctions, call: PreparedCall, body: IDataObject | undefined): IDataObject {
	return requireData(ctx, call.request, call.transport.itemIndex, body);
}

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

const MIME_EXTENSIONS: Record<string, string> = {
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'audio/ogg': 'ogg',
	'audio/webm': 'webm',
	'audio/mpeg': 'mp3',
	'audio/wav': 'wav',
};

async function download(ctx: IExecuteFunctions, call: PreparedCall): Promise<INodeExecutionData> {
	const record = dataOf(ctx, call, await telnyxRequest.call(ctx, call.request, call.transport));
	const url = record.download_url;
	if (typeof url !== 'string' || url === '') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Nothing to download yet: ${String(call.targetId)} has no download URL (status: ${String(record.status ?? 'unknown')})`,
			{
				itemIndex: call.transport.itemIndex,
				description: 'Recordings and compositions can be downloaded once their status is "completed".',
			},
		);
	}
	const file = await downloadFile.call(ctx, url, call.transport);
	const mimeType = file.mimeType ?? 'application/octet-stream';
	const fileName = file.fileName ?? `${String(record.id)}.${MIME_EXTENSIONS[mimeType] ?? 'bin'}`;
	const binary = await ctx.helpers.prepareBinaryData(file.data, fileName, mimeType);
	return { json: record, binary: { [call.binaryPropertyName ?? 'data']: binary } };
}

export async function runCall(ctx: IExecuteFunctions, op: Operation, call: PreparedCall): Promise<INodeExecutionData[]> {
	if (op.run) return await op.run(ctx, call);
	const { request, transport } = call;
	switch (op.output) {
		case 'list': {
			const records = await requestAllPages.call(ctx, request, { ...transport, limit: call.limit });
			return records.map((json) => ({ json }));
		}
		case 'deleted':
			await telnyxRequest.call(ctx, request, transport);
			return [{ json: { id: call.targetId, deleted: true } }];
		case 'bulkDelete':
			return await runBulkDelete(ctx, call);
		case 'download':
			return [await download(ctx, call)];
		default:
			return [{ json: dataOf(ctx, call, await telnyxRequest.call(ctx, request, transport)) }];
	}
}
