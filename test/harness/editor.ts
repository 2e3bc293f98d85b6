/** Editor requests: `methods.listSearch` and `methods.loadOptions` with n8n-core's real LoadOptionsContext. */
import { LoadOptionsContext } from 'n8n-core';
import type { INodeListSearchResult, INodePropertyOptions } from 'n8n-workflow';

import { createAdditionalData, prepare, singleNodeWorkflow } from './prepare';
import type { ListSearchOptions } from './types';

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

/** Calls `methods.loadOptions[method]` with n8n-core's real LoadOptionsContext. */
export async function runLoadOptions(opts: ListSearchOptions): Promise<INodePropertyOptions[]> {
	const prepared = await prepare(opts);
	const fn = prepared.nodeType.methods?.loadOptions?.[opts.method];
	if (!fn) throw new Error(`Harness: node has no methods.loadOptions.${opts.method}`);
	const workflow = singleNodeWorkflow(prepared);
	const node = workflow.getNode(prepared.node.name)!;
	const additionalData = createAdditionalData(prepared.credentialsHelper, {
		currentNodeParameters: node.parameters,
	});
	const context = new LoadOptionsContext(workflow, node, additionalData, opts.path ?? 'parameters');
	return await fn.call(context);
}
