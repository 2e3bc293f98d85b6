/**
 * What the harness (test/harness) does that no product test shows: n8n-core's own handling of a
 * node that throws outside its item loop (with and without "On Error: Continue"), and credential
 * data resolved like n8n's credentials helper does (expressions, type defaults, `authenticate`).
 *
 * Everything else the harness offers is proven by the product tests that use it:
 * runNode (expressions, resource locators, Bearer auth, Continue On Fail items, pairedItem,
 * binary output) by node.operations / node.behaviour / node.data-safety tests; runListSearch and
 * testCredential by node.behaviour.test.ts; runWebhookMethod by trigger-subscription.test.ts;
 * runWebhook by trigger-webhook.test.ts and reliability/webhook-fuzz.test.ts.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type {
	IAuthenticateGeneric,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';

import { runNode } from '../harness';

/* ----------------------------- local API server ---------------------------- */

interface SeenRequest {
	url: string;
	headers: IncomingHttpHeaders;
}

const seen: SeenRequest[] = [];
let server: Server;
let baseUrl: string;

function startServer(): Promise<void> {
	server = createServer((req, res) => {
		seen.push({ url: req.url!, headers: req.headers });
		req.resume();
		req.on('end', () => {
			const url = new URL(req.url!, 'http://x');
			const ok = req.headers.authorization === 'Bearer KEY_TEST' && url.pathname.startsWith('/rooms/');
			res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
			res.end(JSON.stringify(ok ? { data: { id: url.pathname.split('/')[2] } } : { errors: [{ code: '10009' }] }));
		});
	});
	return new Promise((resolve) =>
		server.listen(0, '127.0.0.1', () => {
			baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
			resolve();
		}),
	);
}

/* ------------------------- test credential + node -------------------------- */

class HarnessTestApi implements ICredentialType {
	name = 'harnessTestApi';
	displayName = 'Harness Test API';
	properties: INodeProperties[] = [
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
		{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: 'https://api.invalid' },
		{ displayName: 'Region', name: 'region', type: 'string', default: 'eu' },
	];
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '={{"Bearer " + $credentials.apiKey}}' } },
	};
}

class HarnessTestNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Test',
		name: 'harnessTest',
		group: ['transform'],
		version: 1,
		description: 'Test node for the harness',
		defaults: { name: 'Harness Test' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'harnessTestApi', required: true }],
		properties: [
			{ displayName: 'Room ID', name: 'roomId', type: 'string', default: '' },
			{ displayName: 'Label', name: 'label', type: 'string', default: 'default-label' },
			{ displayName: 'Fail Before Loop', name: 'failBeforeLoop', type: 'boolean', default: false },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('failBeforeLoop', 0)) {
			// not caught by the node: the engine's own continueOnFail handling applies
			throw new NodeOperationError(this.getNode(), 'Failed before the item loop');
		}
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const credentials = await this.getCredentials('harnessTestApi', i);
			try {
				const res = (await this.helpers.httpRequestWithAuthentication.call(this, 'harnessTestApi', {
					method: 'GET',
					url: `${credentials.baseUrl as string}/rooms/${this.getNodeParameter('roomId', i) as string}`,
					qs: { label: this.getNodeParameter('label', i) as string, region: credentials.region as string },
					json: true,
				})) as { data: IDataObject };
				out.push({ json: res.data, pairedItem: { item: i } });
			} catch (error) {
				throw new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		}
		return [out];
	}
}

/* ---------------------------------- tests ---------------------------------- */

const credentialTypes = [new HarnessTestApi()];

beforeAll(startServer);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
	seen.length = 0;
});

it('applies the engine\'s own continueOnFail handling when the node throws outside its item loop', async () => {
	const failing = {
		node: new HarnessTestNode(),
		parameters: { failBeforeLoop: true },
		input: [{ a: 1 }, { a: 2 }],
		credentials: { harnessTestApi: { apiKey: 'KEY_TEST', baseUrl } },
		credentialTypes,
	};
	const stopped = await runNode(failing);
	expect(stopped.error).toBeInstanceOf(NodeOperationError);
	expect(stopped.error?.message).toBe('Failed before the item loop');
	expect(stopped.items).toEqual([]);

	// n8n-core 2.41: with "On Error: Continue" a node that throws gets its input items passed
	// through unchanged, the error is kept on the task and the execution still ends with 'error'.
	const continued = await runNode({ ...failing, continueOnFail: true });
	expect(continued.nodeError).toBeInstanceOf(NodeOperationError);
	expect(continued.items.map((i) => i.json)).toEqual([{ a: 1 }, { a: 2 }]);
	expect(continued.run.status).toBe('error');
	expect(seen).toEqual([]);
});

it('resolves expressions in credential data, fills credential defaults and applies authenticate', async () => {
	const result = await runNode({
		node: new HarnessTestNode(),
		parameters: { roomId: 'r9' },
		input: [{ key: 'KEY_TEST' }],
		credentials: { harnessTestApi: { apiKey: '={{ $json.key }}', baseUrl: `={{ "${baseUrl}" }}` } },
		credentialTypes,
	});
	expect(result.error).toBeUndefined();
	expect(seen.map((r) => r.url)).toEqual(['/rooms/r9?label=default-label&region=eu']);
	expect(seen[0].headers.authorization).toBe('Bearer KEY_TEST');
	expect(result.authenticatedRequests).toHaveLength(1);
	expect(result.authenticatedRequests[0].headers).toMatchObject({ Authorization: 'Bearer KEY_TEST' });
	expect(result.items.map((i) => i.json)).toEqual([{ id: 'r9' }]);
});
