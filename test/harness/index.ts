/**
 * Test harness that runs a node through n8n-core's real execution engine.
 *
 * `runNode` builds a two-node workflow (a tiny "Harness Input" node that emits
 * `opts.input`, connected to the node under test) and executes it with
 * n8n-core's `WorkflowExecute`, exactly like n8n runs a workflow: parameters
 * get their defaults from n8n-workflow's `Workflow`, `getNodeParameter`
 * resolves expressions and resource locators with the real expression engine,
 * `continueOnFail` reads `node.onError`, `helpers.httpRequest(WithAuthentication)`
 * go through n8n-core's real request helpers (real HTTP on the network), and
 * binary data goes through n8n-core's `BinaryDataService` in memory mode.
 *
 * `runListSearch`, `runWebhookMethod` and `runWebhook` do
 * the same for the other entry points, using n8n-core's real
 * `LoadOptionsContext`, `HookContext` and `WebhookContext`.
 *
 * `testCredential` runs a credential type's declarative `test` request the way
 * n8n's credential tester does: through n8n-core's `RoutingNode`.
 */
import {
	BinaryDataService,
	ExecuteContext,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	HookContext,
	LoadOptionsContext,
	RoutingNode,
	WebhookContext,
	WorkflowExecute,
	prepareBinaryData,
} from 'n8n-core';
import { NodeHelpers, Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	IBinaryData,
	ICredentialDataDecryptedObject,
	ICredentialType,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INode,
	INodeCredentialTestResult,
	INodeCredentials,
	INodeExecutionData,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WebhookType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper';
import { createFakeRequest, createFakeResponse } from './http-fakes';
import type { CapturedResponse, FakeRequest, WebhookRequestInput } from './http-fakes';
import { Container, HarnessNodeTypes, bootstrap } from './runtime';

export { HarnessCredentialsHelper } from './credentials-helper';
export type { CapturedResponse, FakeRequest, WebhookRequestInput } from './http-fakes';

export const PACKAGE_NAME = 'n8n-nodes-telnyx-video';
export const INPUT_NODE_NAME = 'Harness Input';
const INPUT_NODE_TYPE = 'n8n-nodes-harness.input';
const WORKFLOW_ID = 'harnessWorkflow';

/* -------------------------------------------------------------------------- */
/*                                   Types                                    */
/* -------------------------------------------------------------------------- */

export interface HarnessNodeOptions {
	/** An instance of the node type, e.g. `new TelnyxVideo()` (versioned node types work too). */
	node: INodeType | IVersionedNodeType;
	/** Full node type name. Default: `n8n-nodes-telnyx-video.<description.name>`. */
	nodeTypeName?: string;
	/** Default: the description's default version (or its highest version). */
	typeVersion?: number;
	/** Name of the node in the workflow. Default: `description.defaults.name`. */
	nodeName?: string;
	/** The node's parameters as n8n stores them (resource locators as `{ __rl: true, mode, value }`, expressions as `'={{ ... }}'`). */
	parameters: INodeParameters;
	/** Decrypted credential data by credential type name, e.g. `{ telnyxVideoApi: { apiKey, publicKey, baseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Credential type instances; needed for `authenticate`, defaults and `testCredential`. */
	credentialTypes?: ICredentialType[];
}

export interface RunNodeOptions extends HarnessNodeOptions {
	/**
	 * Items fed into the node. Default: one empty item. An element with a
	 * `json` object property is taken as an `INodeExecutionData` (binary,
	 * pairedItem allowed); anything else is wrapped as `{ json: element }`.
	 */
	input?: Array<IDataObject | INodeExecutionData>;
	/** Sets `node.onError = 'continueRegularOutput'` (n8n 1.x/2.x "On Error: Continue"). */
	continueOnFail?: boolean;
	/** Execution mode; default 'manual' (as a click on "Execute workflow"). */
	mode?: WorkflowExecuteMode;
	/** Workflow settings (timezone, …). `executionOrder` defaults to 'v1'. */
	workflowSettings?: IWorkflowSettings;
	/** Initial workflow static data; read back from `result.staticData`. */
	staticData?: IDataObject;
}

export interface RunNodeResult {
	/** Output 0 of the node under test (what the next node would receive). */
	items: INodeExecutionData[];
	/** All outputs of the node under test. */
	outputs: INodeExecutionData[][];
	/** The error the node threw (NodeApiError / NodeOperationError …) if the run failed. */
	error?: Error;
	/**
	 * The error the node threw, also when the engine carried on because of
	 * continueOnFail (then `error` is undefined and `items` hold the engine's
	 * `{ json: { error: message } }` item).
	 */
	nodeError?: Error;
	/** `run.data.resultData.runData` (per node name: task data). */
	runData: IRunData;
	/** The complete IRun returned by WorkflowExecute. */
	run: IRun;
	/** Workflow static data after the run (plain object). */
	staticData: IDataObject;
	/** Request options as they left the credentials helper's `authenticate` (auth applied), in order. */
	authenticatedRequests: IHttpRequestOptions[];
}

export interface ListSearchOptions extends HarnessNodeOptions {
	/** Name of the `methods.listSearch` (or `methods.loadOptions`) method. */
	method: string;
	filter?: string;
	paginationToken?: string;
	/** Path of the parameter being edited (as the editor sends it). Default: 'parameters'. */
	path?: string;
}

export interface WebhookOptions extends HarnessNodeOptions {
	/** Base URL n8n would serve production webhooks under. Default: 'http://127.0.0.1:5678/webhook'. */
	webhookBaseUrl?: string;
	/** The trigger node's webhookId. Default: 'harness-webhook-id'. */
	webhookId?: string;
	/** Name of the webhook description. Default: 'default'. */
	webhookName?: WebhookType;
	/** Workflow static data before the call (the harness never mutates this object). */
	staticData?: IDataObject;
	/** Workflow id (used by n8n in webhook paths for non-webhookId nodes). */
	workflowId?: string;
}

export interface WebhookMethodOptions extends WebhookOptions {
	method: 'checkExists' | 'create' | 'delete';
	/** What n8n passes as the activation mode ('activate' | 'init' | 'update' | 'leadershipChange' | 'manual'). Default: 'activate'. */
	activation?: WorkflowActivateMode;
	/** Execution mode; n8n uses 'trigger' when activating. */
	mode?: WorkflowExecuteMode;
	/** Use the test webhook base URL instead (editor "listen for test event"). */
	isTest?: boolean;
	webhookTestBaseUrl?: string;
}

export interface WebhookMethodResult {
	result: boolean;
	/** The URL `getNodeWebhookUrl(name)` returned inside the call. */
	webhookUrl: string | undefined;
	/** All workflow static data after the call (plain object). */
	staticData: IDataObject;
	/** The node's slice of static data (`getWorkflowStaticData('node')`). */
	nodeStaticData: IDataObject;
}

export interface RunWebhookOptions extends WebhookOptions {
	request: WebhookRequestInput;
	mode?: WorkflowExecuteMode;
}

export interface RunWebhookResult {
	/** What `webhook()` returned. */
	response?: IWebhookResponseData;
	/** What the node did to the response object (status, headers, body). */
	httpResponse: CapturedResponse;
	/** The request object the node saw. */
	request: FakeRequest;
	/** The error `webhook()` threw, if any. */
	error?: Error;
	staticData: IDataObject;
	nodeStaticData: IDataObject;
}

export interface TestCredentialOptions {
	credentialType: ICredentialType;
	data: ICredentialDataDecryptedObject;
	/** Further credential types, if `credentialType` extends others. */
	credentialTypes?: ICredentialType[];
}

/* -------------------------------------------------------------------------- */
/*                                  Helpers                                   */
/* -------------------------------------------------------------------------- */

/** The tiny node feeding `opts.input` into the node under test. */
const inputNodeType: INodeType = {
	description: {
		displayName: 'Harness Input',
		name: 'input',
		group: ['input'],
		version: 1,
		description: 'Emits the items given to the harness',
		defaults: { name: INPUT_NODE_NAME },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
	async execute() {
		return [this.getInputData()];
	},
};

function descriptionOf(
	nodeType: INodeType | IVersionedNodeType,
): INodeTypeDescription & { defaultVersion?: number } {
	return nodeType.description as INodeTypeDescription & { defaultVersion?: number };
}

function defaultVersion(nodeType: INodeType | IVersionedNodeType): number {
	const description = descriptionOf(nodeType);
	if (description.defaultVersion !== undefined) return description.defaultVersion;
	const { version } = description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

function isExecutionData(value: IDataObject | INodeExecutionData): value is INodeExecutionData {
	const { json } = value as { json?: unknown };
	return typeof json === 'object' && json !== null && !Array.isArray(json);
}

function toPlain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value ?? {})) as T;
}

