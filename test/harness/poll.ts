/**
 * Polling triggers through n8n-core's real poll machinery: `PollContext` for `this`, and
 * `PollTriggerExecutor` to run each poll exactly as n8n's scheduler does (activation polls throw,
 * later errors go to `__emitError`, a `null` result emits nothing).
 *
 * What n8n's CLI adds around it is modelled here, because it decides what survives a restart:
 * - `__emit` saves the workflow's static data (if it changed) and then starts an execution;
 *   a poll that returns `null` leaves its changes in memory only.
 * - Activation saves static data once the first poll has run.
 * - A restart builds a new workflow from the *saved* static data and activates it ('init').
 *
 * ```ts
 * const poller = await createPoller({ node: new TelnyxVideoPollTrigger(), parameters, credentials });
 * await poller.activate();          // first poll; errors reject
 * const { items, error } = await poller.poll();
 * await poller.restart();           // unsaved static data is lost, like an n8n restart
 * const test = await runPollManually({ node, parameters, credentials }); // "Fetch Test Event"
 * ```
 */
import { PollContext, PollTriggerExecutor } from 'n8n-core';
import { Workflow } from 'n8n-workflow';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	IPollFunctions,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { createAdditionalData, prepare as prepareNode } from './prepare';
import type { HarnessNodeOptions } from './types';
import { Container } from './runtime';

export interface PollerOptions extends HarnessNodeOptions {
	/** The workflow's static data as the database holds it before the first activation. */
	savedStaticData?: IDataObject;
	/** Default 'harnessPollWorkflow'. Pollers with the same id and node share n8n's overlap guard. */
	workflowId?: string;
}

export interface PollOutcome {
	/** Items of the execution the poll started; `null` when it emitted nothing. */
	items: INodeExecutionData[] | null;
	/** What reached `__emitError` (a scheduled poll that failed). */
	error?: Error;
	/** Whether the static data was saved by this poll. */
	saved: boolean;
}

const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value ?? {})) as T;

export interface Poller {
	/** Activation ('activate' by default): the first poll runs as a test of the trigger; an error rejects. */
	activate(activation?: WorkflowActivateMode): Promise<PollOutcome>;
	/** One scheduled poll (a cron tick). */
	poll(): Promise<PollOutcome>;
	/** An n8n restart: the workflow is rebuilt from the saved static data and activated with 'init'. */
	restart(): Promise<PollOutcome>;
	/** Static data as the database holds it. */
	saved(): IDataObject;
	/** The node's static data in memory (saved or not). */
	memory(): IDataObject;
	/** Every `__emit` so far, in order. */
	emitted: INodeExecutionData[][];
}

export async function createPoller(opts: PollerOptions): Promise<Poller> {
	const prepared = await prepareNode(opts);
	const workflowId = opts.workflowId ?? 'harnessPollWorkflow';
	let database: IDataObject = plain(opts.savedStaticData ?? {});
	const emitted: INodeExecutionData[][] = [];
	const executor = Container.get(PollTriggerExecutor as never) as PollTriggerExecutor;

	let workflow: Workflow;
	let node: INode;
	const load = () => {
		workflow = new Workflow({
			id: workflowId,
			name: 'Harness poll workflow',
			nodes: [structuredClone(prepared.node)],
			connections: {},
			nodeTypes: prepared.nodeTypes,
			active: true,
			settings: { executionOrder: 'v1' },
			staticData: plain(database),
		});
		node = workflow.getNode(prepared.node.name)!;
	};
	load();

	/** n8n's WorkflowStaticDataService.saveStaticData: only when something changed. */
	const saveStaticData = () => {
		const data = workflow.staticData as IDataObject & { __dataChanged?: boolean };
		if (data.__dataChanged !== true) return false;
		database = plain(data);
		data.__dataChanged = false;
		return true;
	};

	const runOnce = async (testing: boolean, activation: WorkflowActivateMode): Promise<PollOutcome> => {
		let items: INodeExecutionData[] | null = null;
		let error: Error | undefined;
		let saved = false;
		const additionalData = createAdditionalData(prepared.credentialsHelper);
		const context = new PollContext(
			workflow,
			node,
			additionalData,
			'trigger' as WorkflowExecuteMode,
			activation,
			(data: INodeExecutionData[][]) => {
				saved = saveStaticData();
				emitted.push(data[0] ?? []);
				items = data[0] ?? [];
			},
			(e: Error) => {
				error = e;
			},
		);
		await executor.create(workflow, node, context as unknown as IPollFunctions, () => true)(testing);
		return { items, error, saved };
	};

	const activate = async (activation: WorkflowActivateMode = 'activate'): Promise<PollOutcome> => {
		const outcome = await runOnce(true, activation);
		// ActiveWorkflowManager saves static data once the triggers are added.
		return { ...outcome, saved: saveStaticData() || outcome.saved };
	};
	return {
		activate,
		poll: async () => await runOnce(false, 'activate'),
		async restart() {
			load();
			return await activate('init');
		},
		saved: () => plain(database),
		memory: () => plain(workflow.getStaticData('node', node) as IDataObject),
		emitted,
	};
}

/** "Fetch Test Event" in the editor: one poll in manual mode, with no saved static data. */
export async function runPollManually(
	opts: HarnessNodeOptions,
): Promise<{ items: INodeExecutionData[] | null; error?: Error }> {
	const prepared = await prepareNode(opts);
	const workflow = new Workflow({
		id: 'harnessManualPoll',
		name: 'Harness manual poll',
		nodes: [structuredClone(prepared.node)],
		connections: {},
		nodeTypes: prepared.nodeTypes,
		active: false,
		settings: { executionOrder: 'v1' },
	});
	const node = workflow.getNode(prepared.node.name)!;
	const context = new PollContext(
		workflow,
		node,
		createAdditionalData(prepared.credentialsHelper),
		'manual',
		'manual',
	);
	try {
		const result = await prepared.nodeType.poll!.call(context as unknown as IPollFunctions);
		return { items: result ? (result[0] ?? []) : null };
	} catch (error) {
		return { items: null, error: error as Error };
	}
}
