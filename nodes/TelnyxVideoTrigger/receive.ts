/**
 * One delivery from Telnyx: check the signature on the raw bytes, then parse, filter and emit.
 * Rejected deliveries are answered here and start no execution.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyTelnyxSignature } from '../shared/signature';
import { CREDENTIAL_NAME } from '../shared/transport';
import { RELEASED } from './chain';
import { isSelected, readEvent, toItem } from './events';

type Request = ReturnType<IWebhookFunctions['getRequestObject']>;

/** A header's value, looked up case-insensitively; a repeated header counts as missing. */
export function headerValue(headers: IDataObject | undefined, name: string): string | undefined {
	const wanted = name.toLowerCase();
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (key.toLowerCase() !== wanted) continue;
		if (Array.isArray(value)) return value.length === 1 ? String(value[0]) : undefined;
		return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}

/** The body bytes exactly as they arrived, reading them if n8n has not yet. */
async function rawBodyOf(request: Request): Promise<Buffer | undefined> {
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

function answer(ctx: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	ctx.getResponseObject().status(status).json(body);
	return { noWebhookResponse: true };
}

function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
	const text = raw.toString('utf8').replace(/^\uFEFF/, '');
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch {
		return { ok: false };
	}
}

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const options = this.getNodeParameter('options', {}) as IDataObject;
	const events = this.getNodeParameter('events', []) as string[];
	const raw = await rawBodyOf(request);

	// A room this trigger let go of but Telnyx could not clear (./chain): not ours to act on.
	if (RELEASED in (this.getQueryData() as IDataObject)) {
		return answer(this, 200, { received: true, ignored: 'this room was handed back; it no longer starts this workflow' });
	}

	if (options.checkSignature !== false) {
		const credentials = await this.getCredentials(CREDENTIAL_NAME);
		const headers = request.headers as IDataObject;
		const check = verifyTelnyxSignature({
			rawBody: raw ?? Buffer.alloc(0),
			signature: headerValue(headers, SIGNATURE_HEADER),
			timestamp: headerValue(headers, TIMESTAMP_HEADER),
			publicKey: String(credentials.publicKey ?? ''),
		});
		if (!check.valid || raw === undefined) {
			const reason = check.valid ? 'raw_body_unavailable' : check.reason;
			this.logger.warn(`Telnyx Video Trigger rejected a delivery (${reason}); no execution was started`);
			return answer(this, 401, { error: 'Invalid Telnyx signature', reason });
		}
	}

	let body: unknown = request.body;
	if (raw !== undefined && raw.length > 0) {
		const parsed = parseJson(raw);
		if (!parsed.ok) return answer(this, 400, { error: 'The body is not valid JSON' });
		body = parsed.value;
	}
	const event = readEvent(body);
	if (!event) return answer(this, 400, { error: 'The body is not a Telnyx event (no data.event_type)' });
	if (!isSelected(event.eventType, events)) {
		return answer(this, 200, { received: true, ignored: `${event.eventType} is not among the selected events` });
	}
	return { workflowData: [[{ json: toItem(event, options.simplify !== false) }]] };
}
