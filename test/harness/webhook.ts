/**
 * Trigger entry points: `webhookMethods` (checkExists / create / delete, as on activation) with
 * n8n-core's real HookContext, and `webhook()` with its WebhookContext and express-like fakes.
 */
import { HookContext, WebhookContext } from 'n8n-core';
import { NodeHelpers } from 'n8n-workflow';
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeType,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { createFakeRequest, createFakeResponse } from './http-fakes';
import { createAdditionalData, prepare, singleNodeWorkflow, toPlain } from './prepare';
import type {
	AdditionalDataOverrides,
	RunWebhookOptions,
	RunWebhookResult,
	WebhookMethodOptions,
	WebhookMethodResult,
	WebhookOptions,
} from './types';

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