function nodeCredentials(
	credentials: Record<string, ICredentialDataDecryptedObject> | undefined,
): INodeCredentials | undefined {
	if (!credentials || Object.keys(credentials).length === 0) return undefined;
	const result: INodeCredentials = {};
	for (const type of Object.keys(credentials)) {
		result[type] = { id: HarnessCredentialsHelper.credentialId(type), name: `${type} (test)` };
	}
	return result;
}

interface Prepared {
	typeName: string;
	nodeType: INodeType;
	node: INode;
	nodeTypes: HarnessNodeTypes;
	credentialsHelper: HarnessCredentialsHelper;
}

async function prepare(opts: HarnessNodeOptions, extraNode: Partial<INode> = {}): Promise<Prepared> {
	bootstrap();
	const description = descriptionOf(opts.node);
	const typeName = opts.nodeTypeName ?? `${PACKAGE_NAME}.${description.name}`;
	const typeVersion = opts.typeVersion ?? defaultVersion(opts.node);
	const nodeTypes = new HarnessNodeTypes({ [INPUT_NODE_TYPE]: inputNodeType, [typeName]: opts.node });

	const credentialsHelper = new HarnessCredentialsHelper(opts.credentialTypes);
	for (const [type, data] of Object.entries(opts.credentials ?? {})) {
		await credentialsHelper.store(type, data);
	}

	const node: INode = {
		id: 'node-under-test',
		name: opts.nodeName ?? description.defaults?.name ?? description.displayName,
		type: typeName,
		typeVersion,
		position: [250, 0],
		// deep copy: Workflow writes defaults into node.parameters
		parameters: structuredClone(opts.parameters),
		credentials: nodeCredentials(opts.credentials),
		...extraNode,
	};
	return {
		typeName,
		nodeType: nodeTypes.getByNameAndVersion(typeName, typeVersion),
		node,
		nodeTypes,
		credentialsHelper,
	};
}

