#!/usr/bin/env node
'use strict';
// The poll trigger in a real n8n (`npm run test:e2e:poll`), on its own.
//
// Per pinned n8n version: the packed package installed like a community install, the sandbox
// behind `prism proxy`, and two active workflows: "Telnyx Video Poll Trigger (recording completed)
// -> HTTP Request to a sink", and examples/recording-poll-archive.json (poll trigger -> Download ->
// upload placeholder pointed at the sink). Recordings complete before activation (never emitted),
// between polls, late (ended yesterday), and while n8n is stopped; each must reach the sink exactly
// once across several polls and an n8n restart. "Fetch Test Event" runs in the running instance.
// n8n refuses poll schedules under a minute: the test first shows a seconds cron is refused, then
// polls four times a minute with four "custom" poll times (one cron each, a fixed second each).
//
//   node test/e2e/poll.js [--skip-build] [--keep] [version ...]
//
// The last line is "e2e poll: N passed, M failed"; the exit code is non-zero on any failure.

const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');

const n8n = require('./lib/n8n');
const { prepareRun } = require('./lib/prepare');
const { reporter } = require('./lib/report');
const { CREDENTIAL, byId, credentials, postJson, workflow, nodeOutput } = require('./lib/workflows');
const act = require('../sandbox/activity');
const { iso } = require('../sandbox/time');

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, '.e2e', 'poll');
const API_KEY = 'KEY_TEST';
const POLL_TRIGGER = `${n8n.PACKAGE_NAME}.telnyxVideoPollTrigger`;
const IDS = { sink: 'e2ePollSink00001', example: 'e2eExPollArch001', tooFast: 'e2ePollTooFast01' };
const TRIGGER_NAME = 'Recording completed';
const DAY_MS = 86_400_000;
/** Four poll times a minute, each a plain every-minute cron at a fixed second: n8n accepts these. */
const FAST_POLL_TIMES = { item: [0, 15, 30, 45].map((s) => ({ mode: 'custom', cronExpression: `${s} * * * * *` })) };

const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

function pollTrigger(name, parameters) {
	return { name, type: POLL_TRIGGER, typeVersion: 1, credentials: credentials(), parameters };
}

/** Poll trigger -> HTTP Request posting { mode, item } to the sink, one request per record. */
function sinkWorkflow(sinkUrl) {
	const trigger = pollTrigger(TRIGGER_NAME, {
		pollTimes: FAST_POLL_TIMES,
		event: 'video.room.recording.completed',
		options: {},
	});
	const post = postJson('To Sink', `${sinkUrl}/poll`, '={{ JSON.stringify({ mode: $execution.mode, item: $json }) }}');
	return workflow(IDS.sink, 'e2e: poll trigger -> sink', [[post]], { trigger });
}

/** The example, made runnable: fixed id, one room, fast poll times, placeholder URL -> sink. */
function exampleWorkflow(sinkUrl, roomId) {
	const wf = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', 'recording-poll-archive.json'), 'utf8'));
	wf.id = IDS.example;
	wf.active = false;
	for (const node of wf.nodes) {
		if (node.type === POLL_TRIGGER) {
			assert.deepEqual(node.parameters.pollTimes, { item: [{ mode: 'everyMinute' }] }, 'the example polls every minute');
			node.parameters.pollTimes = FAST_POLL_TIMES;
			node.parameters.rooms = { room: [{ roomId: byId(roomId) }] };
		}
		if (node.type === 'n8n-nodes-base.httpRequest') {
			node.parameters.url = node.parameters.url.replace(/https:\/\/([a-z]+)\.example\.com/, `${sinkUrl}/$1`);
		}
	}
	return wf;
}

function tooFastWorkflow(sinkUrl) {
	const trigger = pollTrigger('Too fast', {
		pollTimes: { item: [{ mode: 'custom', cronExpression: '*/10 * * * * *' }] },
		event: 'video.room.session.ended',
		options: {},
	});
	return workflow(IDS.tooFast, 'e2e: poll every 10 s (refused)', [[postJson('To Sink', `${sinkUrl}/too-fast`)]], { trigger });
}

