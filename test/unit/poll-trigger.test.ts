/**
 * TelnyxVideoPollTrigger through n8n-core's PollContext and PollTriggerExecutor, against the
 * sandbox behind Prism: which records are emitted, once, in order, across polls, restarts,
 * overlapping polls and failures, and what an idle poll costs.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { createPoller, runPollManually } from '../harness/poll';
import type { Poller } from '../harness/poll';
import type { World } from './poll-world';
import { DAY_MS, clock, pollerOptions, roomsParameter, startWorld } from './poll-world';

let world: World;

beforeAll(async () => {
	world = await startWorld();
});
afterAll(async () => {
	await world.close();
});
beforeEach(() => {
	clock.install();
	world.reset();
});
afterEach(() => {
	jest.restoreAllMocks();
});

const ids = (items: INodeExecutionData[] | null) => (items ?? []).map((i) => i.json.id as string);
const recordingsParameters = (options: IDataObject = {}) => ({ event: 'video.room.recording.completed', options });

async function activated(parameters: IDataObject, extra = {}): Promise<Poller> {
	const poller = await createPoller(pollerOptions(world, parameters as never, extra));
	const first = await poller.activate();
	expect(first.error).toBeUndefined();
	return poller;
}

test('first activation starts from now: older completed recordings are not emitted, the cursor is saved', async () => {
	const now = clock.now();
	world.recording(0, { endedMs: now - 3_600_000, completedMs: now - 3_000_000 });
	world.recording(1, { endedMs: now - DAY_MS, completedMs: now - DAY_MS + 60_000 });
	const poller = await activated(recordingsParameters());
	expect(poller.emitted).toEqual([]);
	const saved = poller.saved()['node:Telnyx Video Poll Trigger'] as IDataObject;
	expect(Date.parse((saved.cursor as IDataObject).from as string)).toBeGreaterThanOrEqual(now);
	expect((await poller.poll()).items).toBeNull();
});

test('new completed recordings are emitted once, oldest first, as Get returns them plus event_type', async () => {
	const poller = await activated(recordingsParameters());
	const t = clock.now();
	const late = world.recording(2, { endedMs: t + 5_000, completedMs: t + 9_000 });
	const early = world.recording(0, { endedMs: t + 1_000, completedMs: t + 2_000 });
	world.recording(1, { endedMs: t + 3_000 }); // still processing: not yet an event
	const { items } = await poller.poll();
	expect(ids(items)).toEqual([early.id, late.id]);
	for (const item of items!) {
		const { event_type, ...record } = item.json;
		expect(event_type).toBe('video.room.recording.completed');
		expect(record).toEqual(await world.get(`/room_recordings/${record.id as string}`));
	}
	expect((await poller.poll()).items).toBeNull();
	expect(world.prism.violations).toEqual([]);
});

test('an idle poll costs one request (one per room when narrowed to rooms by a list filter)', async () => {
	const poller = await activated(recordingsParameters());
	world.sb.clearRequests();
	await poller.poll();
	const [only] = world.apiRequests();
	expect(world.apiRequests()).toHaveLength(1);
	expect(only.path).toBe('/room_recordings');
	expect(only.query).toMatchObject({ 'filter[status]': 'completed', 'page[size]': '250', 'page[number]': '1' });
	expect(only.query['filter[date_ended_at][gte]']).toBe(new Date(clock.now() - DAY_MS).toISOString().slice(0, 10));

	const narrowed = await activated(
		{ ...recordingsParameters(), rooms: roomsParameter([world.rooms[0], world.rooms[2]]) },
		{ workflowId: 'narrowed' },
	);
	world.sb.clearRequests();
	await narrowed.poll();
	expect(world.apiRequests().map((r) => r.query['filter[room_id]']).sort()).toEqual([world.rooms[0], world.rooms[2]].sort());
});

test('a recording that ended yesterday but completes now is emitted; one older than the lookback is not', async () => {
	const t = clock.now();
	const yesterday = world.recording(0, { endedMs: t - DAY_MS });
	const threeDaysAgo = world.recording(1, { endedMs: t - 3 * DAY_MS });
	const poller = await activated(recordingsParameters());
	const wide = await activated(recordingsParameters({ lookbackDays: 4 }), { workflowId: 'wide' });
	world.complete(yesterday, t + 1000);
	world.complete(threeDaysAgo, t + 2000);
	expect(ids((await poller.poll()).items)).toEqual([yesterday.id]);
	expect(ids((await wide.poll()).items)).toEqual([yesterday.id, threeDaysAgo.id]);
});

test('Start From backfills from a date on first activation, then carries on', async () => {
	const t = clock.now();
	const old = world.recording(0, { endedMs: t - 10 * DAY_MS, completedMs: t - 10 * DAY_MS + 1000 });
	const recent = world.recording(1, { endedMs: t - 2 * DAY_MS, completedMs: t - 2 * DAY_MS + 1000 });
	const startFrom = new Date(t - 5 * DAY_MS).toISOString();
	const poller = await createPoller(pollerOptions(world, recordingsParameters({ startFrom }) as never));
	const first = await poller.activate();
	expect(ids(first.items)).toEqual([recent.id]);
	expect(old.id).toBeDefined();
	expect((await poller.poll()).items).toBeNull();
});

test('a burst of 1,000 is read with concurrent pages and emitted once, in order', async () => {
	const poller = await activated(recordingsParameters());
	const t = clock.now();
	const created = Array.from({ length: 1000 }, (_, i) =>
		world.recording(i % 3, { endedMs: t + 1000 + i, completedMs: t + 5000 + ((i * 7919) % 1000) }),
	);
	world.sb.configure({ latencyMs: 20 });
	world.sb.clearRequests();
	const { items } = await poller.poll();
	world.sb.configure({ latencyMs: 0 });
	expect(items).toHaveLength(1000);
	expect(new Set(ids(items))).toEqual(new Set(created.map((r) => r.id)));
	const times = items!.map((i) => Date.parse(i.json.completed_at as string));
	expect(times).toEqual([...times].sort((a, b) => a - b));
	expect(world.sb.stats.concurrentPeak).toBeGreaterThan(1);
	expect(world.apiRequests()).toHaveLength(4); // 250 per page
	expect((await poller.poll()).items).toBeNull();
});

test('a restart replays from the state saved with the last emitted items: nothing twice, nothing lost', async () => {
	const poller = await activated(recordingsParameters());
	const t = clock.now();
	const a = world.recording(0, { endedMs: t + 1000, completedMs: t + 2000 });
	expect(ids((await poller.poll()).items)).toEqual([a.id]);
	// Idle polls change the cursor in memory only; a day passes meanwhile.
	clock.advance(DAY_MS);
	await poller.poll();
	expect(poller.memory()).not.toEqual(poller.saved()['node:Telnyx Video Poll Trigger']);
	const b = world.recording(1, { endedMs: clock.now() + 1000, completedMs: clock.now() + 2000 });
	const afterRestart = await poller.restart();
	expect(ids(afterRestart.items)).toEqual([b.id]);
	expect((await poller.poll()).items).toBeNull();
	await poller.restart();
	expect(poller.emitted.flatMap((batch) => batch.map((i) => i.json.id))).toEqual([a.id, b.id]);
});

test('a failed poll changes nothing and the next poll catches up (4xx at once, 5xx after retries)', async () => {
	const poller = await activated(recordingsParameters());
	const t = clock.now();
	const a = world.recording(0, { endedMs: t + 1000, completedMs: t + 2000 });
	const before = poller.memory();
	world.sb.failNext(1, '400', { path: '/room_recordings' });
	const failed = await poller.poll();
	expect(failed.items).toBeNull();
	expect(failed.error?.message).toMatch(/Telnyx error 400/);
	expect(poller.memory()).toEqual(before);
	world.sb.failNext(4, '503', { path: '/room_recordings' });
	expect((await poller.poll()).error?.message).toMatch(/Telnyx error 503/);
	// The spec declares no 503 for lists: Prism flags each one as a warning, and nothing else.
	expect(world.prism.violations.map((v) => v.status)).toEqual([503, 503, 503, 503]);
	world.prism.violations.splice(0);
	expect(ids((await poller.poll()).items)).toEqual([a.id]);
});

test('a failure on a later page fails the whole poll; nothing from the read pages is emitted or remembered', async () => {
	const poller = await activated(recordingsParameters());
	const t = clock.now();
	for (let i = 0; i < 600; i++) world.recording(i % 3, { endedMs: t + i, completedMs: t + 1000 + i });
	world.sb.configure({ latencyMs: 200 });
	world.sb.clearRequests();
	const polling = poller.poll();
	// Page 1 has been answered: pages 2 and 3 are on their way; one of them fails.
	while (!world.apiRequests().some((r) => r.status === 200)) await new Promise((resolve) => setTimeout(resolve, 5));
	world.sb.failNext(1, '422', { path: '/room_recordings' });
	const failed = await polling;
	world.sb.configure({ latencyMs: 0 });
	expect(failed.error?.message).toMatch(/Telnyx error 422/);
	expect(world.apiRequests().map((r) => r.query['page[number]']).sort()).toEqual(['1', '2', '3']);
	expect(poller.emitted).toEqual([]);
	const { items } = await poller.poll();
	expect(items).toHaveLength(600);
});

test('overlapping polls: the second one emits nothing while the first is still running', async () => {
	const poller = await activated(recordingsParameters());
	const t = clock.now();
	for (let i = 0; i < 300; i++) world.recording(i % 3, { endedMs: t + i, completedMs: t + 1000 + i });
	world.sb.configure({ latencyMs: 100 });
	const [first, second] = await Promise.all([poller.poll(), poller.poll()]);
	world.sb.configure({ latencyMs: 0 });
	expect(first.items).toHaveLength(300);
	expect(second.items).toBeNull();
	expect((await poller.poll()).items).toBeNull();
});

test('Participant Left narrowed to a room: other rooms are decided once (one lookup per session), not re-checked', async () => {
	const parameters = { event: 'video.room.participant.left', rooms: roomsParameter([world.rooms[1]]), options: {} };
	const poller = await activated(parameters);
	const t = clock.now();
	const sessionOf = (room: number) => world.sb.store.sessions.get(world.sb.store.rooms.get(world.rooms[room])!.active_session_id)!;
	const here = world.participant(sessionOf(1), 'Carol', t);
	const elsewhere = world.participant(sessionOf(0), 'Dave', t);
	world.leave(elsewhere, t + 1000);
	world.leave(here, t + 2000);
	world.sb.clearRequests();
	const { items } = await poller.poll();
	expect(ids(items)).toEqual([here.id]);
	expect(items![0].json.event_type).toBe('video.room.participant.left');
	expect(world.apiRequests().filter((r) => r.path.startsWith('/room_sessions/'))).toHaveLength(2);
	world.sb.clearRequests();
	expect((await poller.poll()).items).toBeNull();
	expect(world.apiRequests()).toHaveLength(1);
});

test.each([
	['video.room.session.ended', 'sessions'],
	['video.room.session.started', 'sessions'],
	['video.room.participant.joined', 'participants'],
	['video.room.composition.completed', 'compositions'],
])('%s: emitted once with its event_type', async (event, kind) => {
	const poller = await activated({ event, options: {} });
	const t = clock.now();
	let expected: string;
	if (kind === 'compositions') {
		const res = await fetch(`${world.prism.url}/v2/room_compositions`, {
			method: 'POST',
			headers: { authorization: 'Bearer KEY_TEST', 'content-type': 'application/json' },
			body: JSON.stringify({ session_id: world.sb.store.rooms.get(world.rooms[0])!.active_session_id }),
		});
		expected = (((await res.json()) as IDataObject).data as IDataObject).id as string;
		expect((await poller.poll()).items).toBeNull(); // enqueued is not completed
		const composition = world.sb.store.compositions.get(expected)!;
		Object.assign(composition, { status: 'completed', completed_at: new Date(t + 5000).toISOString(), download_url: 'https://example.com/c.mp4', duration_secs: 5, size_mb: 1 });
	} else if (event === 'video.room.participant.joined') {
		expected = world.participant(world.sb.store.sessions.get(world.sb.store.rooms.get(world.rooms[2])!.active_session_id)!, 'Eve', t + 1000).id;
	} else {
		world.endSession(world.sb.store.sessions.get(world.sb.store.rooms.get(world.rooms[2])!.active_session_id)!, t + 1000);
		const s = world.session(2, t + 2000);
		expected = event === 'video.room.session.started' ? s.id : [...world.sb.store.sessions.values()].find((x) => x.ended_at && x.room_id === world.rooms[2] && Date.parse(x.ended_at) > t)!.id;
	}
	const { items } = await poller.poll();
	expect(ids(items)).toEqual([expected]);
	expect(items![0].json.event_type).toBe(event);
	expect((await poller.poll()).items).toBeNull();
	expect(world.prism.violations).toEqual([]);
});

test('changing the event starts afresh from now', async () => {
	const poller = await activated(recordingsParameters());
	const t = clock.now();
	world.recording(0, { endedMs: t + 1000, completedMs: t + 2000 });
	expect((await poller.poll()).items).toHaveLength(1);
	const saved = poller.saved();
	const other = await createPoller(pollerOptions(world, { event: 'video.room.session.ended', options: {} } as never, { savedStaticData: saved }));
	await other.activate();
	const cursor = other.memory().cursor as IDataObject;
	expect(cursor.key).toContain('video.room.session.ended');
	expect(cursor.seen).toEqual({});
});

test('"Fetch Test Event" returns the most recent matching record and keeps no state', async () => {
	const t = clock.now();
	world.recording(0, { endedMs: t - 20 * DAY_MS, completedMs: t - 20 * DAY_MS + 1000 });
	const newest = world.recording(1, { endedMs: t - 3 * DAY_MS, completedMs: t - 3 * DAY_MS + 5000 });
	world.recording(2, { endedMs: t - 3 * DAY_MS, completedMs: t - 3 * DAY_MS + 1000 });
	const { items, error } = await runPollManually(pollerOptions(world, recordingsParameters() as never));
	expect(error).toBeUndefined();
	expect(ids(items)).toEqual([newest.id]);
	expect(items![0].json.event_type).toBe('video.room.recording.completed');

	const inRoom0 = await runPollManually(pollerOptions(world, { ...recordingsParameters(), rooms: roomsParameter([world.rooms[0]]) } as never));
	expect(inRoom0.items![0].json.room_id).toBe(world.rooms[0]); // found in the whole history

	const none = await runPollManually(pollerOptions(world, { event: 'video.room.composition.completed', options: {} } as never));
	expect(none.error?.message).toBe('No completed composition found to use as a test event');
});

test('bad input is refused before any request, naming the field', async () => {
	world.sb.clearRequests();
	const tooLong = await createPoller(pollerOptions(world, recordingsParameters({ lookbackDays: 31 }) as never));
	await expect(tooLong.activate()).rejects.toThrow('Options › Lookback (Days): must be a whole number from 0 to 30, got 31');
	const badRoom = await createPoller(pollerOptions(world, { ...recordingsParameters(), rooms: roomsParameter(['not-a-room']) } as never));
	await expect(badRoom.activate()).rejects.toThrow('Rooms: "not-a-room" is not a room ID');
	const badDate = await createPoller(pollerOptions(world, recordingsParameters({ startFrom: 'yesterday-ish' }) as never));
	await expect(badDate.activate()).rejects.toThrow('Options › Start From: not a date');
	expect(world.apiRequests()).toEqual([]);
});

test('a longer lookback set later does not bring back records emitted and already forgotten', async () => {
	const short = await activated(recordingsParameters({ lookbackDays: 0 }));
	const t = clock.now();
	const a = world.recording(0, { endedMs: t + 1000, completedMs: t + 2000 });
	expect(ids((await short.poll()).items)).toEqual([a.id]);
	clock.advance(3 * DAY_MS);
	const b = world.recording(1, { endedMs: clock.now(), completedMs: clock.now() + 1000 });
	expect(ids((await short.poll()).items)).toEqual([b.id]);
	const cursor = short.saved()['node:Telnyx Video Poll Trigger'] as IDataObject;
	expect(JSON.stringify(cursor)).not.toContain(a.id); // its day left the window: forgotten
	const longer = await createPoller(
		pollerOptions(world, recordingsParameters({ lookbackDays: 7 }) as never, { savedStaticData: short.saved(), workflowId: 'longer' }),
	);
	const first = await longer.activate();
	expect(first.items).toBeNull();
	world.sb.clearRequests();
	await longer.poll();
	// The window widens only as far as the IDs are still known.
	expect(world.apiRequests()[0].query['filter[date_ended_at][gte]']).toBe(new Date(clock.now()).toISOString().slice(0, 10));
});