/** The node under test in n8n's shapes (type registry, INode, credentials); used by ./poll. */
export { prepare as prepareNode };

let executionCounter = 0;

export type AdditionalDataOverrides = Partial<IWorkflowExecuteAdditionalData>;

/**
 * The per-execution data n8n's CLI passes to the engine
 * (WorkflowExecuteAdditionalData.getBase in n8n). Only what a node can reach
 * is filled in; sub-workflow execution and the task runner are not available.
 */
export function createAdditionalData(
	credentialsHelper: HarnessCredentialsHelper,
	overrides: AdditionalDataOverrides = {},
): IWorkflowExecuteAdditionalData {
	const base = 'http://127.0.0.1:5678';
	const unavailable = (what: string) => async () => {
		throw new Error(`Harness: ${what} is not available in the test harness`);
	};
	const additionalData = {
		credentialsHelper,
		executionId: `harness-${++executionCounter}`,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: `${base}/`,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		variables: {},
		userId: 'harness-user',
		workflowId: WORKFLOW_ID,
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: unavailable('executeWorkflow (sub-workflows)'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: unavailable('startRunnerTask (code task runner)'),
		...overrides,
	};
	return additionalData as IWorkflowExecuteAdditionalData;
}

/* -------------------------------------------------------------------------- */
/*                                  runNode                                   */
/* -------------------------------------------------------------------------- */

export async function runNode(opts: RunNodeOptions): Promise<RunNodeResult> {
	const prepared = await prepare(opts, opts.continueOnFail ? { onError: 'continueRegularOutput' } : {});
	const { node, nodeType, credentialsHelper } = prepared;
	const mode = opts.mode ?? 'manual';

	// WorkflowExecute stores a node's error in the run data as a plain copy
	// (`{ ...error, message, stack }`). To hand the test the error object the
	// node really threw (a NodeApiError with httpCode, description, …) the node
	// type is registered behind a thin wrapper that records what `execute`
	// throws and rethrows it unchanged; everything else is inherited.
	let thrown: Error | undefined;
	const recordingNodeType: INodeType = Object.create(nodeType, {
		execute: {
			value: nodeType.execute
				? async function (this: IExecuteFunctions) {
						try {
							return await nodeType.execute!.call(this);
						} catch (error) {
							thrown = error as Error;
							throw error;
						}
					}
				: undefined,
		},
	}) as INodeType;
	const nodeTypes = new HarnessNodeTypes({
		[INPUT_NODE_TYPE]: inputNodeType,
		[prepared.typeName]: recordingNodeType,
	});

	const inputNode: INode = {
		id: 'harness-input',
		name: INPUT_NODE_NAME,
		type: INPUT_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const connections = {
		[INPUT_NODE_NAME]: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] },
	};
	const settings: IWorkflowSettings = { executionOrder: 'v1', ...opts.workflowSettings };

	const workflow = new Workflow({
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		nodes: [inputNode, node],
		connections,
		nodeTypes,
		active: false,
		settings,
		staticData: opts.staticData ? structuredClone(opts.staticData) : undefined,
	});

	const additionalData = createAdditionalData(credentialsHelper);
	const hooks = new ExecutionLifecycleHooks(mode, additionalData.executionId!, {
		id: WORKFLOW_ID,
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes: [inputNode, node],
		connections,
		settings,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as ConstructorParameters<typeof ExecutionLifecycleHooks>[2]);
	additionalData.hooks = hooks;

	const inputItems: INodeExecutionData[] = (opts.input ?? [{}]).map((entry) =>
		isExecutionData(entry) ? structuredClone(entry) : { json: structuredClone(entry) },
	);

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: workflow.getNode(INPUT_NODE_NAME)!,
					data: { main: [inputItems] },
					source: null,
				},
			],
		},
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const run = await workflowExecute.processRunExecutionData(workflow);

	const runData = run.data.resultData.runData;
	const task = runData[node.name]?.[0];
	const outputs = (task?.data?.main ?? []).map((items) => items ?? []);
	const nodeError = task?.error ? (thrown ?? (task.error as Error)) : undefined;
	const failed = run.status === 'error' || run.data.resultData.error !== undefined;
	const error = failed
		? (nodeError ??
			(run.data.resultData.error as Error | undefined) ??
			new Error(`Harness: the workflow failed before "${node.name}" ran`))
		: task === undefined
			? new Error(`Harness: node "${node.name}" did not run`)
			: undefined;

	return {
		items: outputs[0] ?? [],
		outputs,
		error,
		nodeError,
		runData,
		run,
		staticData: toPlain(workflow.staticData as IDataObject),
		authenticatedRequests: credentialsHelper.authenticatedRequests,
	};
}

