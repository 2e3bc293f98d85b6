/**
 * Shared set-up for the poll trigger tests: the sandbox behind Prism, a clock the tests can move
 * by days (the node, the sandbox and the records all read `Date.now()`), and records created in
 * the sandbox's store with chosen times, the way Telnyx would list them.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TelnyxVideoApi } from '../../credentials/TelnyxVideoApi.credentials';
import { TelnyxVideoPollTrigger } from '../../nodes/TelnyxVideoPollTrigger/TelnyxVideoPollTrigger.node';
import type { PollerOptions } from '../harness/poll';
import type { PrismProxy, Sandbox, SandboxRecord } from '../support/sandbox';
import { startPrismProxy, startSandbox } from '../support/sandbox';

const act = require('../sandbox/activity') as {
	startRecording(sb: Sandbox, p: SandboxRecord, type?: string, at?: string): SandboxRecord;
	completeRecording(sb: Sandbox, r: SandboxRecord, overrides?: IDataObject, at?: string): SandboxRecord;
	startSession(sb: Sandbox, room: SandboxRecord, at?: string): SandboxRecord;
	endSession(sb: Sandbox, s: SandboxRecord, at?: string, reason?: string): SandboxRecord[];
	joinParticipant(sb: Sandbox, s: SandboxRecord, context: string, at?: string): SandboxRecord;
	participantLeave(sb: Sandbox, p: SandboxRecord, at?: string, reason?: string): boolean;
};
const { iso } = require('../sandbox/time') as { iso(ms: number): string };

export const DAY_MS = 86_400_000;

/** A clock that tests move forward; `Date.now()` everywhere in this process follows it. */
export const clock = {
	offsetMs: 0,
	realNow: Date.now.bind(Date),
	now(): number {
		return clock.realNow() + clock.offsetMs;
	},
	advance(ms: number) {
		clock.offsetMs += ms;
	},
	install() {
		clock.offsetMs = 0;
		jest.spyOn(Date, 'now').mockImplementation(() => clock.now());
	},
};

export const isoAt = (ms: number) => iso(ms);

export interface World {
	sb: Sandbox;
	prism: PrismProxy;
	credentials: PollerOptions['credentials'];
	rooms: string[];
	close(): Promise<void>;
	/** Resets the store to three rooms, each with a live session and two participants. */
	reset(): void;
	/** A recording in room `room`: started at `startedMs`, ended at `endedMs`; completed at `completedMs` when given. */
	recording(room: number, times: { startedMs?: number; endedMs: number; completedMs?: number }): SandboxRecord;
	complete(recording: SandboxRecord, atMs: number): SandboxRecord;
	session(room: number, startedMs: number): SandboxRecord;
	participant(session: SandboxRecord, context: string, joinedMs: number): SandboxRecord;
	leave(participant: SandboxRecord, atMs: number): void;
	endSession(session: SandboxRecord, atMs: number): void;
	/** GET <path> through Prism, as the node would (for comparing items with Get). */
	get(path: string): Promise<IDataObject>;
	apiRequests(): Array<{ method: string; path: string; query: Record<string, string>; status: number }>;
}

export async function startWorld(): Promise<World> {
	const sb = await startSandbox({ apiKey: 'KEY_TEST' });
	const prism = await startPrismProxy({ upstream: sb.url });
	const world: World = {
		sb,
		prism,
		credentials: { telnyxVideoApi: { apiKey: 'KEY_TEST', publicKey: sb.publicKey, baseUrl: `${prism.url}/v2` } },
		rooms: [],
		async close() {
			await prism.close();
			await sb.close();
		},
		reset() {
			sb.reset();
			sb.seed({ rooms: 3, sessionsPerRoom: 0 });
			world.rooms = [...sb.store.rooms.keys()];
			// Seeded rooms have no live session: give each one, with two people in it.
			const now = clock.now() - 2 * DAY_MS;
			for (let i = 0; i < world.rooms.length; i++) {
				const s = world.session(i, now);
				world.participant(s, 'Alice', now + 1000);
				world.participant(s, 'Bob', now + 2000);
			}
			sb.clearRequests();
		},
		recording(room, { startedMs, endedMs, completedMs }) {
			const session = sb.store.sessions.get(sb.store.rooms.get(world.rooms[room])!.active_session_id)!;
			const participant = [...sb.store.participants.values()].find((p) => p.session_id === session.id)!;
			const r = act.startRecording(sb, participant, 'audio', iso(startedMs ?? endedMs - 60_000));
			r.ended_at = iso(endedMs);
			r.updated_at = r.ended_at;
			if (completedMs !== undefined) world.complete(r, completedMs);
			return r;
		},
		complete: (r, atMs) => act.completeRecording(sb, r, {}, iso(atMs)),
		session: (room, startedMs) => act.startSession(sb, sb.store.rooms.get(world.rooms[room])!, iso(startedMs)),
		participant: (s, context, joinedMs) => act.joinParticipant(sb, s, context, iso(joinedMs)),
		leave: (p, atMs) => {
			act.participantLeave(sb, p, iso(atMs));
		},
		endSession: (s, atMs) => {
			act.endSession(sb, s, iso(atMs));
		},
		async get(path) {
			const res = await fetch(`${prism.url}/v2${path}`, { headers: { authorization: 'Bearer KEY_TEST' } });
			return ((await res.json()) as IDataObject).data as IDataObject;
		},
		apiRequests: () => sb.requests.filter((r) => !r.path.startsWith('/downloads')),
	};
	return world;
}

export function pollerOptions(world: World, parameters: INodeParameters, extra: Partial<PollerOptions> = {}): PollerOptions {
	return {
		node: new TelnyxVideoPollTrigger(),
		parameters,
		credentials: world.credentials,
		credentialTypes: [new TelnyxVideoApi()],
		...extra,
	};
}

export const roomsParameter = (ids: string[]) => ({
	room: ids.map((id) => ({ roomId: { __rl: true, mode: 'id', value: id } })),
});

/** A small seeded PRNG (mulberry32), so a failing property run can be replayed from its seed. */
export function prng(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
		chance: (p: number) => next() < p,
		pick: <T>(items: T[]) => items[Math.floor(next() * items.length)],
	};
}
