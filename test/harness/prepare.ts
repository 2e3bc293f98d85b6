/**
 * What every entry point starts from: the node under test in n8n's shapes (type registry with the
 * "Harness Input" node, INode with defaults to be filled, credentials in the harness's helper),
 * the per-execution data n8n's CLI would pass, and the one-node workflow of editor and webhook calls.
 */
import { ExternalSecretsProxy } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeCredentials,
	INodeType,
	INodeTypeDescription,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper';
import { HarnessNodeTypes, bootstrap } from './runtime';
import type { AdditionalDataOverrides, HarnessNodeOptions } from './types';

export const PACKAGE_NAME = 'n8n-nodes-telnyx-video';
export const INPUT_NODE_NAME = 'Harness Input';
export const INPUT_NODE_TYPE = 'n8n-nodes-harness.input';
export const WORKFLOW_ID = 'harnessWorkflow';

/** The tiny node feeding `opts.input` into the node under test. */
export const inputNodeType: INodeType = {
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

export function toPlain<T>(value: T): T {
	return JSON.parse(JSON.stringify(value ?? {})) as T;
}

export function nodeCredentials(
	credentials: Record<string, ICredentialDataDecryptedObject> | undefined,
): INodeCredentials | undefined {
	if (!credentials || Object.keys(credentials).length === 0) return undefined;
	const result: INodeCredentials = {};
	for (const type of Object.keys(credentials)) {
		result[type] = { id: HarnessCredentialsHelper.credentialId(type), name: `${type} (test)` };
	}
	return result;
}

export interface Prepared {
	typeName: string;
	nodeType: INodeType;
	node: INode;
	nodeTypes: HarnessNodeTypes;
	credentialsHelper: HarnessCredentialsHelper;
}

export async function prepare(opts: HarnessNodeOptions, extraNode: Partial<INode> = {}): Promise<Prepared> {
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

let executionCounter = 0;

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

/** Builds the single-node workflow n8n creates for editor requests. */
export function singleNodeWorkflow(prepared: Prepared, staticData?: IDataObject, id = WORKFLOW_ID) {
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
