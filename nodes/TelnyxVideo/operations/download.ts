/**
 * Download (of a recording or a composition): everything only it has. It gets the record, then
 * its media file from the record's `download_url`, and outputs both: the record as JSON, the file
 * as binary data in the field the user names.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { downloadFile, telnyxRequest } from '../../shared/transport';
import type { ItemParameters, OperationSteps, Shown } from '../model';
import type { PreparedCall } from '../request';
import { requireData } from '../run';

const MIME_EXTENSIONS: Record<string, string> = {
	'video/mp4': 'mp4',
	'video/webm': 'webm',
	'audio/ogg': 'ogg',
	'audio/webm': 'webm',
	'audio/mpeg': 'mp3',
	'audio/wav': 'wav',
};

function properties(show: Shown): INodeProperties[] {
	return [
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the output binary field to put the file in',
			description: 'Name of the binary property the downloaded file is written to',
			displayOptions: { show },
		},
	];
}

/** The binary field the file goes to. */
function prepare(item: ItemParameters): string {
	const name = item.parameter('binaryPropertyName', 'data');
	if (typeof name !== 'string' || name.trim() === '') {
		throw item.fail('Put Output File in Field:', 'needs a field name, e.g. data');
	}
	return name.trim();
}

async function run(ctx: IExecuteFunctions, call: PreparedCall, binaryPropertyName: string): Promise<INodeExecutionData[]> {
	const body = await telnyxRequest.call(ctx, call.request, call.transport);
	const record = requireData(ctx, call.request, call.transport.itemIndex, body);
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
	return [{ json: record, binary: { [binaryPropertyName]: binary } }];
}

/** The steps of both Download operations (`output: 'download'`). */
export const downloadSteps: OperationSteps<string> = { properties, prepare, run };
