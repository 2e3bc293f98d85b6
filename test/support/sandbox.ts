/**
 * Typed entry to the JavaScript sandbox (test/sandbox) and its Prism contract proxy.
 * Action-node tests start both with `startCheckedSandbox` and give the node `baseUrl`, so every
 * request and answer is validated against the official spec on its way (see test/harness/README.md).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { IDataObject } from 'n8n-workflow';

export interface SandboxRequest {
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string | undefined>;
	body?: any;
	status: number;
	operationId?: string;
	/** Set when the sandbox injected a fault into this answer. */
	fault?: string;
}

/** A stored record: API field names, loosely typed since tests read whatever they need. */
export type SandboxRecord = { id: string; [field: string]: any };
type RecordMap = Map<string, SandboxRecord>;

export interface Sandbox {
	url: string;
	port: number;
	publicKey: string;
	store: {
		rooms: RecordMap;
		sessions: RecordMap;
		participants: RecordMap;
		recordings: RecordMap;
		compositions: RecordMap;
	};
	requests: SandboxRequest[];
	/** Changes made by `listChurn` after list reads (see test/sandbox/churn.js). */
	churnLog: Array<{ read: number; path: string; inserted: string[]; insertedAtHead: string[]; deleted: string[] }>;
	stats: IDataObject & { requests: number; concurrentPeak: number; faultsInjected: number };
	clearRequests(): void;
	seed(spec: IDataObject): Record<string, string[]>;
	reset(): void;
	configure(config: IDataObject): void;
	failNext(n: number, kind: string, where?: { path?: string | RegExp; method?: string; headers?: Record<string, string>; phase?: string }): void;
	signEvent(raw: string, opts?: IDataObject): Record<string, string>;
	makeEvent(type: string, payload?: IDataObject): IDataObject;
	deliverEvent(url: string, event: unknown, opts?: IDataObject): Promise<{ status: number; body: unknown }>;
	close(): Promise<void>;
}

export interface PrismProxy {
	url: string;
	violations: IDataObject[];
	close(): Promise<void>;
}

const sandbox = require('../sandbox') as { startSandbox: (opts?: IDataObject) => Promise<Sandbox> };
const prism = require('../sandbox/prism') as { startPrismProxy: (opts: { upstream: string }) => Promise<PrismProxy> };
const downloads = require('../sandbox/downloads') as {
	expectedDownload: (sb: Sandbox, collection: 'recordings' | 'compositions', id: string) => { size: number; sha256: string };
};

export const startSandbox = sandbox.startSandbox;
export const startPrismProxy = prism.startPrismProxy;
export const expectedDownload = downloads.expectedDownload;

export interface CheckedSandbox {
	sb: Sandbox;
	/** What the node is given as Base URL: Prism's validating proxy in front of the sandbox. */
	baseUrl: string;
	/**
	 * Straight to the sandbox. Only for faults Prism would rewrite before the node sees them
	 * (connection resets, non-JSON or truncated bodies, stalls): say why where it is used.
	 */
	directUrl: string;
	prism: PrismProxy;
	/**
	 * What Prism found wrong with requests or answers since the last clear. A status the spec
	 * does not declare is left out only where the sandbox injected it as a fault (5xx, html…),
	 * and for 401 and 429, which every endpoint answers but the spec declares on few.
	 */
	violations(): IDataObject[];
	clearViolations(): void;
	close(): Promise<void>;
}

const UNDECLARED_STATUS = /Unable to match the returned status code/;

/** The sandbox behind Prism's validating proxy (request and response): the default for node tests. */
export async function startCheckedSandbox(opts: IDataObject = {}): Promise<CheckedSandbox> {
	const sb = await startSandbox(opts);
	let proxy: PrismProxy;
	try {
		proxy = await startPrismProxy({ upstream: sb.url });
	} catch (error) {
		await sb.close();
		throw error;
	}
	return {
		sb,
		prism: proxy,
		baseUrl: `${proxy.url}/v2`,
		directUrl: `${sb.url}/v2`,
		violations() {
			const injected = new Set([401, 429, ...sb.requests.filter((r) => r.fault).map((r) => r.status)]);
			return proxy.violations.filter(
				(v) => !(UNDECLARED_STATUS.test(String(v.message)) && injected.has(Number(v.status))),
			);
		},
		clearViolations() {
			proxy.violations.length = 0;
		},
		async close() {
			await proxy.close();
			await sb.close();
		},
	};
}
