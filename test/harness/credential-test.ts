/** testCredential: a credential type's declarative `test` request, run the way n8n's credential tester does. */
import { ExecuteContext, RoutingNode } from 'n8n-core';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
} from 'n8n-workflow';

import { HarnessCredentialsHelper } from './credentials-helper';
import { WORKFLOW_ID, createAdditionalData, nodeCredentials } from './prepare';
import { HarnessNodeTypes, bootstrap } from './runtime';
import type { TestCredentialOptions } from './types';

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
