/** Binary data in and out of the node, through n8n-core's BinaryDataService (in-memory mode). */
import { BinaryDataService, prepareBinaryData } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { WORKFLOW_ID } from './prepare';
import { Container, bootstrap } from './runtime';

/** Makes an IBinaryData with n8n-core's real `prepareBinaryData` (mime/extension detection included). */
export async function makeBinary(
	data: Buffer,
	fileName?: string,
	mimeType?: string,
): Promise<IBinaryData> {
	bootstrap();
	return await prepareBinaryData(data, 'harness-binary', WORKFLOW_ID, fileName, mimeType);
}

/** Reads an IBinaryData (from input or output items) back into a Buffer via BinaryDataService. */
export async function readBinary(binary: IBinaryData): Promise<Buffer> {
	bootstrap();
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}
