/** The harness's option and result shapes (see ./index for what each entry point does). */
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IRunData,
	IVersionedNodeType,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WebhookType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CapturedResponse, FakeRequest, WebhookRequestInput } from './http-fakes';

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

export type AdditionalDataOverrides = Partial<IWorkflowExecuteAdditionalData>;