/* -------------------------------------------------------------------------- */
/*                        listSearch / loadOptions                            */
/* -------------------------------------------------------------------------- */

/** Builds the single-node workflow n8n creates for editor requests. */
function singleNodeWorkflow(prepared: Prepared, staticData?: IDataObject, id = WORKFLOW_ID) {
	return new Workflow({
		id,
		name: 'Harness workflow',
		nodes: [prepared.node],
		connections: {},
		nodeTypes: prepared.nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
		staticData: staticData ? structuredClone(staticData) : undefined,
	});
}

/** Calls `methods.listSearch[method]` with n8n-core's real LoadOptionsContext. */
export async function runListSearch(opts: ListSearchOptions): Promise<INodeListSearchResult> {
	const prepared = await prepare(opts);
	const fn = prepared.nodeType.methods?.listSearch?.[opts.method];
	if (!fn) throw new Error(`Harness: node has no methods.listSearch.${opts.method}`);
	const workflow = singleNodeWorkflow(prepared);
	const node = workflow.getNode(prepared.node.name)!;
	const additionalData = createAdditionalData(prepared.credentialsHelper, {
		currentNodeParameters: node.parameters,
	});
	const context = new LoadOptionsContext(workflow, node, additionalData, opts.path ?? 'parameters');
	return await fn.call(context, opts.filter, opts.paginationToken);
}

