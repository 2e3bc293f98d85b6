/**
 * Proves the test harness (test/harness) drives nodes through n8n-core's real
 * execution engine. The node and credential types below exist only for this
 * test; they talk to a throw-away HTTP server on 127.0.0.1.
 */
import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IAuthenticateGeneric,
	ILoadOptionsFunctions,
	INodeExecutionData,
	INodeListSearchResult,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
	JsonObject,
} from 'n8n-workflow';

import {
	INPUT_NODE_NAME,
	makeBinary,
	readBinary,
	runListSearch,
	runNode,
	runWebhook,
	runWebhookMethod,
	testCredential,
} from '../harness';

/* ----------------------------- local API server ---------------------------- */

interface SeenRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: Buffer;
}

const FILE_BYTES = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 255]);
const seen: SeenRequest[] = [];
const hooks = new Map<string, string>();
let server: Server;
let baseUrl: string;

function startServer(): Promise<void> {
	server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
			const url = new URL(req.url!, 'http://x');
			const json = (status: number, payload: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(payload));
			};
			if (req.headers.authorization !== 'Bearer KEY_TEST') {
				return json(401, { errors: [{ code: '10009', title: 'Authentication failed' }] });
			}
			if (url.pathname === '/whoami') return json(200, { ok: true });
			if (url.pathname.startsWith('/rooms/missing')) {
				return json(404, { errors: [{ code: '10005', title: 'Resource not found' }] });
			}
			if (url.pathname.startsWith('/rooms/') && req.method === 'GET') {
				return json(200, {
					data: { id: url.pathname.split('/')[2], query: Object.fromEntries(url.searchParams) },
				});
			}
			if (url.pathname === '/rooms' && req.method === 'GET') {
				const rooms = [{ id: 'r1', unique_name: 'alpha' }, { id: 'r2', unique_name: 'beta' }];
				const filter = url.searchParams.get('filter') ?? '';
				return json(200, { data: rooms.filter((r) => r.unique_name.includes(filter)) });
			}
			if (url.pathname === '/upload' && req.method === 'POST') {
				return json(200, {
					sha256: createHash('sha256').update(body).digest('hex'),
					size: body.length,
					contentType: req.headers['content-type'],
				});
			}
			if (url.pathname === '/file') {
				res.writeHead(200, { 'content-type': 'image/png' });
				return res.end(FILE_BYTES);
			}
			if (url.pathname === '/hooks' && req.method === 'GET') {
				return json(200, { data: [...hooks].map(([id, u]) => ({ id, url: u })) });
			}
			if (url.pathname === '/hooks' && req.method === 'POST') {
				const id = `h${hooks.size + 1}`;
				hooks.set(id, (JSON.parse(body.toString()) as { url: string }).url);
				return json(201, { data: { id } });
			}
			if (url.pathname.startsWith('/hooks/') && req.method === 'DELETE') {
				hooks.delete(url.pathname.split('/')[2]);
				res.writeHead(204);
				return res.end();
			}
			return json(404, { errors: [{ title: 'no route' }] });
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			resolve();
		}),
	);
}

/* ------------------------- test credential + nodes ------------------------- */

class HarnessTestApi implements ICredentialType {
	name = 'harnessTestApi';
	displayName = 'Harness Test API';
	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Public Key', name: 'publicKey', type: 'string', default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://api.invalid' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '={{"Bearer " + $credentials.apiKey}}' } },
	};
	test: ICredentialTestRequest = {
		request: { baseURL: '={{$credentials.baseUrl}}', url: '/whoami' },
	};
}

