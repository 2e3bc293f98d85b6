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
export { HarnessCredentialsHelper } from './credentials-helper';
export type { CapturedResponse, FakeRequest, WebhookRequestInput } from './http-fakes';
export type * from './types';
export { PACKAGE_NAME, INPUT_NODE_NAME, createAdditionalData, prepare as prepareNode } from './prepare';
export { runNode } from './run-node';
export { runListSearch, runLoadOptions } from './editor';
export { runWebhookMethod, runWebhook } from './webhook';
export { testCredential } from './credential-test';
export { makeBinary, readBinary } from './binary';