/* -------------------------------------------------------------------------- */
/*                         webhookMethods / webhook()                         */
/* -------------------------------------------------------------------------- */

function webhookDescription(nodeType: INodeType, name: string): IWebhookDescription {
	const found = nodeType.description.webhooks?.find((w) => w.name === name);
	if (!found) throw new Error(`Harness: node type has no webhook named "${name}"`);
	return found;
}

function buildWebhookData(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	additionalData: IWorkflowExecuteAdditionalData,
	mode: WorkflowExecuteMode,
	isTest: boolean,
): IWebhookData {
	const resolve = (value: unknown, fallback: unknown) =>
		typeof value === 'string'
			? workflow.expression.getSimpleParameterValue(node, value, mode, {}, undefined, fallback as string)
			: (value ?? fallback);
	const path = String(resolve(description.path, ''));
	const isFullPath = Boolean(resolve(description.isFullPath, false));
	return {
		httpMethod: String(resolve(description.httpMethod, 'GET')) as IHttpRequestMethods,
		node: node.name,
		path: NodeHelpers.getNodeWebhookPath(workflow.id, node, path, isFullPath),
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: node.webhookId,
		isTest,
	};
}

function nodeSlice(workflow: Workflow, node: INode): IDataObject {
	return toPlain(workflow.getStaticData('node', node));
}

/** What both webhook entry points need: the node in a one-node workflow and its webhook data. */
async function webhookSetup(
	opts: WebhookOptions,
	mode: WorkflowExecuteMode,
	isTest: boolean,
	additional: AdditionalDataOverrides,
) {
	const prepared = await prepare(opts, { webhookId: opts.webhookId ?? 'harness-webhook-id' });
	const name = opts.webhookName ?? 'default';
	const workflow = singleNodeWorkflow(prepared, opts.staticData, opts.workflowId);
	const node = workflow.getNode(prepared.node.name)!;
	const additionalData = createAdditionalData(prepared.credentialsHelper, {
		...(opts.webhookBaseUrl ? { webhookBaseUrl: opts.webhookBaseUrl } : {}),
		...additional,
	});
	const description = webhookDescription(prepared.nodeType, name);
	const webhookData = buildWebhookData(workflow, node, description, additionalData, mode, isTest);
	return { prepared, name, workflow, node, additionalData, webhookData };
}

/**
 * Calls `webhookMethods[webhookName][method]` (checkExists / create / delete)
 * with n8n-core's real HookContext, the way n8n does on (de)activation.
 *
 * `getNodeWebhookUrl('default')` is computed by n8n-core from
 * `webhookBaseUrl` + the node's webhookId + the webhook's path, e.g.
 * `http://127.0.0.1:5678/webhook/<webhookId>/webhook`.
 */
export async function runWebhookMethod(opts: WebhookMethodOptions): Promise<WebhookMethodResult> {
	const mode = opts.mode ?? 'trigger';
	const { prepared, name, workflow, node, additionalData, webhookData } = await webhookSetup(
		opts,
		mode,
		opts.isTest ?? false,
		opts.webhookTestBaseUrl ? { webhookTestBaseUrl: opts.webhookTestBaseUrl } : {},
	);
	const fn = prepared.nodeType.webhookMethods?.[name]?.[opts.method];
	if (!fn) throw new Error(`Harness: node has no webhookMethods.${name}.${opts.method}`);
	const context = new HookContext(
		workflow,
		node,
		additionalData,
		mode,
		opts.activation ?? 'activate',
		webhookData,
	);
	const result = await fn.call(context);
	return {
		result,
		webhookUrl: context.getNodeWebhookUrl(name),
		staticData: toPlain(workflow.staticData as IDataObject),
		nodeStaticData: nodeSlice(workflow, node),
	};
}

/**
 * Calls the node's `webhook()` with n8n-core's real WebhookContext and a
 * request/response pair shaped like n8n's express objects (see http-fakes.ts).
 */