const roomLocator: INodeProperties = {
	displayName: 'Room',
	name: 'roomId',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	modes: [
		{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchRooms', searchable: true } },
		{ displayName: 'ID', name: 'id', type: 'string' },
	],
};

class HarnessTestNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Test',
		name: 'harnessTest',
		group: ['transform'],
		version: [1, 2],
		defaultVersion: 2,
		description: 'Test node for the harness',
		defaults: { name: 'Harness Test' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'harnessTestApi', required: true }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Get', value: 'get' },
					{ name: 'Upload', value: 'upload' },
					{ name: 'Download', value: 'download' },
					{ name: 'Noop', value: 'noop' },
				],
				default: 'get',
			},
			{ ...roomLocator, displayOptions: { show: { operation: ['get'] } } },
			{ displayName: 'Label', name: 'label', type: 'string', default: 'default-label' },
			{ displayName: 'Binary Property', name: 'binaryPropertyName', type: 'string', default: 'data' },
			{ displayName: 'Fail Before Loop', name: 'failBeforeLoop', type: 'boolean', default: false },
		],
	};

	methods = {
		listSearch: {
			async searchRooms(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
				const { baseUrl: url } = await this.getCredentials('harnessTestApi');
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
					method: 'GET',
					url: `${url as string}/rooms`,
					qs: filter ? { filter } : {},
					json: true,
				})) as { data: Array<{ id: string; unique_name: string }> };
				return { results: res.data.map((r) => ({ name: r.unique_name, value: r.id })) };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const out: INodeExecutionData[] = [];
		if (this.getNodeParameter('failBeforeLoop', 0)) {
			// not caught by the node: the engine's own continueOnFail handling applies
			throw new NodeOperationError(this.getNode(), 'Failed before the item loop');
		}
		for (let i = 0; i < items.length; i++) {
			try {
				const operation = this.getNodeParameter('operation', i) as string;
				const credentials = await this.getCredentials('harnessTestApi', i);
				const url = credentials.baseUrl as string;
				if (operation === 'noop') {
					out.push({ json: { i }, pairedItem: { item: i } });
					continue;
				}
				if (operation === 'get') {
					const roomId = this.getNodeParameter('roomId', i, '', { extractValue: true }) as string;
					const label = this.getNodeParameter('label', i) as string;
					const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
						method: 'GET',
						url: `${url}/rooms/${encodeURIComponent(roomId)}`,
						qs: { label, region: credentials.region as string },
						json: true,
					})) as { data: IDataObject };
					out.push({ json: res.data, pairedItem: { item: i } });
				} else if (operation === 'upload') {
					const prop = this.getNodeParameter('binaryPropertyName', i) as string;
					const meta = this.helpers.assertBinaryData(i, prop);
					const buffer = await this.helpers.getBinaryDataBuffer(i, prop);
					const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
						method: 'POST',
						url: `${url}/upload`,
						body: buffer,
						headers: { 'content-type': meta.mimeType },
						json: true,
					})) as IDataObject;
					out.push({ json: res, binary: items[i].binary, pairedItem: { item: i } });
				} else if (operation === 'download') {
					const body = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
						method: 'GET',
						url: `${url}/file`,
						encoding: 'arraybuffer',
						json: false,
					})) as ArrayBuffer;
					const binary = await this.helpers.prepareBinaryData(Buffer.from(body), 'video.png', 'image/png');
					out.push({ json: { downloaded: true }, binary: { data: binary }, pairedItem: { item: i } });
				} else {
					throw new NodeOperationError(this.getNode(), `Unknown operation ${operation}`, { itemIndex: i });
				}
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [out];
	}
}