// ---------------------------------------------------------------------------------------------

/** Three rooms, each with a live session and one participant; returns helpers to make recordings. */
function world(sb) {
	sb.reset();
	sb.seed({ rooms: 3, sessionsPerRoom: 0 });
	const rooms = [...sb.store.rooms.keys()];
	const participants = rooms.map((id) => {
		const s = act.startSession(sb, sb.store.rooms.get(id));
		return act.joinParticipant(sb, s, 'Alice');
	});
	/** A recording in room `room`, ended `endedAgoMs` ago, completed `completedAgoMs` ago (or left processing). */
	const recording = (room, { endedAgoMs = 30_000, completedAgoMs = 0, complete = true } = {}) => {
		const r = act.startRecording(sb, participants[room], 'video', iso(Date.now() - endedAgoMs - 60_000));
		r.ended_at = iso(Date.now() - endedAgoMs);
		r.updated_at = r.ended_at;
		if (complete) act.completeRecording(sb, r, {}, iso(Date.now() - completedAgoMs));
		return r;
	};
	return { rooms, recording };
}

/** Polls of the sink workflow so far: its GET /room_recordings (the example's carry a room filter). */
const listPolls = (sb) =>
	sb.requests.filter((r) => r.method === 'GET' && r.path === '/room_recordings' && !r.query['filter[room_id]']).length;

