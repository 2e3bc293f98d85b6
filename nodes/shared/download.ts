/**
 * Downloading a record's media file from its pre-signed `download_url`: sent without the API key,
 * with the same retries as API calls, streamed rather than held whole, named from the answer.
 */
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';

import { apiError } from './errors';
import { header } from './network';
import type { TelnyxContext, TelnyxRequest, TransportSettings } from './send';
import { DEFAULT_TRANSPORT, readCredential, sendWithRetries } from './send';

/** What n8n's binary helpers take: a Buffer or a stream (named so without importing 'stream'). */
export type BinarySource = Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0];

interface StreamLike {
	destroy(): void;
	[Symbol.asyncIterator](): AsyncIterator<unknown>;
}
const isStream = (body: unknown): body is StreamLike =>
	typeof (body as { pipe?: unknown } | undefined)?.pipe === 'function' &&
	typeof (body as { destroy?: unknown }).destroy === 'function';

export interface DownloadedFile {
	/** The file's bytes as they arrive (a stream): never held whole, so any size fits. */
	data: BinarySource;
	mimeType?: string;
	fileName?: string;
}

/** At most this much of a failed download's answer is read, for the error message. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

async function readErrorBody(body: unknown): Promise<string | undefined> {
	if (!isStream(body)) return Buffer.isBuffer(body) ? body.toString('utf8') : (body as string | undefined);
	const chunks: Buffer[] = [];
	let size = 0;
	try {
		for await (const chunk of body) {
			chunks.push(Buffer.from(chunk as Buffer));
			size += (chunk as Buffer).length;
			if (size >= MAX_ERROR_BODY_BYTES) break;
		}
	} catch {
		// what arrived is enough for the message
	} finally {
		body.destroy();
	}
	return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

function fileNameFrom(disposition: string | undefined, url: string): string | undefined {
	const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition ?? '');
	if (match) return decodeURIComponent(match[1]);
	try {
		const last = new URL(url).pathname.split('/').pop();
		return last ? decodeURIComponent(last) : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Downloads a media file from a record's `download_url`. Those are pre-signed storage links, so
 * the API key is deliberately not sent: it must never leave for another host.
 */
export async function downloadFile(
	this: TelnyxContext,
	url: string,
	overrides: Partial<TransportSettings> = {},
): Promise<DownloadedFile> {
	const settings = { ...DEFAULT_TRANSPORT, ...overrides };
	const credential = await readCredential(this);
	// Pre-signed links carry their signature in the query: keep it out of error messages.
	const request: TelnyxRequest = { method: 'GET', path: url.split('?')[0] };
	const options: IHttpRequestOptions = {
		method: 'GET',
		url,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeoutMs,
	};
	const { response, attempts } = await sendWithRetries(this, request, options, settings, credential.apiKey, false);
	if (response.statusCode < 200 || response.statusCode >= 300) {
		const body = await readErrorBody(response.body);
		throw apiError(this, request, credential.apiKey, { status: response.statusCode, body, attempts }, settings.itemIndex);
	}
	const headers = response.headers as IDataObject;
	const raw = response.body as unknown;
	const data = (isStream(raw) ? raw : Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw ?? ''))) as BinarySource;
	const mimeType = header(headers, 'content-type')?.split(';')[0].trim() || undefined;
	return { data, mimeType, fileName: fileNameFrom(header(headers, 'content-disposition'), url) };
}