/** Trigger with a signed webhook (Ed25519 over `${timestamp}|${rawBody}`, like Telnyx). */
class HarnessTestTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Test Trigger',
		name: 'harnessTestTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Trigger for the harness test',
		defaults: { name: 'Harness Test Trigger' },
		inputs: [],
		outputs: ['main'],
		credentials: [{ name: 'harnessTestApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [{ displayName: 'Events', name: 'events', type: 'multiOptions', options: [{ name: 'A', value: 'a' }, { name: 'B', value: 'b' }], default: ['a'] }],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				if (!data.hookId) return false;
				const { baseUrl: url } = await this.getCredentials('harnessTestApi');
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
					method: 'GET',
					url: `${url as string}/hooks`,
					json: true,
				})) as { data: Array<{ id: string; url: string }> };
				return res.data.some((h) => h.id === data.hookId && h.url === this.getNodeWebhookUrl('default'));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const { baseUrl: url } = await this.getCredentials('harnessTestApi');
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
					method: 'POST',
					url: `${url as string}/hooks`,
					body: { url: this.getNodeWebhookUrl('default'), events: this.getNodeParameter('events') },
					json: true,
				})) as { data: { id: string } };
				this.getWorkflowStaticData('node').hookId = res.data.id;
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const data = this.getWorkflowStaticData('node');
				const { baseUrl: url } = await this.getCredentials('harnessTestApi');
				await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
					method: 'DELETE',
					url: `${url as string}/hooks/${data.hookId as string}`,
					json: true,
				});
				delete data.hookId;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject() as unknown as {
			rawBody?: Buffer;
			readRawBody(): Promise<void>;
			header(n: string): string | undefined;
		};
		if (!req.rawBody) await req.readRawBody();
		const { publicKey } = await this.getCredentials('harnessTestApi');
		const signature = req.header('Telnyx-Signature-Ed25519');
		const timestamp = req.header('telnyx-timestamp');
		const key = { key: Buffer.from(publicKey as string, 'base64'), format: 'der' as const, type: 'spki' as const };
		const ok =
			!!signature &&
			!!timestamp &&
			verify(null, Buffer.from(`${timestamp}|${req.rawBody!.toString('utf8')}`), key, Buffer.from(signature, 'base64'));
		if (!ok) {
			this.getResponseObject().status(401).send('Invalid signature');
			return { noWebhookResponse: true };
		}
		const body = this.getBodyData() as { data: { event_type: string } };
		return { workflowData: [this.helpers.returnJsonArray([{ event: body.data.event_type, headers: this.getHeaderData() as IDataObject }])] };
	}
}

/* ---------------------------------- tests ---------------------------------- */

const credentialTypes = [new HarnessTestApi()];
const credentials = () => ({ harnessTestApi: { apiKey: 'KEY_TEST', baseUrl } });

beforeAll(startServer);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	seen.length = 0;
});