async function runVersion(version, { tarball, sb, prism, keep }) {
	const t0 = Date.now();
	const rep = reporter(version);
	console.log(`\n== n8n ${version}`);
	prism.clearViolations();
	const { rooms, recording } = world(sb);
	const userFolder = n8n.tempUserFolder(`n8n-poll-${version}`, WORK);
	const ctx = { version, userFolder };
	const sink = await n8n.startSink();
	const credentialData = { apiKey: API_KEY, publicKey: sb.publicKey, baseUrl: `${prism.url}/v2` };
	const expected = new Set(); // recordings completed after activation: each must arrive once
	let instance;
	let session;
	const start = async () => {
		instance = await n8n.startN8n({ ...ctx, logFile: path.join(userFolder, 'n8n.log') });
		console.log(`  n8n ${version} up on ${instance.url} (pid ${instance.pid}) in ${secs(instance.bootMs)}`);
	};
	/** Records posted by the production executions, by id. */
	const arrivals = () => {
		const counts = new Map();
		for (const r of sink.requests.filter((x) => x.url === '/poll' && x.body && x.body.mode !== 'manual' && x.body.mode !== 'test')) {
			counts.set(r.body.item.id, (counts.get(r.body.item.id) || 0) + 1);
		}
		return counts;
	};
	const waitForArrivals = (what) =>
		n8n.waitFor(() => [...expected].every((id) => arrivals().has(id)), { timeoutMs: 60_000, intervalMs: 250, what });
	const assertExactlyOnce = () => {
		const got = arrivals();
		const duplicates = [...got.entries()].filter(([, n]) => n > 1);
		const unexpected = [...got.keys()].filter((id) => !expected.has(id));
		const missed = [...expected].filter((id) => !got.has(id));
		assert.deepEqual({ duplicates, unexpected, missed }, { duplicates: [], unexpected: [], missed: [] });
		return `${expected.size} created, ${[...got.values()].reduce((a, b) => a + b, 0)} emitted, 0 duplicates, 0 missed`;
	};

	try {
		n8n.installPackage(userFolder, tarball);
		// completed before activation: never emitted; the newer one is the test event
		const before = [recording(0, { endedAgoMs: 7_200_000, completedAgoMs: 7_000_000 }), recording(1, { endedAgoMs: 3_600_000, completedAgoMs: 3_000_000 })];
		await rep.step('cli import:credentials + import:workflow (sink workflow, example, too-fast schedule)', async () => {
			await n8n.importCredentials(ctx, [{ ...CREDENTIAL, data: credentialData }]);
			await n8n.importWorkflow(ctx, [sinkWorkflow(sink.url), exampleWorkflow(sink.url, rooms[2]), tooFastWorkflow(sink.url)]);
		});
		await start();
		session = await n8n.setupOwner(instance);

		await rep.step('poll trigger loaded as a community node', async () => {
			assert.ok((await n8n.listNodeTypes(session)).includes(POLL_TRIGGER));
		});

		await rep.step('a poll time under a minute ("*/10 * * * * *") is refused at activation', async () => {
			const err = await n8n.activate(session, IDS.tooFast).then(() => undefined, (e) => e);
			assert.ok(err, 'activation succeeded');
			const text = `${err.message} ${JSON.stringify(err.publicationStatus || err.body || {})}`;
			assert.match(text, /too short|at least a minute/i);
			return /at least a minute/.exec(text) ? 'n8n: "The polling interval is too short. It has to be at least a minute."' : text.slice(0, 120);
		});

		await rep.step('"Fetch Test Event" (manual run in the running instance) returns the most recent completed recording', async () => {
			const newest = before[1];
			const run = await n8n.runManually(session, IDS.sink, { triggerName: TRIGGER_NAME });
			assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error || {}));
			const [item] = nodeOutput(run, TRIGGER_NAME).map((i) => i.json);
			assert.equal(item.id, newest.id);
			assert.equal(item.event_type, 'video.room.recording.completed');
			assert.equal(item.download_url, newest.download_url);
			return `${item.id} (${run.mode})`;
		});

		let activatedAt;
		await rep.step('activate both workflows (4 poll times a minute); nothing completed before activation is emitted', async () => {
			const t = Date.now();
			await n8n.activate(session, IDS.sink);
			await n8n.activate(session, IDS.example);
			activatedAt = Date.now();
			await n8n.sleep(2000);
			assert.equal(arrivals().size, 0, 'records from before activation were emitted');
			return `in ${Date.now() - t} ms`;
		});

		await rep.step('recordings completed between polls and one that ended yesterday arrive once each', async () => {
			const p0 = listPolls(sb);
			for (const r of [recording(0), recording(1), recording(2)]) expected.add(r.id);
			await waitForArrivals('the first batch');
			const late = recording(1, { endedAgoMs: DAY_MS, complete: false });
			for (const r of [recording(0), recording(2)]) expected.add(r.id);
			act.completeRecording(sb, late);
			expected.add(late.id);
			await waitForArrivals('the second batch');
			const polls = listPolls(sb) - p0;
			assert.ok(polls >= 2, `only ${polls} polls`);
			return `${assertExactlyOnce()}; ${polls} polls since the first batch`;
		});

		await rep.step('example recording-poll-archive.json: each room-2 recording downloaded and uploaded once, byte-identical', async () => {
			const inRoom2 = [...expected].map((id) => sb.store.recordings.get(id)).filter((r) => r.room_id === rooms[2]);
			await n8n.waitFor(() => sink.requests.filter((r) => r.url.startsWith('/storage/')).length >= inRoom2.length, {
				timeoutMs: 60_000,
				what: 'the example uploads',
			});
			const uploads = sink.requests.filter((r) => r.url.startsWith('/storage/'));
			assert.deepEqual(uploads.map((u) => u.url).sort(), inRoom2.map((r) => `/storage/telnyx-recordings/${r.id}.webm`).sort());
			const original = Buffer.from(await (await fetch(inRoom2[0].download_url)).arrayBuffer());
			const upload = uploads.find((u) => u.url.includes(inRoom2[0].id));
			assert.ok(upload.bytes.equals(original), `uploaded ${upload.bytes.length} bytes, the file has ${original.length}`);
			assert.match(upload.headers['content-type'], /^video\/webm/);
			return `${uploads.length} uploads (room 2 only), ${original.length} bytes each`;
		});

		await rep.step('n8n restart: recordings completed while it was down arrive once; nothing earlier again', async () => {
			await instance.stop();
			// Completed a second apart, so that the newest (the next test event) is unambiguous.
			for (const r of [recording(0, { completedAgoMs: 1000 }), recording(2)]) expected.add(r.id);
			await start();
			session = await n8n.login(instance);
			await waitForArrivals('the recordings completed during the restart');
			const p1 = listPolls(sb);
			await n8n.waitFor(() => listPolls(sb) - p1 >= 2, { timeoutMs: 60_000, what: 'two more polls' });
			return `${assertExactlyOnce()}; 2 more polls each found nothing new`;
		});

		await rep.step('"Fetch Test Event" on the active workflow: the newest recording, and the production cursor is untouched', async () => {
			const newest = [...expected].map((id) => sb.store.recordings.get(id)).reduce((a, b) => (a.completed_at > b.completed_at ? a : b));
			const run = await n8n.runManually(session, IDS.sink, { triggerName: TRIGGER_NAME });
			assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error || {}));
			assert.equal(nodeOutput(run, TRIGGER_NAME)[0].json.id, newest.id);
			const p2 = listPolls(sb);
			await n8n.waitFor(() => listPolls(sb) - p2 >= 1, { timeoutMs: 30_000, what: 'one more poll' });
			return assertExactlyOnce();
		});

		await rep.step('production executions all succeeded; idle polls started none', async () => {
			const executions = await n8n.listExecutions(session, { workflowId: IDS.sink, limit: 100 });
			const production = executions.filter((e) => e.mode !== 'manual');
			for (const e of production) assert.equal(e.status, 'success');
			assert.ok(production.length >= 3 && production.length <= 5, `${production.length} executions`);
			return `${production.length} executions for ${expected.size} records; activated ${secs(Date.now() - activatedAt)} ago`;
		});
	} catch (err) {
		rep.failed.push({ name: 'suite aborted', error: err });
		console.log(`  FAIL  suite aborted\n        ${err.stack || err.message}`);
	} finally {
		if (instance) await instance.stop();
		await sink.close();
	}
	await rep.step('contract: 0 Prism violations, no unknown query key', () => {
		assert.deepEqual(prism.violations.map((v) => `${v.method} ${v.url} ${v.status}: ${v.message}`), []);
		assert.deepEqual(sb.requests.filter((r) => r.unknownQuery).map((r) => r.unknownQuery), []);
		return `${prism.exchanges.length} exchanges`;
	});
	rep.ms = Date.now() - t0;
	if (rep.failed.length === 0 && !keep) fs.rmSync(userFolder, { recursive: true, force: true });
	else console.log(`  user folder kept: ${path.relative(ROOT, userFolder)}`);
	return rep;
}

async function main() {
	const t0 = Date.now();
	const { opts, tarball, sb, prism, close } = await prepareRun({ work: WORK, apiKey: API_KEY, sandbox: { maxLog: 200000 } });
	const reports = [];
	try {
		for (const version of opts.versions) reports.push(await runVersion(version, { tarball, sb, prism, keep: opts.keep }));
	} finally {
		await close();
	}
	console.log('\n== e2e poll summary');
	for (const r of reports) {
		console.log(`n8n ${r.version}: ${r.passed.length}/${r.passed.length + r.failed.length} checks, ${secs(r.ms)}`);
		for (const f of r.failed) console.log(`n8n ${r.version}: FAILED ${f.name}: ${String(f.error.message).split('\n')[0].slice(0, 300)}`);
	}
	console.log(`total wall time ${secs(Date.now() - t0)}`);
	const passed = reports.reduce((n, r) => n + r.passed.length, 0);
	const failed = reports.reduce((n, r) => n + r.failed.length, 0);
	console.log(`e2e poll: ${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
	console.error(`\ne2e poll ABORTED: ${err.stack || err.message}`);
	console.log('e2e poll: 0 passed, 1 failed');
	process.exitCode = 1;
});
