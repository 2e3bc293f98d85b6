/**
 * A seeded model of n8n driving TelnyxVideoTrigger: 2–3 workflows on 2–3 rooms go through random
 * activations, deactivations, test listens (started, stopped, timed out) and kill -9 at any point
 * between two Telnyx calls, against the sandbox behind Prism's validating proxy. After every step
 * the room invariant of issue #17 is checked. Used by test/unit/trigger-invariant.test.ts (a short
 * run) and test/reliability/trigger-invariant.test.ts (the long run).
 *
 * How n8n is modelled (checked in the WorkflowService of n8n 1.123.81 and 2.41.1): activation
 * saves the workflow as active before the trigger's create runs, and deactivation runs delete
 * before saving it as inactive, so a workflow caught by a crash in either is active after the
 * restart; 2.41's publication outbox instead runs the cut-off activation or deactivation again.
 * A failed activation calls delete and leaves the workflow inactive. A restart loses every test
 * listen; per sequence it then runs checkExists/create for each active workflow (1.123), re-runs
 * the cut-off operation (2.41 outbox), or runs no webhook method at all.
 * Test static data starts empty for every listen; production static data is kept only when the
 * call completed.
 */
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';

import type { IDataObject } from 'n8n-workflow';

import { parseChain, formatChain, parseHop } from '../../nodes/TelnyxVideoTrigger/chain';
import { runWebhookMethod } from '../harness';
import type { WebhookMethodOptions } from '../harness';
import { startPrismProxy, startSandbox } from '../support/sandbox';
import type { PrismProxy, Sandbox } from '../support/sandbox';
import { makeKeyPair, nodeOptions, roomParameters } from './triggerContext';

const N8N = 'https://n8n.example.com';
const PROD_BASE = `${N8N}/webhook`;
const TEST_BASE = `${N8N}/webhook-test`;
const CRM_URL = 'https://crm.example.com/telnyx?token=s3cr%C3%A9t&x=1';
/** Another n8n's trigger (not ours to know whether it answers): taking it needs the option. */
const OTHER_N8N_URL = 'https://other-n8n.example.com/webhook/0f4c2a6e-1b7d-4e9a-8c3f-5d2e1a0b9c88/webhook';

/** mulberry32: small, fast, good enough to pick steps, and replayable from one number. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Stands between the node and Prism; `arm(k)` lets k more requests through, then n8n is "killed". */
class CrashGate {
	private budget = Infinity;
	crashed = false;
	private server?: http.Server;
	url = '';

	constructor(private upstream: string) {}