describe('runNode (n8n-core WorkflowExecute)', () => {
	it('applies the credential Bearer header, resolves expressions and resource locators, fills defaults', async () => {
		const result = await runNode({
			node: new HarnessTestNode(),
			parameters: {
				operation: 'get',
				roomId: { __rl: true, mode: 'id', value: '={{ "room-" + $json.n }}' },
				label: '={{ $json.n * 10 }}-{{ $parameter.operation }}-{{ $("' + INPUT_NODE_NAME + '").item.json.n }}',
			},
			input: [{ n: 1 }, { n: 2 }],
			credentials: credentials(),
			credentialTypes,
		});

		expect(result.error).toBeUndefined();
		expect(seen.map((r) => r.url)).toEqual([
			'/rooms/room-1?label=10-get-1&region=eu',
			'/rooms/room-2?label=20-get-2&region=eu',
		]);
		expect(seen.every((r) => r.headers.authorization === 'Bearer KEY_TEST')).toBe(true);
		expect(result.items.map((i) => i.json)).toEqual([
			{ id: 'room-1', query: { label: '10-get-1', region: 'eu' } },
			{ id: 'room-2', query: { label: '20-get-2', region: 'eu' } },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.run.status).toBe('success');
		expect(Object.keys(result.runData)).toEqual([INPUT_NODE_NAME, 'Harness Test']);
	});

	it('returns the NodeApiError the node threw when the API fails', async () => {
		const result = await runNode({
			node: new HarnessTestNode(),
			parameters: { operation: 'get', roomId: { __rl: true, mode: 'id', value: 'missing' } },
			credentials: credentials(),
			credentialTypes,
		});
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('404');
		expect(result.items).toEqual([]);
		expect(result.run.status).toBe('error');
	});

	it('yields error items instead of failing with continueOnFail', async () => {
		const result = await runNode({
			node: new HarnessTestNode(),
			parameters: { operation: 'get', roomId: { __rl: true, mode: 'id', value: '={{ $json.id }}' } },
			input: [{ id: 'ok' }, { id: 'missing' }, { id: 'ok2' }],
			credentials: credentials(),
			credentialTypes,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json).toMatchObject({ id: 'ok' });
		expect(result.items[1].json.error).toBe('The resource you are requesting could not be found');
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(result.items[2].json).toMatchObject({ id: 'ok2' });
	});

	it('applies the engine\'s own continueOnFail handling when the node throws anyway', async () => {
		const failing = {
			node: new HarnessTestNode(),
			parameters: { operation: 'noop', failBeforeLoop: true },
			input: [{ a: 1 }, { a: 2 }],
			credentials: credentials(),
			credentialTypes,
		};
		const stopped = await runNode(failing);
		expect(stopped.error).toBeInstanceOf(NodeOperationError);
		expect(stopped.error?.message).toBe('Failed before the item loop');
		expect(stopped.items).toEqual([]);

		// n8n-core 2.41: with "On Error: Continue" a node that throws gets its
		// input items passed through unchanged, the error is kept on the task and
		// the execution still ends with status 'error'.
		const continued = await runNode({ ...failing, continueOnFail: true });
		expect(continued.nodeError).toBeInstanceOf(NodeOperationError);
		expect(continued.items.map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
		expect(continued.run.status).toBe('error');
	});

	it('resolves expressions in credential data and fills credential defaults', async () => {
		const result = await runNode({
			node: new HarnessTestNode(),
			parameters: { operation: 'get', roomId: { __rl: true, mode: 'id', value: 'r9' } },
			input: [{ key: 'KEY_TEST' }],
			credentials: { harnessTestApi: { apiKey: '={{ $json.key }}', baseUrl: `={{ "${baseUrl}" }}` } },
			credentialTypes,
		});
		expect(result.error).toBeUndefined();
		expect(seen[0].url).toBe('/rooms/r9?label=default-label&region=eu');
		expect(seen[0].headers.authorization).toBe('Bearer KEY_TEST');
		expect(result.authenticatedRequests).toHaveLength(1);
		expect(result.authenticatedRequests[0].headers).toMatchObject({ Authorization: 'Bearer KEY_TEST' });
	});

	it('wraps an unauthenticated request (wrong key) in an error', async () => {
		const result = await runNode({
			node: new HarnessTestNode(),
			parameters: { operation: 'get', roomId: { __rl: true, mode: 'id', value: 'x' } },
			credentials: { harnessTestApi: { apiKey: 'WRONG', baseUrl } },
			credentialTypes,
		});
		expect(seen[0].headers.authorization).toBe('Bearer WRONG');
		expect((result.error as NodeApiError).httpCode).toBe('401');
	});

	it('round-trips binary data in and out of the node', async () => {
		const upload = Buffer.from('hello video bytes \u00ff', 'utf8');
		const inputBinary = await makeBinary(upload, 'clip.mp4', 'video/mp4');
		const up = await runNode({
			node: new HarnessTestNode(),
			parameters: { operation: 'upload' },
			input: [{ json: { name: 'clip' }, binary: { data: inputBinary } }],
			credentials: credentials(),
			credentialTypes,
		});
		expect(up.error).toBeUndefined();
		expect(seen[0].body.equals(upload)).toBe(true);
		expect(seen[0].headers['content-type']).toBe('video/mp4');
		expect(up.items[0].json).toEqual({
			sha256: createHash('sha256').update(upload).digest('hex'),
			size: upload.length,
			contentType: 'video/mp4',
		});
		expect((await readBinary(up.items[0].binary!.data)).equals(upload)).toBe(true);

		const down = await runNode({
			node: new HarnessTestNode(),
			parameters: { operation: 'download' },
			credentials: credentials(),
			credentialTypes,
		});
		expect(down.error).toBeUndefined();
		const out = down.items[0].binary!.data;
		expect(out).toMatchObject({ mimeType: 'image/png', fileName: 'video.png', fileExtension: 'png' });
		expect((await readBinary(out)).equals(FILE_BYTES)).toBe(true);
	});

	// The harness's per-call overhead is a benchmark figure (bench/), not something a test can assert.
	it('preserves pairedItem', async () => {
		const input = [{ a: 1 }, { a: 2 }, { a: 3 }];
		const first = await runNode({
			node: new HarnessTestNode(),
			parameters: { operation: 'noop' },
			input,
			credentials: credentials(),
			credentialTypes,
		});
		expect(first.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(first.items.map((i) => i.json)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
	});
});

describe('editor and trigger entry points (real LoadOptionsContext / HookContext / WebhookContext)', () => {
	it('runs methods.listSearch with credentials and filter', async () => {
		const result = await runListSearch({
			node: new HarnessTestNode(),
			parameters: { operation: 'get' },
			method: 'searchRooms',
			filter: 'alp',
			credentials: credentials(),
			credentialTypes,
		});
		expect(result).toEqual({ results: [{ name: 'alpha', value: 'r1' }] });
		expect(seen[0].url).toBe('/rooms?filter=alp');
		expect(seen[0].headers.authorization).toBe('Bearer KEY_TEST');
	});

	it('runs webhookMethods checkExists / create / delete with static data and the webhook URL', async () => {
		hooks.clear();
		const common = {
			node: new HarnessTestTrigger(),
			parameters: { events: ['a', 'b'] },
			credentials: credentials(),
			credentialTypes,
			webhookBaseUrl: 'https://n8n.example.com/webhook',
			webhookId: 'wh-123',
		};
		const exists1 = await runWebhookMethod({ ...common, method: 'checkExists' });
		expect(exists1.result).toBe(false);
		expect(exists1.webhookUrl).toBe('https://n8n.example.com/webhook/wh-123/webhook');

		const created = await runWebhookMethod({ ...common, method: 'create' });
		expect(created.result).toBe(true);
		expect(created.nodeStaticData).toEqual({ hookId: 'h1' });
		expect(created.staticData).toEqual({ 'node:Harness Test Trigger': { hookId: 'h1' } });
		expect(JSON.parse(seen[seen.length - 1].body.toString())).toEqual({
			url: 'https://n8n.example.com/webhook/wh-123/webhook',
			events: ['a', 'b'],
		});

		const exists2 = await runWebhookMethod({ ...common, method: 'checkExists', staticData: created.staticData });
		expect(exists2.result).toBe(true);

		const deleted = await runWebhookMethod({ ...common, method: 'delete', staticData: created.staticData });
		expect(deleted.result).toBe(true);
		expect(deleted.nodeStaticData).toEqual({});
		expect(hooks.size).toBe(0);
	});

	it('runs webhook(): 401 on a bad signature, items on a good one', async () => {
		const { publicKey, privateKey } = generateKeyPairSync('ed25519');
		const publicKeyB64 = publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
		const raw = JSON.stringify({ data: { event_type: 'room.created', payload: {} } });
		const timestamp = String(Math.floor(Date.now() / 1000));
		const signature = sign(null, Buffer.from(`${timestamp}|${raw}`), privateKey).toString('base64');
		const common = {
			node: new HarnessTestTrigger(),
			parameters: {},
			credentials: { harnessTestApi: { apiKey: 'KEY_TEST', publicKey: publicKeyB64, baseUrl } },
			credentialTypes,
		};

		const bad = await runWebhook({
			...common,
			request: { body: raw, headers: { 'Telnyx-Signature-Ed25519': signature, 'Telnyx-Timestamp': '1' } },
		});
		expect(bad.error).toBeUndefined();
		expect(bad.httpResponse).toMatchObject({ statusCode: 401, body: 'Invalid signature', finished: true });
		expect(bad.response).toEqual({ noWebhookResponse: true });

		const good = await runWebhook({
			...common,
			request: {
				body: raw,
				headers: { 'Content-Type': 'application/json', 'Telnyx-Signature-Ed25519': signature, 'Telnyx-Timestamp': timestamp },
				rawBodyPreloaded: false,
			},
		});
		expect(good.httpResponse.finished).toBe(false);
		expect(good.request.rawBody?.toString()).toBe(raw);
		expect(good.response?.workflowData?.[0][0].json).toMatchObject({
			event: 'room.created',
			headers: { 'telnyx-timestamp': timestamp },
		});
	});

	it('runs the credential test request with authenticate applied', async () => {
		await expect(
			testCredential({ credentialType: new HarnessTestApi(), data: { apiKey: 'KEY_TEST', baseUrl } }),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen[0]).toMatchObject({ method: 'GET', url: '/whoami' });
		expect(seen[0].headers.authorization).toBe('Bearer KEY_TEST');

		const bad = await testCredential({ credentialType: new HarnessTestApi(), data: { apiKey: 'nope', baseUrl } });
		expect(bad.status).toBe('Error');
	});
});
