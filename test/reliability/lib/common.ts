/**
 * Shared pieces of the reliability suite: a sandbox per test file, the node run through the
 * harness (n8n-core's real engine), and small helpers for reading what happened.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { TelnyxVideoApi } from '../../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideo } from '../../../nodes/TelnyxVideo/TelnyxVideo.node';
import { runNode } from '../../harness';
import type { RunNodeResult } from '../../harness';
import type { Sandbox, SandboxRecord, SandboxRequest } from '../../support/sandbox';

/** The sandbox with the members the typed entry leaves out. */
export interface FullSandbox extends Sandbox {
	faults: {
		queue: unknown[];
		pick(method: string, path: string, isDownload: boolean): FaultPick | null;
		clear(): void;
	};
	failNext(n: number, kind: string, where?: { path?: string | RegExp; method?: string; phase?: string; stallMs?: number; headers?: Record<string, string> }): void;
	deliveries: IDataObject[];
}

export interface FaultPick {
	kind: string;
	phase: string;
	stallMs?: number;
	headers?: Record<string, string>;
}

const sandboxModule = require('../../sandbox') as { startSandbox: (opts?: IDataObject) => Promise<FullSandbox> };

export async function startSandbox(opts: IDataObject = {}): Promise<FullSandbox> {
	return await sandboxModule.startSandbox(opts);
}

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });
export const fromJson = (field = 'v') => `={{ $json.${field} }}`;
export const values = (map: Map<string, SandboxRecord>) => [...map.values()];
export const apiRequests = (sb: Sandbox) => sb.requests.filter((r: SandboxRequest) => !r.path.startsWith('/downloads'));

/** A retry wait the transport honours, short enough for a test run. */
export const FAST_RETRY = { 'retry-after-ms': '5' };

export interface RunOptions {
	input?: IDataObject[];
	continueOnFail?: boolean;
	apiKey?: string;
	baseUrl?: string;
}

export function credentialsFor(sb: { url: string }, apiKey: string, publicKey = '') {
	return { telnyxVideoApi: { apiKey, publicKey, baseUrl: `${sb.url}/v2` } };
}

/** Runs the action node once through n8n-core's WorkflowExecute. */
export async function runAction(
	sb: { url: string },
	apiKey: string,
	parameters: INodeParameters,
	opts: RunOptions = {},
): Promise<RunNodeResult> {
	return await runNode({
		node: new TelnyxVideo(),
		parameters,
		input: opts.input,
		continueOnFail: opts.continueOnFail,
		credentials: opts.baseUrl
			? { telnyxVideoApi: { apiKey: opts.apiKey ?? apiKey, publicKey: '', baseUrl: opts.baseUrl } }
			: credentialsFor(sb, opts.apiKey ?? apiKey),
		credentialTypes: [new TelnyxVideoApi()],
	});
}

export const errorOf = (item: INodeExecutionData) => item.json.error as string | undefined;

/** Milliseconds `fn` took, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
	const started = Date.now();
	const value = await fn();
	return { ms: Date.now() - started, value };
}

/**
 * Makes sandbox faults target one page of a list: wraps `pick` so that, for requests whose
 * query has `page[number]` = `page`, it answers with `kind` (up to `times` times). With latency 0
 * the sandbox logs a request and picks its fault in the same tick, so the last logged request is
 * the one being decided. Returns a function that restores the original `pick`.
 */
export function failPage(
	sb: FullSandbox,
	opts: { path: string; page: number; kind: string; times: number; headers?: Record<string, string> },
): { restore: () => void; hits: () => number } {
	const original = sb.faults.pick;
	let remaining = opts.times;
	let hits = 0;
	sb.faults.pick = function (method: string, path: string, isDownload: boolean) {
		const current = sb.requests[sb.requests.length - 1];
		if (
			remaining > 0 &&
			!isDownload &&
			path === opts.path &&
			current?.path === path &&
			current.query['page[number]'] === String(opts.page)
		) {
			remaining--;
			hits++;
			const phase = opts.kind === 'stall' || /^4\d\d$/.test(opts.kind) ? 'before' : 'after';
			return { kind: opts.kind, phase, headers: opts.headers };
		}
		return original.call(sb.faults, method, path, isDownload);
	};
	return { restore: () => (sb.faults.pick = original), hits: () => hits };
}

/** Messages a user can act on, from the transport and the node. */
export const CLEAR_ERROR =
	/^(Telnyx error \d{3}: \S|Telnyx returned an unusable list page: |Telnyx answered without the expected "data" object|Telnyx answered \d{3} with a body that is not JSON \(|Could not reach Telnyx for [A-Z]+ \S+: |The list changed while it was being read|Nothing to download yet)/;

/** Whether an error is one of ours (a NodeApiError/NodeOperationError with a clear message). */
export function isClearError(error: unknown): boolean {
	const e = error as { constructor?: { name?: string }; message?: string };
	const kind = e?.constructor?.name;
	return (kind === 'NodeApiError' || kind === 'NodeOperationError') && CLEAR_ERROR.test(String(e.message));
}
