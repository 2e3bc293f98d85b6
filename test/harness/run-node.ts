/**
 * runNode: a two-node workflow ("Harness Input" feeding `opts.input` into the node under test)
 * executed by n8n-core's WorkflowExecute, exactly as n8n runs a workflow.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { Workflow, createRunExecutionData } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, INodeType, IWorkflowSettings } from 'n8n-workflow';

import { INPUT_NODE_NAME, INPUT_NODE_TYPE, WORKFLOW_ID, createAdditionalData, inputNodeType, prepare, toPlain } from './prepare';
import { HarnessNodeTypes } from './runtime';
import type { RunNodeOptions, RunNodeResult } from './types';

function isExecutionData(value: IDataObject | INodeExecutionData): value is INodeExecutionData {
	const { json } = value as { json?: unknown };
	return typeof json === 'object' && json !== null && !Array.isArray(json);
}

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