	async start(): Promise<void> {
		const target = new URL(this.upstream);
		this.server = http.createServer((req, res) => {
			if (this.budget <= 0) {
				// The process is gone: nothing reaches Telnyx any more. 400 so that nothing retries.
				this.crashed = true;
				req.resume();
				res.writeHead(400, { 'content-type': 'application/json' });
				res.end('{"errors":[{"code":"crash","title":"n8n was killed"}]}');
				return;
			}
			this.budget--;
			const upstream = http.request(
				{ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
				(answer) => {
					res.writeHead(answer.statusCode ?? 502, answer.headers);
					answer.pipe(res);
				},
			);
			upstream.on('error', () => res.destroy());
			req.pipe(upstream);
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
	}

	arm(requests: number): void {
		this.budget = requests;
		this.crashed = false;
	}

	disarm(): void {
		this.budget = Infinity;
		this.crashed = false;
	}

	async close(): Promise<void> {
		await new Promise<void>((resolve) => {
			this.server?.close(() => resolve());
			this.server?.closeAllConnections();
		});
	}
}

export interface World {
	sb: Sandbox;
	prism: PrismProxy;
	gate: CrashGate;
	publicKey: string;
	close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
	const sb = await startSandbox({ port: 0, apiKey: 'KEY_TEST' });
	const prism = await startPrismProxy({ upstream: sb.url });
	const gate = new CrashGate(prism.url);
	await gate.start();
	const { publicKeyB64 } = makeKeyPair();
	return {
		sb,
		prism,
		gate,
		publicKey: publicKeyB64,
		async close() {
			await gate.close();
			await prism.close();
			await sb.close();
		},
	};
}

interface Workflow {
	name: string;
	webhookId: string;
	rooms: string[];
	prodUrl: string;
	testUrl: string;
	active: boolean;
	listening: boolean;
	/** Options → Take Over Rooms as last activated. */
	takeOver: boolean;
	/** What n8n has saved for the production trigger. */
	staticData: IDataObject | undefined;
	/** In memory for one test listen only. */
	testStaticData: IDataObject | undefined;
}

export interface Figures {
	sequences: number;
	steps: number;
	invariantChecks: number;
	violations: number;
	crashes: number;
	refusals: number;
	takeovers: number;
	leftoversSeen: number;
	leftoversReported: number;
	leftoversRepaired: number;
	/** Leftovers no later step met; each is then repaired by a listen with Take Over. */
	leftoversAtEnd: number;
	releasedRooms: number;
	telnyxRequests: number;
	prismViolations: number;
}

export function emptyFigures(): Figures {
	return {
		sequences: 0,
		steps: 0,
		invariantChecks: 0,
		violations: 0,
		crashes: 0,
		refusals: 0,
		takeovers: 0,
		leftoversSeen: 0,
		leftoversReported: 0,
		leftoversRepaired: 0,
		leftoversAtEnd: 0,
		releasedRooms: 0,
		telnyxRequests: 0,
		prismViolations: 0,
	};
}

type Step =
	| { op: 'activate'; wf: number; takeOver: boolean }
	| { op: 'deactivate'; wf: number }
	| { op: 'listen'; wf: number; takeOver: boolean }
	| { op: 'stopListen' | 'timeout'; wf: number }
	| { op: 'crash'; during: Step | null; after: number };

function describeStep(step: Step, wfs: Workflow[]): string {
	if (step.op === 'crash') {
		return `kill -9 ${step.during ? `during ${describeStep(step.during, wfs)} after ${step.after} call(s)` : 'while idle'}`;
	}
	const extra = 'takeOver' in step && step.takeOver ? ' (take over)' : '';
	return `${step.op} ${wfs[step.wf].name}${extra}`;
}

export class SequenceFailure extends Error {}

/**
 * Runs one sequence from `seed`. Throws a SequenceFailure with the seed, the steps so far and the
 * rooms when the invariant breaks, so that the run replays with that seed alone.
 */
export async function runSequence(world: World, seed: number, figures: Figures, maxSteps = 14): Promise<void> {
	const random = prng(seed);
	const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
	const { sb, gate } = world;
	sb.reset();
	gate.disarm();

	// Rooms: each starts on a CRM's URL, on no URL, or on another n8n's trigger.
	const roomCount = 2 + Math.floor(random() * 2);
	const original = new Map<string, string | null>();
	const roomIds: string[] = [];
	for (let i = 0; i < roomCount; i++) {
		const id = randomUUIDFrom(random);
		const start = pick([CRM_URL, null, null, OTHER_N8N_URL]);
		const room: IDataObject & { id: string } = {
			id,
			unique_name: `room-${i}`,
			max_participants: 10,
			enable_recording: false,
			active_session_id: null,
			created_at: '2024-01-01T00:00:00.000Z',
			updated_at: '2024-01-01T00:00:00.000Z',
			webhook_event_failover_url: null,
			webhook_timeout_secs: null,
			record_type: 'room',
		};
		if (start !== null) room.webhook_event_url = start;
		sb.store.rooms.set(id, room);
		original.set(id, start);
		roomIds.push(id);
	}

	const wfCount = 2 + Math.floor(random() * 2);
	const wfs: Workflow[] = [];
	for (let i = 0; i < wfCount; i++) {
		const webhookId = randomUUIDFrom(random);
		const rooms = roomIds.filter(() => random() < 0.6);
		if (rooms.length === 0) rooms.push(pick(roomIds));
		wfs.push({
			name: `W${i + 1}`,
			webhookId,
			rooms,
			prodUrl: `${PROD_BASE}/${webhookId}/webhook`,
			testUrl: `${TEST_BASE}/${webhookId}/webhook`,
			active: false,
			listening: false,
			takeOver: false,
			staticData: undefined,
			testStaticData: undefined,
		});
	}
	// What n8n does at start: 1.123 runs checkExists/create for every active workflow; 2.41's
	// publication outbox re-runs an activation or deactivation a crash cut off (its lease expires);
	// 'nothing' is the harshest reading (no webhook method at all).
	const restartMode = pick(['1.123', '2.41 outbox', 'nothing'] as const);
	const leftover = new Set<string>();
	const history: string[] = [];

	const fail = (why: string): never => {
		const rooms = roomIds.map((id) => `  ${id}: now ${roomUrl(id)} (before: ${original.get(id)})`).join('\n');
		const state = wfs
			.map((w) => `  ${w.name} ${w.webhookId} rooms=${w.rooms.map((r) => roomIds.indexOf(r)).join(',')} active=${w.active} listening=${w.listening}`)
			.join('\n');
		throw new SequenceFailure(
			`Invariant broken (seed ${seed}, replay with TRIGGER_SEED=${seed}): ${why}\nsteps:\n  ${history.join('\n  ')}\nworkflows:\n${state}\nrooms:\n${rooms}`,
		);
	};

	function roomUrl(id: string): string | null {
		const url = sb.store.rooms.get(id)?.webhook_event_url;
		return typeof url === 'string' && url !== '' ? url : null;
	}

	function call(wf: Workflow, method: WebhookMethodOptions['method'], test: boolean, takeOver = false) {
		const parameters = roomParameters(wf.rooms, { options: takeOver ? { takeOver: true } : {} });
		const base = nodeOptions(gate.url, world.publicKey, parameters);
		const staticData = test ? wf.testStaticData : wf.staticData;
		return runWebhookMethod({
			...base,
			webhookBaseUrl: PROD_BASE,
			webhookTestBaseUrl: TEST_BASE,
			webhookId: wf.webhookId,
			method,
			staticData: staticData ? structuredClone(staticData) : undefined,
			...(test ? { isTest: true, activation: 'manual' as const, mode: 'manual' as const } : {}),
		});
	}

	/** checkExists, then create if needed; on failure n8n calls delete. Returns the error, if any. */
	async function activateLike(wf: Workflow, test: boolean, takeOver: boolean): Promise<Error | undefined> {
		if (test) wf.testStaticData = {};
		try {
			const exists = await call(wf, 'checkExists', test, takeOver);
			if (exists.result) return undefined;
			const created = await call(wf, 'create', test, takeOver);
			if (test) wf.testStaticData = created.staticData;
			else wf.staticData = created.staticData;
			return undefined;
		} catch (error) {
			if (gate.crashed) throw error;
			const cleaned = await call(wf, 'delete', test).catch((e: Error) => e);
			if (gate.crashed && cleaned instanceof Error) throw cleaned;
			if (!(cleaned instanceof Error)) {
				if (!test) wf.staticData = cleaned.staticData;
			}
			return error as Error;
		}
	}

	async function perform(step: Step): Promise<Error | undefined> {
		if (step.op === 'crash') throw new Error('crash is not performed directly');
		const wf = wfs[step.wf];
		switch (step.op) {
			case 'activate': {
				wf.takeOver = step.takeOver; // the saved parameter n8n uses again at a restart
				const error = await activateLike(wf, false, step.takeOver);
				wf.active = error === undefined;
				return error;
			}
			case 'deactivate': {
				const result = await call(wf, 'delete', false).catch((e: Error) => e);
				if (gate.crashed && result instanceof Error) throw result;
				wf.active = false;
				if (!(result instanceof Error)) wf.staticData = result.staticData;
				return result instanceof Error ? result : undefined;
			}
			case 'listen': {
				const error = await activateLike(wf, true, step.takeOver);
				wf.listening = error === undefined;
				return error;
			}
			case 'stopListen':
			case 'timeout': {
				const result = await call(wf, 'delete', true).catch((e: Error) => e);
				if (gate.crashed && result instanceof Error) throw result;
				wf.listening = false;
				wf.testStaticData = undefined;
				return result instanceof Error ? result : undefined;
			}
		}
	}

	function possibleSteps(): Step[] {
		const steps: Step[] = [];
		wfs.forEach((wf, i) => {
			const takeOver = random() < 0.4;
			if (!wf.active) steps.push({ op: 'activate', wf: i, takeOver }, { op: 'activate', wf: i, takeOver });
			else steps.push({ op: 'deactivate', wf: i });
			if (!wf.listening) steps.push({ op: 'listen', wf: i, takeOver });
			else steps.push({ op: random() < 0.5 ? 'stopListen' : 'timeout', wf: i });
		});
		return steps;
	}

	const isLive = (url: string) =>
		wfs.some((w) => (w.active && url === w.prodUrl) || (w.listening && url === w.testUrl));

	function check(touched: string[], error: Error | undefined): void {
		for (const id of roomIds) {
			figures.invariantChecks++;
			const url = roomUrl(id);
			const before = original.get(id) ?? null;
			if (valid(url, before)) {
				if (leftover.delete(id) && touched.includes(id)) figures.leftoversRepaired++;
				continue;
			}
			if (leftover.has(id)) {
				if (!touched.includes(id)) continue;
				// The first activation or listen that meets a leftover must say so, naming the room.
				const text = error ? `${error.message} ${(error as { description?: string }).description ?? ''}` : '';
				if (text.includes(id)) {
					figures.leftoversReported++;
					continue;
				}
				figures.violations++;
				fail(`room ${id} was left on a dead test URL and "${history[history.length - 1]}" neither repaired it nor said so`);
			}
			figures.violations++;
			fail(`room ${id} is on ${url}, which is neither its URL before (${before}) nor a live chain of active workflows`);
		}
	}

	/** The room is on its URL from before, or held by a live workflow with a chain that ends there. */
	function valid(url: string | null, before: string | null): boolean {
		if (url === before) return true;
		const chain = parseChain(url);
		if (chain.released) return before === null && isOurs(chain.hops[0].url);
		if (chain.hops.length === 0 || !isLive(chain.hops[0].url)) return false;
		const ours = chain.hops.filter((hop) => isOurs(hop.url));
		if (!ours.slice(1).every((hop) => wfs.some((w) => w.active && w.prodUrl === hop.url))) return false;
		const foreign = chain.hops.filter((hop) => !isOurs(hop.url));
		return formatChain({ hops: foreign, previous: chain.previous, released: false }) === before;
	}

	function isOurs(url: string): boolean {
		const hop = parseHop(url);
		return Boolean(hop && wfs.some((w) => w.webhookId === hop.webhookId));
	}

	async function restart(inFlight: Step | null): Promise<void> {
		figures.crashes++;
		gate.disarm();
		for (const w of wfs) {
			w.listening = false;
			w.testStaticData = undefined;
		}
		// n8n saved "active" before create and saves "inactive" only after delete (1.123; 2.41
		// without the outbox), so a workflow caught in either is active after the restart.
		const cut = inFlight && (inFlight.op === 'activate' || inFlight.op === 'deactivate') ? inFlight : undefined;
		if (cut) wfs[cut.wf].active = true;
		for (const id of roomIds) {
			const head = parseChain(roomUrl(id)).hops[0];
			if (head?.test && isOurs(head.url) && !valid(roomUrl(id), original.get(id) ?? null)) {
				if (!leftover.has(id)) figures.leftoversSeen++;
				leftover.add(id);
			}
		}
		if (restartMode === '2.41 outbox' && cut) {
			const w = wfs[cut.wf];
			history.push(`  restart (${restartMode}): ${cut.op} ${w.name} again`);
			const error = await perform(cut.op === 'activate' ? { ...cut, takeOver: w.takeOver } : cut);
			if (error && cut.op === 'deactivate') fail(`the repeated deactivation failed: ${error.message}`);
		}
		if (restartMode !== '1.123') return;
		for (const w of wfs.filter((x) => x.active)) {
			history.push(`  restart (${restartMode}): checkExists/create ${w.name}`);
			const error = await activateLike(w, false, w.takeOver);
			if (error) w.active = false;
		}
	}

	const steps = 6 + Math.floor(random() * (maxSteps - 5));
	for (let s = 0; s < steps; s++) {
		const options = possibleSteps();
		let step: Step = random() < 0.2 ? { op: 'crash', during: random() < 0.85 ? pick(options) : null, after: Math.floor(random() * 7) } : pick(options);
		if (step.op === 'crash' && step.during === null) step = { ...step, after: 0 };
		history.push(describeStep(step, wfs));
		figures.steps++;
		const before = sb.requests.length;
		if (step.op === 'crash') {
			if (step.during) {
				gate.arm(step.after);
				try {
					await perform(step.during);
				} catch {
					// the crash, or an error raised by it: n8n never saw it
				}
				gate.disarm();
			}
			await restart(step.during);
			check([], undefined);
		} else {
			const error = await perform(step);
			if (error) {
				if (!/already sends? (its|their) events to (another|other) n8n workflows?/.test(error.message)) {
					fail(`unexpected error from ${history[history.length - 1]}: ${error.message} ${(error as { description?: string }).description ?? ''}`);
				}
				figures.refusals++;
			} else if ('takeOver' in step && step.takeOver) {
				figures.takeovers++;
			}
			const touched = step.op === 'activate' || step.op === 'listen' ? wfs[step.wf].rooms : [];
			check(touched, error);
		}
		figures.telnyxRequests += sb.requests.length - before;
	}
	// Wind down: stop every listen and deactivate everything; each room must end where it began.
	for (const w of wfs) {
		if (w.listening) {
			history.push(`end: stopListen ${w.name}`);
			await perform({ op: 'stopListen', wf: wfs.indexOf(w) });
			check([], undefined);
		}
	}
	for (const w of wfs) {
		if (w.active) {
			history.push(`end: deactivate ${w.name}`);
			await perform({ op: 'deactivate', wf: wfs.indexOf(w) });
			check([], undefined);
		}
	}
	// A room a crash left on a dead test URL is repaired by a listen that takes it over and stops.
	for (const id of [...leftover]) {
		if (valid(roomUrl(id), original.get(id) ?? null)) continue;
		figures.leftoversAtEnd++;
		const w = wfs.find((x) => x.rooms.includes(id))!;
		history.push(`end: repair ${id} by listen+stop ${w.name} (take over)`);
		const error = await perform({ op: 'listen', wf: wfs.indexOf(w), takeOver: true });
		if (error) fail(`the repair listen failed: ${error.message}`);
		await perform({ op: 'stopListen', wf: wfs.indexOf(w) });
		leftover.delete(id);
	}
	for (const id of roomIds) {
		const url = roomUrl(id);
		const before = original.get(id) ?? null;
		if (url === before) continue;
		if (before === null && parseChain(url).released) {
			figures.releasedRooms++;
			continue;
		}
		figures.violations++;
		fail(`after everything was deactivated room ${id} is on ${url}, not on ${before}`);
	}
	figures.sequences++;
}

/** A UUID from the sequence's own random numbers, so a seed replays the same IDs. */
function randomUUIDFrom(random: () => number): string {
	const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Runs `count` sequences from `firstSeed` on; the first failure is thrown (with its seed). */
export async function runSequences(world: World, firstSeed: number, count: number): Promise<Figures> {
	const figures = emptyFigures();
	for (let i = 0; i < count; i++) await runSequence(world, firstSeed + i, figures);
	figures.prismViolations = world.prism.violations.length;
	return figures;
}

export { randomUUID };
