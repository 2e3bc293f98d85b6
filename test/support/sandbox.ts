/** Typed entry to the JavaScript sandbox (test/sandbox) and its Prism contract proxy. */
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
	stats: IDataObject & { requests: number; concurrentPeak: number; faultsInjected: number };
	clearRequests(): void;
	seed(spec: IDataObject): Record<string, string[]>;
	reset(): void;
	configure(config: IDataObject): void;
	failNext(n: number, kind: string, where?: { path?: string; method?: string }): void;
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

export const startSandbox = sandbox.startSandbox;
export const startPrismProxy = prism.startPrismProxy;