export async function runWebhook(opts: RunWebhookOptions): Promise<RunWebhookResult> {
	const mode = opts.mode ?? 'webhook';
	const request = createFakeRequest(opts.request);
	const { res, captured } = createFakeResponse();
	const { prepared, workflow, node, additionalData, webhookData } = await webhookSetup(opts, mode, false, {
		httpRequest: request as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
		httpResponse: res as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
	});
	if (typeof prepared.nodeType.webhook !== 'function') throw new Error('Harness: node has no webhook()');
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], null);
	let response: IWebhookResponseData | undefined;
	let error: Error | undefined;
	try {
		response = await prepared.nodeType.webhook.call(context);
	} catch (e) {
		error = e as Error;
	}
	return {
		response,
		httpResponse: captured,
		request,
		error,
		staticData: toPlain(workflow.staticData as IDataObject),
		nodeStaticData: nodeSlice(workflow, node),
	};
}

/* -------------------------------------------------------------------------- */
/*                              testCredential                                */
/* -------------------------------------------------------------------------- */

/**
 * Runs `credentialType.test` (an ICredentialTestRequest) like n8n's
 * credential tester: a temporary node type whose single property routes to
 * `test.request`, executed by n8n-core's RoutingNode with the credential's
 * `authenticate` applied; non-2xx answers and `rules` give `status: 'Error'`.
 */
export async function testCredential(opts: TestCredentialOptions): Promise<INodeCredentialTestResult> {
	bootstrap();
	const { credentialType } = opts;
	const test = credentialType.test;
	if (!test) return { status: 'Error', message: 'No testing function found for this credential.' };

	const typeName = 'n8n-nodes-harness.credentialTest';
	const tempNodeType: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType.name, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					default: '',
					routing: { request: test.request },
				},
			],
		},
	};
	const nodeTypes = new HarnessNodeTypes({ [typeName]: tempNodeType });
	const credentialsHelper = new HarnessCredentialsHelper([
		credentialType,
		...(opts.credentialTypes ?? []),
	]);
	await credentialsHelper.store(credentialType.name, opts.data);
	const credentialsNode: INode = {
		id: 'credential-test',
		name: 'Credential test',
		type: typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: nodeCredentials({ [credentialType.name]: opts.data }),
	};
	const workflow = new Workflow({
		id: WORKFLOW_ID,
		nodes: [credentialsNode],
		connections: {},
		nodeTypes,
		active: false,
	});
	const node = workflow.getNode(credentialsNode.name)!;
	const additionalData = createAdditionalData(credentialsHelper);
	const decryptedData = await credentialsHelper.getDecrypted(
		additionalData,
		node.credentials![credentialType.name],
		credentialType.name,
		'internal',
	);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: HarnessCredentialsHelper.credentialId(credentialType.name),
		name: `${credentialType.name} (test)`,
		type: credentialType.name,
		data: decryptedData,
	};
	const executeData: IExecuteData = { node, data: {}, source: null };
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		[],
		{ main: [[{ json: {} }]] },
		executeData,
		[],
	);

	let output: INodeExecutionData[][] | null | undefined;
	try {
		output = await new RoutingNode(context, tempNodeType, credentialsDecrypted).runNode();
	} catch (caught) {
		const error = caught as Error & {
			cause?: { response?: { status?: number; statusText?: string }; code?: string };
			httpCode?: string;
		};
		const status = error.cause?.response?.status ?? (error.httpCode ? Number(error.httpCode) : undefined);
		if (status !== undefined) {
			for (const rule of test.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (status < 200 || status > 299) {
				return {
					status: 'Error',
					message: error.cause?.response?.statusText || `Received HTTP status code: ${status}`,
				};
			}
		}
		if (error.cause?.code) return { status: 'Error', message: error.cause.code };
		return { status: 'Error', message: String(error.message) };
	}

	for (const rule of test.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const body = output?.[0]?.[0]?.json ?? {};
			const value = rule.properties.key
				.split('.')
				.reduce<unknown>((acc, key) => (acc as IDataObject | undefined)?.[key], body);
			if (value === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

/* -------------------------------------------------------------------------- */
/*                               Binary helpers                               */
/* -------------------------------------------------------------------------- */

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
