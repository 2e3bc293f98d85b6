/**
 * Stand-ins for the express `Request` / `Response` pair that n8n's webhook
 * server hands to `WebhookContext` (via additionalData.httpRequest /
 * httpResponse).
 *
 * Why a fake: in n8n these objects are produced by express plus n8n's own
 * body-parsing middleware in the CLI (it reads the raw body into
 * `req.rawBody` and parses JSON / form bodies into `req.body`). Neither express
 * nor that middleware ships with n8n-core, so running them would mean adding
 * express and re-implementing the middleware anyway. Everything the node sees
 * beyond these two objects (getHeaderData, getBodyData, getRequestObject,
 * getResponseObject, getNodeParameter, getCredentials, getWorkflowStaticData,
 * helpers) is n8n-core's real WebhookContext.
 *
 * The fake request mirrors what the middleware produces: `rawBody` is the
 * exact bytes sent, `body` is the parsed JSON (or form) object, header names
 * are lower-cased, and `header()` / `get()` look up case-insensitively like
 * express.
 */
import type { IDataObject } from 'n8n-workflow';

export interface WebhookRequestInput {
	method?: string;
	/** Path + query as received, e.g. '/webhook/abc/webhook?x=1' (query parsed into `query`). */
	url?: string;
	headers?: Record<string, string | string[] | undefined>;
	/**
	 * The request body. A Buffer or string is used verbatim as `rawBody`; an
	 * object is JSON-serialised. `body` is the parsed form of `rawBody` (JSON
	 * when it parses, urlencoded form for that content type, else `{}`).
	 */
	body?: Buffer | string | IDataObject | unknown[];
	query?: IDataObject;
	params?: IDataObject;
	/**
	 * n8n's CLI exposes the raw bytes as `req.rawBody` once its body parser ran,
	 * and offers `req.readRawBody()` to read them on demand. Default true:
	 * `rawBody` is there from the start. With false, `rawBody` is undefined
	 * until the node awaits `readRawBody()`.
	 */
	rawBodyPreloaded?: boolean;
}

export interface FakeRequest {
	method: string;
	url: string;
	originalUrl: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	rawHeaders: string[];
	body: unknown;
	rawBody: Buffer | undefined;
	readRawBody(): Promise<void>;
	query: IDataObject;
	params: IDataObject;
	ip: string;
	hostname: string;
	protocol: string;
	secure: boolean;
	header(name: string): string | string[] | undefined;
	get(name: string): string | string[] | undefined;
	is(type: string): string | false;
}

export interface CapturedResponse {
	statusCode: number;
	headers: Record<string, string | number | string[]>;
	/** What was passed to send/json/end (json bodies are kept as objects). */
	body: unknown;
	/** True once send/json/end/sendStatus/redirect was called. */
	finished: boolean;
}

export function createFakeRequest(input: WebhookRequestInput = {}): FakeRequest {
	const headers: Record<string, string | string[] | undefined> = {};
	for (const [name, value] of Object.entries(input.headers ?? {})) {
		if (value !== undefined) headers[name.toLowerCase()] = value;
	}

	let rawBody: Buffer;
	if (input.body === undefined) rawBody = Buffer.alloc(0);
	else if (Buffer.isBuffer(input.body)) rawBody = input.body;
	else if (typeof input.body === 'string') rawBody = Buffer.from(input.body, 'utf8');
	else {
		rawBody = Buffer.from(JSON.stringify(input.body), 'utf8');
		headers['content-type'] ??= 'application/json';
	}
	if (rawBody.length > 0) headers['content-length'] ??= String(rawBody.length);

	const contentType = String(headers['content-type'] ?? '');
	let body: unknown = {};
	if (rawBody.length > 0) {
		const text = rawBody.toString('utf8');
		if (contentType.includes('application/x-www-form-urlencoded')) {
			body = Object.fromEntries(new URLSearchParams(text));
		} else {
			try {
				body = JSON.parse(text);
			} catch {
				body = {};
			}
		}
	}

	const url = input.url ?? '/';
	const parsedUrl = new URL(url, 'http://127.0.0.1');
	const query: IDataObject = input.query ?? Object.fromEntries(parsedUrl.searchParams);

	const lookup = (name: string) => {
		const key = name.toLowerCase();
		if (key === 'referer' || key === 'referrer') return headers.referer ?? headers.referrer;
		return headers[key];
	};

	const request: FakeRequest = {
		method: (input.method ?? 'POST').toUpperCase(),
		url,
		originalUrl: url,
		path: parsedUrl.pathname,
		headers,
		rawHeaders: Object.entries(headers).flatMap(([k, v]) =>
			Array.isArray(v) ? v.flatMap((x) => [k, x]) : [k, String(v)],
		),
		body,
		rawBody: input.rawBodyPreloaded === false ? undefined : rawBody,
		async readRawBody() {
			request.rawBody = rawBody;
		},
		query,
		params: input.params ?? {},
		ip: '127.0.0.1',
		hostname: '127.0.0.1',
		protocol: 'http',
		secure: false,
		header: lookup,
		get: lookup,
		is: (type: string) => (contentType.includes(type) ? type : false),
	};
	return request;
}

export function createFakeResponse() {
	const captured: CapturedResponse = { statusCode: 200, headers: {}, body: undefined, finished: false };
	const finish = (body?: unknown) => {
		if (body !== undefined) captured.body = body;
		captured.finished = true;
	};
	const res = {
		get statusCode() {
			return captured.statusCode;
		},
		set statusCode(code: number) {
			captured.statusCode = code;
		},
		get headersSent() {
			return captured.finished;
		},
		get writableEnded() {
			return captured.finished;
		},
		status(code: number) {
			captured.statusCode = code;
			return res;
		},
		sendStatus(code: number) {
			captured.statusCode = code;
			finish(String(code));
			return res;
		},
		setHeader(name: string, value: string | number | string[]) {
			captured.headers[name.toLowerCase()] = value;
			return res;
		},
		set(name: string | Record<string, string>, value?: string) {
			if (typeof name === 'string') captured.headers[name.toLowerCase()] = value ?? '';
			else for (const [k, v] of Object.entries(name)) captured.headers[k.toLowerCase()] = v;
			return res;
		},
		header(name: string, value: string) {
			return res.set(name, value);
		},
		getHeader(name: string) {
			return captured.headers[name.toLowerCase()];
		},
		type(contentType: string) {
			captured.headers['content-type'] = contentType;
			return res;
		},
		writeHead(code: number, headers?: Record<string, string>) {
			captured.statusCode = code;
			if (headers) res.set(headers);
			return res;
		},
		write(chunk: unknown) {
			captured.body = captured.body === undefined ? chunk : `${String(captured.body)}${String(chunk)}`;
			return true;
		},
		send(body?: unknown) {
			finish(body);
			return res;
		},
		json(body?: unknown) {
			captured.headers['content-type'] ??= 'application/json';
			finish(body);
			return res;
		},
		end(body?: unknown) {
			finish(body);
			return res;
		},
		redirect(statusOrUrl: number | string, url?: string) {
			if (typeof statusOrUrl === 'number') {
				captured.statusCode = statusOrUrl;
				captured.headers.location = url ?? '';
			} else {
				captured.statusCode = 302;
				captured.headers.location = statusOrUrl;
			}
			finish();
		},
		on() {
			return res;
		},
		once() {
			return res;
		},
	};
	return { res, captured };
}
