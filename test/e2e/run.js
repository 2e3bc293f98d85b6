#!/usr/bin/env node
'use strict';
// The real-n8n end-to-end suite (`npm run test:e2e`).
//
// For each pinned n8n version (Node 24, from the cache of scripts/install-n8n.js): the package is
// built, packed and installed like a community install into a fresh user folder; a credential
// points n8n at the local sandbox behind `prism proxy` (request + response validation against
// Telnyx's OpenAPI description); workflows exercise all 27 operations, Return All over 3,000
// records, API errors and Continue On Fail; the trigger is activated over REST in a running
// n8n, fed signed (and forged, stale, unselected) events, and deactivated; the example
// workflows in examples/ run too. Any failed check or contract violation fails the suite.
//
//   node test/e2e/run.js [--skip-build] [--keep] [version ...]
//     --skip-build  use dist/ as it is (npm test has just built it)
//     --keep        keep the n8n user folders under .e2e/run even when everything passed
//
// The last line is "e2e: N passed, M failed"; the exit code is non-zero on any failure.

const assert = require('assert/strict');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const n8n = require('./lib/n8n');
const { prepareRun } = require('./lib/prepare');
const { reporter, indent } = require('./lib/report');
const { CREDENTIAL, TELNYX, byId, nodeOutput, nodeJson, postJson, workflow, TELNYX_TRIGGER, credentials } = require('./lib/workflows');
const { ALL_OPERATIONS, seedData, buildCases } = require('./cases');

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, '.e2e', 'run');
const EXAMPLES = path.join(ROOT, 'examples');
const API_KEY = 'KEY_TEST';

const TRIGGER = { id: 'e2eTrigger000001', webhookId: '3d0c1f5e-8a41-4c2b-9f7e-5b6a7c8d9e01' };
/** Per example file: the workflow id the suite gives it and how it is driven. */
const EXAMPLE_IDS = {
	'recording-cleanup.json': 'e2eExCleanup0001',
	'room-events-to-chat.json': 'e2eExChat0000001',
	'recording-archive.json': 'e2eExArchive0001',
};
/** Examples another script runs (they need more than this suite starts). */
const EXAMPLES_RUN_ELSEWHERE = {
	'ai-agent-meeting.json': 'test/e2e/ai-agent.js (npm run test:ai)',
	'recording-poll-archive.json': 'test/e2e/poll.js (npm run test:e2e:poll)',
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// Results

function suiteReporter(version) {
	const ops = { passed: new Set(), failed: new Set() };
	const trigger = { passed: 0, failed: 0 };
	const rep = reporter(version, {
		onResult(passed, { ops: names = [], trigger: isTrigger = false }) {
			names.forEach((op) => ops[passed ? 'passed' : 'failed'].add(op));
			if (isTrigger) trigger[passed ? 'passed' : 'failed']++;
		},
	});
	rep.trigger = trigger;
	rep.opsOk = () => ALL_OPERATIONS.filter((op) => ops.passed.has(op) && !ops.failed.has(op));
	return rep;
}

// ---------------------------------------------------------------------------------------------
// Sandbox traffic

/** API requests (not downloads) since the last call; remembers any unknown query key. */
function takeRequests(sb, state) {
	const all = sb.requests.slice();
	sb.clearRequests();
	for (const r of all) if (r.unknownQuery) state.unknownQuery.push(`${r.method} ${r.path}: ${JSON.stringify(r.unknownQuery)}`);
	return all.filter((r) => !r.download && !r.path.startsWith('/downloads'));
}

// ---------------------------------------------------------------------------------------------
// Workflows: the trigger test and the examples

/** Telnyx Video Trigger -> HTTP Request posting the item to the sink. */
function triggerWorkflow(sinkUrl, roomIds) {
	const trigger = {
		name: 'Telnyx Video Trigger',
		type: TELNYX_TRIGGER,
		typeVersion: 1,
		webhookId: TRIGGER.webhookId,
		credentials: credentials(),
		parameters: {
			rooms: { room: roomIds.map((id) => ({ roomId: byId(id) })) },
			events: ['video.room.participant.joined', 'video.room.session.started'],
			options: {},
		},
	};
	return workflow(TRIGGER.id, 'e2e: trigger -> sink', [[postJson('To Sink', `${sinkUrl}/trigger`)]], { trigger });
}

/**
 * Another trigger workflow (created over REST in the running instance): chosen rooms, every
 * event, each item posted to `<sink>/<sinkPath>`.
 */
function extraTriggerWorkflow(name, { webhookId, roomIds, sinkUrl, sinkPath, options = {} }) {
	const trigger = {
		name: 'Telnyx Video Trigger',
		type: TELNYX_TRIGGER,
		typeVersion: 1,
		webhookId,
		credentials: credentials(),
		parameters: { rooms: { room: roomIds.map((id) => ({ roomId: byId(id) })) }, events: ['*'], options },
	};
	const wf = workflow(undefined, name, [[postJson('To Sink', `${sinkUrl}/${sinkPath}`)]], { trigger });
	delete wf.id;
	return wf;
}

/**
 * What a room URL set by the trigger says: `<holder>?via=<url>&previous=<url>` or
 * `<holder>?released=1` (nodes/TelnyxVideoTrigger/chain.ts), read here independently.
 */
function heldBy(url) {
	const u = new URL(url);
	return {
		holder: `${u.origin}${u.pathname}`,
		via: u.searchParams.getAll('via'),
		previous: u.searchParams.get('previous'),
		released: u.searchParams.has('released'),
	};
}

/** examples/*.json, as files. */
function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) }));
}

/**
 * An example made runnable here: a fixed id, chosen rooms in its trigger, and every
 * `https://<name>.example.com` placeholder URL pointed at the sink (`<sink>/<name>/...`).
 */
function prepareExample(example, { id, sinkUrl, roomIds = [] }) {
	const wf = JSON.parse(JSON.stringify(example));
	wf.id = id;
	wf.active = false;
	for (const node of wf.nodes) {
		if (node.type === TELNYX_TRIGGER) node.parameters.rooms = { room: roomIds.map((r) => ({ roomId: byId(r) })) };
		if (node.type === 'n8n-nodes-base.httpRequest') {
			node.parameters.url = node.parameters.url.replace(/https:\/\/([a-z]+)\.example\.com/, `${sinkUrl}/$1`);
		}
	}
	return wf;
}

// ---------------------------------------------------------------------------------------------
// REST extras

/** The editor's "Test" button of a saved credential. */
async function testCredential(session, data) {
	return session.request('POST', '/rest/credentials/test', { credentials: { ...CREDENTIAL, data } });
}

/** Finished executions of a workflow, after making sure no further one turns up. */
async function settledExecutions(session, workflowId, count) {
	if (count > 0) await n8n.waitForExecutions(session, workflowId, { count, timeoutMs: 30000 });
	await sleep(1500); // anything that should not have run has had time to show up
	const all = await n8n.listExecutions(session, { workflowId, limit: 100 });
	return Promise.all(all.map((e) => n8n.getExecution(session, e.id)));
}

const triggerItem = (execution, nodeName) => nodeJson(execution, nodeName)[0];

// ---------------------------------------------------------------------------------------------
// One version

async function runVersion(version, { tarball, sb, prism, keep }) {
	const t0 = Date.now();
	const rep = suiteReporter(version);
	const traffic = { unknownQuery: [] };
	console.log(`\n== n8n ${version}`);
	prism.clearViolations();
	const today = new Date();
	const data = seedData(sb, { today });
	const cases = buildCases(sb, data);
	const rooms = data.main.rooms;
	const userFolder = n8n.tempUserFolder(`n8n-${version}`, WORK);
	const ctx = { version, userFolder };
	const sink = await n8n.startSink();
	let instance;
	let session;
	try {
		n8n.installPackage(userFolder, tarball);

		// --- fixtures: credential + every workflow, imported with the CLI --------------------------
		const caseWorkflows = cases.map((c) => c.workflow(c.id, `e2e: ${c.key}`));
		const triggerRooms = [rooms[6], rooms[3]]; // 6: live session; 3: none (a session can start)
		const files = exampleFiles();
		const examples = {};
		await rep.step('examples: every examples/*.json is known to the suite and uses the demo credential', () => {
			assert.ok(files.length >= 3, 'three examples');
			for (const { file, workflow: wf } of files) {
				assert.ok(EXAMPLE_IDS[file] || EXAMPLES_RUN_ELSEWHERE[file], `${file} is not run by the suite: add it to EXAMPLE_IDS`);
				for (const node of wf.nodes.filter((n) => n.credentials && n.credentials.telnyxVideoApi)) {
					assert.deepEqual(node.credentials.telnyxVideoApi, { id: CREDENTIAL.id, name: CREDENTIAL.name }, `${file}: ${node.name}`);
				}
			}
		});
		const byFile = Object.fromEntries(files.map((f) => [f.file, f.workflow]));
		examples.cleanup = prepareExample(byFile['recording-cleanup.json'], { id: EXAMPLE_IDS['recording-cleanup.json'], sinkUrl: sink.url });
		// The example gone live the way its sticky note says: Dry Run turned off, nothing else changed.
		examples.cleanupLive = prepareExample(byFile['recording-cleanup.json'], { id: 'e2eExCleanupLive', sinkUrl: sink.url });
		examples.cleanupLive.name += ' (live)';
		for (const node of examples.cleanupLive.nodes) if (node.parameters.operation === 'deleteMany') node.parameters.dryRun = false;
		examples.chat = prepareExample(byFile['room-events-to-chat.json'], {
			id: EXAMPLE_IDS['room-events-to-chat.json'],
			sinkUrl: sink.url,
			roomIds: [rooms[4]],
		});
		examples.archive = prepareExample(byFile['recording-archive.json'], {
			id: EXAMPLE_IDS['recording-archive.json'],
			sinkUrl: sink.url,
			roomIds: [rooms[2]],
		});
		const credentialData = { apiKey: API_KEY, publicKey: sb.publicKey, baseUrl: `${prism.url}/v2` };
		const imported = await rep.step('cli import:credentials + import:workflow', async () => {
			await n8n.importCredentials(ctx, [{ ...CREDENTIAL, data: credentialData }]);
			const all = [...caseWorkflows, triggerWorkflow(sink.url, triggerRooms), ...Object.values(examples)];
			await n8n.importWorkflow(ctx, all);
			return `${all.length} workflows`;
		});
		if (!imported) throw new Error('nothing to run without the imported fixtures');

		// --- CLI execute, once per version --------------------------------------------------------
		for (const c of cases.filter((x) => x.cli)) {
			await rep.step(`cli execute: ${c.key}`, async () => {
				takeRequests(sb, traffic);
				const run = await n8n.executeWorkflow(ctx, c.id);
				assert.equal(run.status, 'success', `status ${run.status}: ${JSON.stringify(run.data.resultData.error || {})}`);
				await c.check(run, { sb, api: takeRequests(sb, traffic) });
				return `${secs(run.ms)} incl. boot`;
			});
		}

		// --- a running instance ------------------------------------------------------------------
		instance = await n8n.startN8n({ ...ctx, logFile: path.join(userFolder, 'n8n.log') });
		console.log(`  n8n ${version} up on ${instance.url} (pid ${instance.pid}) in ${secs(instance.bootMs)}`);
		session = await n8n.setupOwner(instance);

		await rep.step('package loaded as a community node (node types + credential type)', async () => {
			const types = await n8n.listNodeTypes(session);
			for (const name of ['telnyxVideo', 'telnyxVideoTrigger']) assert.ok(types.includes(`${n8n.PACKAGE_NAME}.${name}`), name);
			assert.ok((await n8n.listCredentialTypes(session)).includes('telnyxVideoApi'));
			const loadError = /Failed to load package[^\n]*\n[^\n]*/.exec(instance.output());
			assert.ok(!loadError, String(loadError));
		});
		await rep.step('credential test (the editor\'s Test button) passes against the sandbox', async () => {
			const res = await testCredential(session, credentialData);
			assert.equal(res.status, 'OK', JSON.stringify(res));
			const bad = await testCredential(session, { ...credentialData, apiKey: 'KEY_WRONG' });
			assert.equal(bad.status, 'Error', JSON.stringify(bad));
			takeRequests(sb, traffic);
			return `${res.message}; wrong key: ${bad.message}`;
		});

		// --- the action cases --------------------------------------------------------------------
		for (const c of cases) {
			await rep.step(c.key, async () => {
				takeRequests(sb, traffic);
				const run = await n8n.runManually(session, c.id);
				if (!c.expectError) {
					assert.equal(run.status, 'success', `status ${run.status}: ${JSON.stringify(run.data.resultData.error || {}).slice(0, 800)}`);
				}
				await c.check(run, { sb, api: takeRequests(sb, traffic) });
				return c.sample;
			}, { ops: c.ops });
		}

		// --- the participants picker, asked the way the editor asks for a multi-select's options ---
		await rep.step('editor: Kick\'s participant picker lists the chosen session\'s participants with context and join time', async () => {
			const participants = [...sb.store.participants.values()];
			const live = [...sb.store.sessions.values()].find((s) => s.active && participants.some((p) => p.session_id === s.id));
			assert.ok(live, 'seed: a live session with participants');
			const people = participants.filter((p) => p.session_id === live.id);
			const options = await session.request('POST', '/rest/dynamic-node-parameters/options', {
				path: 'parameters.participantsIds',
				nodeTypeAndVersion: { name: TELNYX, version: 1 },
				methodName: 'getSessionParticipants',
				currentNodeParameters: { resource: 'roomSession', operation: 'kick', roomSessionId: byId(live.id), participants: 'specific' },
				credentials: { telnyxVideoApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } },
			});
			assert.deepEqual(options.map((o) => o.value).sort(), people.map((p) => p.id).sort());
			for (const p of people) {
				const option = options.find((o) => o.value === p.id);
				assert.ok(option.name.startsWith(`${p.context}, joined ${p.joined_at.replace('T', ' ').slice(0, 16)}`), option.name);
			}
			return `${options.length} participants: ${options.map((o) => o.name).join('; ').slice(0, 120)}`;
		});

		// --- example: scheduled recording cleanup, safe to click, then gone live -----------------
		const cutoffAt = () => new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
		const splitByAge = () => {
			const cutoff = cutoffAt();
			const all = [...sb.store.recordings.values()];
			return {
				cutoff,
				old: all.filter((r) => r.ended_at.slice(0, 10) <= cutoff).map((r) => r.id),
				keep: all.filter((r) => r.ended_at.slice(0, 10) > cutoff).map((r) => r.id),
			};
		};
		await rep.step('example recording-cleanup.json as shipped: Delete Many with Dry Run deletes nothing and says how to go live', async () => {
			const { cutoff, old, keep } = splitByAge();
			assert.ok(old.length > 10 && keep.length >= 5, `seed: ${old.length} old, ${keep.length} recent`);
			const shipped = examples.cleanup.nodes.find((n) => n.parameters.operation === 'deleteMany');
			assert.equal(shipped && shipped.parameters.dryRun, true, 'the shipped example must run Delete Many with Dry Run on');
			const sticky = examples.cleanup.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote');
			assert.match(sticky.parameters.content, /DRY RUN[\s\S]*To go live[\s\S]*Dry Run\*\* off/);
			const before = [...sb.store.recordings.keys()].sort();
			takeRequests(sb, traffic);
			const run = await n8n.runManually(session, examples.cleanup.id, { triggerName: 'Every day at 03:00' });
			assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error || {}));
			const [summary] = nodeJson(run, 'Summary');
			assert.equal(summary.dry_run, true);
			assert.equal(summary.recordings_count, old.length);
			assert.ok([cutoff, cutoffAt()].includes(summary.ended_on_or_before), summary.ended_on_or_before);
			assert.deepEqual([...summary.recording_ids].sort(), [...old].sort());
			assert.equal(typeof summary.size_mb, 'number');
			assert.match(summary.next_step, /nothing was deleted.*turn off Dry Run/);
			assert.deepEqual([...sb.store.recordings.keys()].sort(), before, 'a dry run deletes nothing');
			const api = takeRequests(sb, traffic);
			assert.deepEqual([...new Set(api.map((r) => r.method))], ['GET'], 'a dry run only reads');
			const list = api.find((r) => r.path === '/room_recordings');
			assert.equal(list.query['filter[date_ended_at][lte]'], summary.ended_on_or_before);
			return `would delete ${summary.recordings_count} (${summary.size_mb} MB), deleted none`;
		});
		await rep.step('example recording-cleanup.json with Dry Run off: deletes only the recordings older than 30 days', async () => {
			const { old, keep } = splitByAge();
			takeRequests(sb, traffic);
			const run = await n8n.runManually(session, examples.cleanupLive.id, { triggerName: 'Every day at 03:00' });
			assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error || {}));
			const [summary] = nodeJson(run, 'Summary');
			assert.equal(summary.dry_run, false);
			assert.equal(summary.recordings_count, old.length);
			assert.match(summary.next_step, new RegExp(`^Deleted ${old.length} recordings`));
			assert.deepEqual([...sb.store.recordings.keys()].sort(), [...keep].sort(), 'only the recent recordings are left');
			const api = takeRequests(sb, traffic);
			const deletes = api.filter((r) => r.method === 'DELETE');
			assert.ok(deletes.length >= 1 && deletes.every((r) => r.path === '/room_recordings' && r.query['filter[date_ended_at][lte]']), 'bulk deletes, always filtered');
			return `deleted ${summary.recordings_count} in ${deletes.length} call(s), kept ${keep.length}`;
		});

		// --- the trigger, activated like a user does ---------------------------------------------
		await triggerChecks(rep, { sb, session, instance, sink, rooms, triggerRooms, examples, traffic });
		// --- issue #17 probe: kill -9 during a test listen, restart, listen again ------------------------
		await crashDuringListenChecks(rep, { sb, ctx, instance, rooms, triggerRooms, restarted: (i) => (instance = i) });
	} catch (err) {
		rep.failed.push({ name: 'suite aborted', error: err });
		console.log(`  FAIL  suite aborted\n${indent(err.stack || err.message)}`);
	} finally {
		if (instance) {
			const pid = instance.pid;
			await instance.stop();
			console.log(`  n8n stopped (pid ${pid})`);
		}
		await sink.close();
	}

	// --- contract: not one violation all version long ----------------------------------------------
	takeRequests(sb, traffic);
	await rep.step('contract: 0 violations (prism request + response validation) and no unknown query key', () => {
		const summary = prism.violations.map((v) => `${v.method} ${v.url} ${v.status} ${v.phase} ${(v.location || []).join('.')}: ${v.message}`);
		assert.deepEqual(summary, [], 'prism violations');
		assert.deepEqual(traffic.unknownQuery, [], 'unknown query keys');
		return `${prism.exchanges.length} exchanges checked`;
	});
	rep.violations = prism.violations.length;
	rep.exchanges = prism.exchanges.length;
	rep.ms = Date.now() - t0;
	if (rep.failed.length === 0 && !keep) fs.rmSync(userFolder, { recursive: true, force: true });
	else console.log(`  user folder kept: ${path.relative(ROOT, userFolder)}`);
	return rep;
}

// ---------------------------------------------------------------------------------------------
// Trigger checks

async function triggerChecks(rep, { sb, session, instance, sink, rooms, triggerRooms, examples, traffic }) {
	const step = (name, fn) => rep.step(`trigger: ${name}`, fn, { trigger: true });
	const hookUrl = (webhookId) => `${instance.url}/webhook/${webhookId}/webhook`;
	const webhookIdOf = (wf) => wf.nodes.find((n) => n.type === TELNYX_TRIGGER).webhookId;
	const subscriptions = [
		{ id: TRIGGER.id, rooms: triggerRooms, url: hookUrl(TRIGGER.webhookId) },
		{ id: examples.chat.id, rooms: [rooms[4]], url: hookUrl(webhookIdOf(examples.chat)) },
		{ id: examples.archive.id, rooms: [rooms[2]], url: hookUrl(webhookIdOf(examples.archive)) },
	];
	const roomUrl = (id) => sb.store.rooms.get(id).webhook_event_url;
	const previous = Object.fromEntries(subscriptions.flatMap((s) => s.rooms).map((id) => [id, roomUrl(id)]));
	const liveSession = (roomId) => sb.store.sessions.get(sb.store.rooms.get(roomId).active_session_id);
	const presentIn = (sessionId) => [...sb.store.participants.values()].find((p) => p.session_id === sessionId && !p.left_at);

	const active = await step('activate 3 workflows over REST (the editor toggle)', async () => {
		const times = [];
		for (const s of subscriptions) times.push((await n8n.activate(session, s.id)).ms);
		return `in ${times.join(', ')} ms`;
	});
	if (!active) return;

	await step('each chosen room now points at n8n\'s production webhook URL', () => {
		// The URL each room had is carried in the query; n8n routes by path and ignores it.
		for (const s of subscriptions) {
			for (const id of s.rooms) {
				assert.deepEqual(heldBy(roomUrl(id)), { holder: s.url, via: [], previous: previous[id], released: false }, `room ${id}`);
			}
		}
		rooms.forEach((id, i) => {
			if (!(id in previous)) assert.equal(roomUrl(id), `https://hooks.example.com/previous/room-${i}`, `room ${i} untouched`);
		});
		const patches = takeRequests(sb, traffic).filter((r) => r.method === 'PATCH');
		assert.equal(patches.length, 4, 'one PATCH per room');
		return `${subscriptions.map((s) => s.url.replace(instance.url, '')).join(', ')}`;
	});

	// --- main trigger: valid, forged, stale and unselected deliveries ------------------------------
	const url = subscriptions[0].url;
	const valid = [];
	await step('deliveries: valid selected ones accepted, forged/stale rejected 401, unselected acknowledged', async () => {
		const live = liveSession(rooms[6]);
		const expect = (res, status, what) => assert.equal(res.status, status, `${what}: ${res.status} ${JSON.stringify(res.body)}`);

		const joined = await sb.simulate.participantJoined(live.id, 'Zed');
		expect(joined, 200, 'simulated participant.joined');
		assert.equal(heldBy(joined.url).holder, url, 'the sandbox delivered to the room\'s (new) URL');
		assert.ok(joined.url.includes('?previous='), `delivered with the query string: ${joined.url}`);
		valid.push(joined.event);
		const started = await sb.simulate.sessionStarted(triggerRooms[1]);
		expect(started, 200, 'simulated session.started');
		valid.push(started.event);
		const direct = sb.makeEvent('participant.joined', { room_id: rooms[6], session_id: live.id, context: 'Direct' });
		expect(await sb.deliverEvent(url, direct), 200, 'directly delivered participant.joined');
		valid.push(direct);

		const forgedEvent = () => sb.makeEvent('participant.joined', { room_id: rooms[6], session_id: live.id, context: 'Mallory' });
		expect(await sb.deliverEvent(url, forgedEvent(), { tamper: 'body' }), 401, 'body changed after signing');
		expect(await sb.deliverEvent(url, forgedEvent(), { tamper: 'signature' }), 401, 'signature changed');
		expect(await sb.deliverEvent(url, forgedEvent(), { tamper: 'timestamp' }), 401, 'timestamp changed');
		const otherKey = crypto.generateKeyPairSync('ed25519').privateKey;
		expect(await sb.deliverEvent(url, forgedEvent(), { privateKey: otherKey }), 401, 'signed with another key');
		const now = Math.floor(Date.now() / 1000);
		expect(await sb.deliverEvent(url, forgedEvent(), { timestamp: now - 600 }), 401, 'stale (10 min old)');
		expect(await sb.deliverEvent(url, forgedEvent(), { timestamp: now + 600 }), 401, 'from the future');
		expect(await sb.deliverEvent(url, forgedEvent(), { headers: { 'telnyx-signature-ed25519': '' } }), 401, 'no signature');

		const left = await sb.simulate.participantLeft(presentIn(live.id).id);
		expect(left, 200, 'participant.left (not selected)');
		assert.match(JSON.stringify(left.body), /not among the selected events/);
		const ended = sb.makeEvent('session.ended', { room_id: rooms[6], session_id: live.id });
		expect(await sb.deliverEvent(url, ended), 200, 'session.ended (not selected)');

		// n8n's log names why each forged delivery was refused
		const reasons = () => [...instance.output().matchAll(/rejected a delivery \(([a-z_]+)\)/g)].map((m) => m[1]).sort();
		const expected = ['missing_signature', 'signature_mismatch', 'signature_mismatch', 'signature_mismatch', 'signature_mismatch', 'stale_timestamp', 'stale_timestamp'];
		await n8n.waitFor(() => reasons().length >= expected.length, { timeoutMs: 5000, what: 'the rejections in n8n\'s log' }).catch(() => {});
		assert.deepEqual(reasons(), expected, 'rejection reasons in the n8n log');
		return '3 valid, 7 rejected (4 signature_mismatch, 2 stale_timestamp, 1 missing_signature), 2 unselected';
	});

	await step('exactly the 3 valid selected deliveries started executions, with the right data', async () => {
		const executions = await settledExecutions(session, TRIGGER.id, 3);
		assert.equal(executions.length, 3, `${executions.length} executions`);
		for (const e of executions) assert.equal(e.status, 'success');
		const items = executions.map((e) => triggerItem(e, 'Telnyx Video Trigger'));
		const byId = Object.fromEntries(items.map((i) => [i.id, i]));
		for (const ev of valid) {
			const item = byId[ev.data.id];
			assert.ok(item, `no execution for ${ev.data.event_type} ${ev.data.id}`);
			assert.deepEqual(Object.keys(item).sort(), ['event_type', 'id', 'occurred_at', 'payload'], 'simplified item');
			assert.equal(item.event_type, ev.data.event_type);
			assert.deepEqual(item.payload, ev.data.payload);
		}
		const posted = sink.requests.filter((r) => r.url === '/trigger');
		assert.deepEqual(posted.map((r) => r.body.id).sort(), valid.map((e) => e.data.id).sort(), 'the second node posted each event');
		return items.map((i) => i.event_type.replace('video.room.', '')).join(', ');
	});

	// --- issue #17: two workflows on one room, a test listen, a room that had no URL, compositions ---
	await ownershipChecks(rep, { sb, session, instance, sink, rooms, previous });

	// --- example: room events to chat ------------------------------------------------------------
	await step('example room-events-to-chat.json: joined/left/recording -> chat messages at the sink', async () => {
		const live = liveSession(rooms[4]);
		const joined = await sb.simulate.participantJoined(live.id, 'Dana');
		assert.equal(joined.status, 200);
		assert.equal((await sb.simulate.participantLeft(joined.record.id)).status, 200);
		const recording = await sb.simulate.recordingCompleted(presentIn(live.id).id, { type: 'audio' });
		assert.equal(recording.status, 200);
		assert.equal((await sb.simulate.sessionEnded(live.id)).status, 200); // not selected: no message
		const executions = await settledExecutions(session, examples.chat.id, 3);
		assert.equal(executions.length, 3);
		for (const e of executions) assert.equal(e.status, 'success', JSON.stringify(e.data.resultData.error || {}));
		const messages = sink.requests.filter((r) => r.url.startsWith('/chat/')).map((r) => r.body);
		assert.equal(messages.length, 3);
		const texts = messages.map((m) => m.text);
		assert.ok(texts.some((t) => t.includes(`Dana joined room ${rooms[4]}`)), texts.join(' | '));
		assert.ok(texts.some((t) => /Dana left room .* after \d+ s/.test(t)), texts.join(' | '));
		assert.ok(texts.some((t) => t.includes(`Recording ${recording.record.id} (audio,`) && t.includes(recording.record.download_url)), texts.join(' | '));
		for (const m of messages) assert.equal(m.room_id, rooms[4]);
		return texts.map((t) => `"${t.slice(0, 40)}…"`).join(', ');
	});

	// --- example: recording archive ----------------------------------------------------------------
	await step('example recording-archive.json: recording.completed -> download -> binary upload at the sink', async () => {
		const live = liveSession(rooms[2]);
		const done = await sb.simulate.recordingCompleted(presentIn(live.id).id, { type: 'video' });
		assert.equal(done.status, 200, JSON.stringify(done.body));
		const [execution] = await settledExecutions(session, examples.archive.id, 1);
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}));
		const [file] = nodeOutput(execution, 'Download recording');
		assert.equal(file.binary.data.mimeType, 'video/webm');
		assert.equal(file.binary.data.fileName, `${done.record.id}.webm`);
		const upload = sink.requests.find((r) => r.url.startsWith('/storage/'));
		assert.ok(upload, 'nothing uploaded');
		assert.equal(upload.url, `/storage/telnyx-recordings/${done.record.id}.webm`);
		assert.match(upload.headers['content-type'], /^video\/webm/);
		const original = Buffer.from(await (await fetch(done.record.download_url)).arrayBuffer());
		assert.ok(original.length > 1000);
		assert.ok(upload.bytes.equals(original), `uploaded ${upload.bytes.length} bytes, the file has ${original.length}`);
		return `${upload.bytes.length} bytes, byte-identical`;
	});

	// --- deactivation gives every room its previous URL back ---------------------------------------
	const deactivated = await step('deactivate the 3 workflows over REST', async () => {
		for (const s of subscriptions) await n8n.deactivate(session, s.id);
	});
	if (!deactivated) return;
	await step('each room has its previous URL back; the webhook URL is gone', async () => {
		for (const [id, url] of Object.entries(previous)) assert.equal(roomUrl(id), url, `room ${id}`);
		const res = await sb.deliverEvent(url, sb.makeEvent('participant.joined', { room_id: rooms[6] }));
		assert.equal(res.status, 404, `after deactivation the webhook answered ${res.status}`);
		const executions = await n8n.listExecutions(session, { workflowId: TRIGGER.id });
		assert.equal(executions.length, 3, 'no new execution');
		return Object.values(previous).map((u) => u.replace('https://hooks.example.com', '')).join(', ');
	});
}

/**
 * Issue #17 in a real n8n: a second workflow on the main trigger's room is refused, then takes it
 * over with the option, and deactivating in both orders ends on the room's URL from before; a
 * test listen on an active workflow hands the room back to production (after one event, and when
 * stopped); a room that had no URL is released on deactivation without an error; and a signed
 * composition.completed reaches the trigger through the composition's own Webhook Event URL.
 * Leaves the main trigger workflow active, as the later steps expect.
 */
async function ownershipChecks(rep, { sb, session, instance, sink, rooms, previous }) {
	const step = (name, fn) => rep.step(`trigger: ${name}`, fn, { trigger: true });
	const hookUrl = (webhookId, test = false) => `${instance.url}/${test ? 'webhook-test' : 'webhook'}/${webhookId}/webhook`;
	const roomUrl = (id) => sb.store.rooms.get(id).webhook_event_url;
	const waitForRoom = (id, check, what) =>
		n8n.waitFor(() => (roomUrl(id) !== undefined && check(roomUrl(id)) ? true : undefined), { timeoutMs: 15000, what: `${what} (room now on ${roomUrl(id)})` });
	const liveSession = (roomId) => sb.store.sessions.get(sb.store.rooms.get(roomId).active_session_id);
	const triggerItemsOf = async (workflowId) => {
		const all = await n8n.listExecutions(session, { workflowId, limit: 100 });
		const full = await Promise.all(all.map((e) => n8n.getExecution(session, e.id)));
		return full.filter((e) => e.status === 'success').map((e) => triggerItem(e, 'Telnyx Video Trigger'));
	};
	const A = { id: TRIGGER.id, url: hookUrl(TRIGGER.webhookId), rooms: [rooms[6], rooms[3]] };
	const shared = rooms[6];
	const bWebhookId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
	const B = { url: hookUrl(bWebhookId) };
	const takeOver = (on) => (wf) => {
		wf.nodes.find((n) => n.type === TELNYX_TRIGGER).parameters.options = on ? { takeOver: true } : {};
		return wf;
	};
	const backTo = (id) => assert.equal(roomUrl(id), previous[id], `room ${id} has its URL from before`);

	await step('two workflows on one room: the second is refused, naming the room and the URL it points at', async () => {
		B.id = (await n8n.createWorkflow(session, extraTriggerWorkflow('e2e: second trigger on one room', { webhookId: bWebhookId, roomIds: [shared], sinkUrl: sink.url, sinkPath: 'trigger-b' }))).id;
		const refused = await n8n.activate(session, B.id).then(() => undefined, (e) => e);
		assert.ok(refused, 'the second workflow was activated on a room the first one holds');
		assert.ok(refused.message.includes(shared), refused.message.slice(0, 600));
		assert.match(refused.message, /already sends its events to another n8n workflow/);
		assert.ok(refused.message.includes(A.url), 'names the URL the room points at');
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: A.url, via: [], previous: previous[shared], released: false }, 'nothing changed');
		await n8n.deactivate(session, B.id).catch(() => undefined); // 2.x may keep the failed version
		return refused.message.replace(/\s+/g, ' ').slice(0, 140);
	});

	await step('with Take Over Rooms the second takes the room, keeps the first in the chain, and gets its events', async () => {
		await n8n.updateWorkflow(session, B.id, takeOver(true));
		await n8n.activate(session, B.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: B.url, via: [A.url], previous: previous[shared], released: false });
		const joined = await sb.simulate.participantJoined(liveSession(shared).id, 'Bea');
		assert.equal(joined.status, 200, JSON.stringify(joined.body));
		await n8n.waitFor(async () => (await triggerItemsOf(B.id)).some((i) => i.id === joined.event.data.id) || undefined, { timeoutMs: 30000, what: 'B\'s execution' });
		assert.ok(sink.requests.some((r) => r.url === '/trigger-b' && r.body.id === joined.event.data.id), 'B posted the event');
		return roomUrl(shared).replace(instance.url, '');
	});

	await step('deactivating the first, then the second, ends on the room\'s URL from before', async () => {
		await n8n.deactivate(session, A.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: B.url, via: [], previous: previous[shared], released: false }, 'the first one left the chain');
		backTo(rooms[3]);
		await n8n.deactivate(session, B.id);
		backTo(shared);
	});

	await step('again, deactivating the second, then the first, ends on the room\'s URL from before', async () => {
		await n8n.activate(session, A.id);
		await n8n.activate(session, B.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: B.url, via: [A.url], previous: previous[shared], released: false });
		await n8n.deactivate(session, B.id);
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: A.url, via: [], previous: previous[shared], released: false }, 'back to the first');
		await n8n.deactivate(session, A.id);
		backTo(shared);
		backTo(rooms[3]);
		await n8n.activate(session, A.id); // the later steps expect it active
		assert.deepEqual(heldBy(roomUrl(shared)), { holder: A.url, via: [], previous: previous[shared], released: false });
	});

	// A room created without any webhook URL, and a workflow on it.
	const D = { webhookId: '2f1e0d9c-8b7a-4c6d-9e5f-4a3b2c1d0e9f' };
	D.url = hookUrl(D.webhookId);
	D.testUrl = hookUrl(D.webhookId, true);
	await step('a room that had no URL: activation points it at n8n, with nothing to give back', async () => {
		const res = await fetch(`${sb.url}/v2/rooms`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ unique_name: 'e2e-room-without-url' }),
		});
		assert.equal(res.status, 201);
		D.room = (await res.json()).data.id;
		assert.equal(roomUrl(D.room), undefined);
		D.id = (await n8n.createWorkflow(session, extraTriggerWorkflow('e2e: trigger on a room without URL', { webhookId: D.webhookId, roomIds: [D.room], sinkUrl: sink.url, sinkPath: 'trigger-d' }))).id;
		await n8n.activate(session, D.id);
		assert.equal(roomUrl(D.room), D.url);
		const started = await sb.simulate.sessionStarted(D.room);
		assert.equal(started.status, 200, JSON.stringify(started.body));
		await n8n.waitFor(async () => (await triggerItemsOf(D.id)).some((i) => i.id === started.event.data.id) || undefined, { timeoutMs: 30000, what: 'D\'s execution' });
	});

	await step('a test listen on an active workflow takes the room and hands it back to production (one event; Stop)', async () => {
		await n8n.startTestListen(session, D.id, 'Telnyx Video Trigger');
		await waitForRoom(D.room, (u) => heldBy(u).holder === D.testUrl, 'the test URL to take the room');
		assert.deepEqual(heldBy(roomUrl(D.room)), { holder: D.testUrl, via: [D.url], previous: null, released: false });
		const joined = await sb.simulate.participantJoined(liveSession(D.room).id, 'Tess');
		assert.equal(joined.status, 200, `the test webhook answered ${joined.status} ${JSON.stringify(joined.body)}`);
		await waitForRoom(D.room, (u) => u === D.url, 'the room back on production after the test event');
		await n8n.startTestListen(session, D.id, 'Telnyx Video Trigger');
		await waitForRoom(D.room, (u) => heldBy(u).holder === D.testUrl, 'the second listen to take the room');
		await n8n.stopTestListen(session, D.id);
		await waitForRoom(D.room, (u) => u === D.url, 'the room back on production after Stop');
		return 'test URL → production twice';
	});

	await step('composition.completed, signed, reaches the trigger through Composition → Create\'s Webhook Event URL', async () => {
		const res = await fetch(`${sb.url}/v2/room_compositions`, {
			method: 'POST',
			headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
			body: JSON.stringify({ session_id: liveSession(D.room).id, webhook_event_url: D.url }),
		});
		assert.equal(res.status, 202);
		const composition = (await res.json()).data;
		const done = await sb.simulate.compositionCompleted(composition.id);
		assert.equal(done.status, 200, JSON.stringify(done.body));
		assert.equal(done.url, D.url);
		const item = await n8n.waitFor(
			async () => (await triggerItemsOf(D.id)).find((i) => i.event_type === 'video.room.composition.completed'),
			{ timeoutMs: 30000, what: 'the composition.completed execution' },
		);
		assert.equal(item.payload.composition_id, composition.id);
		assert.equal(item.payload.download_url, done.record.download_url);
		assert.ok(sink.requests.some((r) => r.url === '/trigger-d' && r.body.event_type === 'video.room.composition.completed'));
		return `composition ${composition.id.slice(0, 8)}…`;
	});

	await step('deactivating a room that had no URL does not fail: the room is released, with a warning in n8n\'s log', async () => {
		await n8n.deactivate(session, D.id);
		assert.equal(roomUrl(D.room), `${D.url}?released=1`);
		await n8n.waitFor(() => /had no webhook URL before, and Telnyx cannot clear one/.test(instance.output()) || undefined, { timeoutMs: 5000, what: 'the warning in n8n\'s log' });
		const res = await sb.deliverEvent(roomUrl(D.room), sb.makeEvent('participant.joined', { room_id: D.room }));
		assert.equal(res.status, 404, `the released URL answered ${res.status}`);
	});
}

/**
 * The listen-after-crash probe of issue #17, in a real n8n: listen for a test event, kill -9,
 * restart, listen again, stop. The rooms must end on their URLs from before, not on the dead
 * test URL. Runs after every trigger workflow was deactivated; `restarted` takes the new instance.
 */
async function crashDuringListenChecks(rep, { sb, ctx, instance, rooms, triggerRooms, restarted }) {
	const step = (name, fn) => rep.step(`trigger: ${name}`, fn, { trigger: true });
	const roomUrl = (id) => sb.store.rooms.get(id).webhook_event_url;
	const before = Object.fromEntries(triggerRooms.map((id) => [id, roomUrl(id)]));
	const testUrl = `${instance.url}/webhook-test/${TRIGGER.webhookId}/webhook`;
	const onTestUrl = () => triggerRooms.every((id) => heldBy(roomUrl(id)).holder === testUrl);
	await step('kill -9 during a test listen, restart, listen again and stop: the rooms get their URLs from before', async () => {
		for (const id of triggerRooms) assert.ok(!roomUrl(id).includes('/webhook'), `room ${id} starts off n8n: ${roomUrl(id)}`);
		let session = await n8n.login(instance);
		await n8n.startTestListen(session, TRIGGER.id, 'Telnyx Video Trigger');
		await n8n.waitFor(() => onTestUrl() || undefined, { timeoutMs: 15000, what: 'the test URL to take the rooms' });
		await n8n.killHard(instance);
		const again = await n8n.startN8n({ ...ctx, port: instance.port, logFile: path.join(ctx.userFolder, 'n8n.log') });
		restarted(again);
		// Nothing ran on the way down or up: the rooms are still on the (now dead) test URL.
		assert.ok(onTestUrl(), 'rooms on the test URL after the restart');
		const dead = await sb.deliverEvent(roomUrl(triggerRooms[0]), sb.makeEvent('participant.joined', { room_id: rooms[6] }));
		assert.equal(dead.status, 404, `the test URL answered ${dead.status} after the restart`);
		session = await n8n.login(again);
		await n8n.startTestListen(session, TRIGGER.id, 'Telnyx Video Trigger');
		assert.ok(onTestUrl(), 'the new listen holds the rooms');
		await n8n.stopTestListen(session, TRIGGER.id);
		await n8n.waitFor(() => triggerRooms.every((id) => roomUrl(id) === before[id]) || undefined, {
			timeoutMs: 15000,
			what: `the rooms back on their URLs from before (now ${triggerRooms.map(roomUrl).join(', ')})`,
		});
		return `restarted in ${secs(again.bootMs)}; ${Object.values(before).map((u) => u.replace('https://hooks.example.com', '')).join(', ')}`;
	});
}

// ---------------------------------------------------------------------------------------------

function summary(reports, wallMs) {
	console.log('\n== e2e summary');
	const rows = {};
	for (const r of reports) {
		rows[`n8n ${r.version}`] = {
			operations: `${r.opsOk().length}/${ALL_OPERATIONS.length}`,
			trigger: `${r.trigger.passed}/${r.trigger.passed + r.trigger.failed}`,
			checks: `${r.passed.length}/${r.passed.length + r.failed.length}`,
			'contract violations': r.violations ?? '?',
			'prism exchanges': r.exchanges ?? '?',
			'wall time': secs(r.ms || 0),
		};
	}
	console.table(rows);
	for (const r of reports) {
		const missing = ALL_OPERATIONS.filter((op) => !r.opsOk().includes(op));
		if (missing.length) console.log(`n8n ${r.version}: operations not proven: ${missing.join(', ')}`);
		for (const f of r.failed) {
			const first = String(f.error.message).split('\n')[0];
			console.log(`n8n ${r.version}: FAILED ${f.name}: ${first.length > 300 ? `${first.slice(0, 300)}…` : first}`);
		}
	}
	console.log(`total wall time ${secs(wallMs)}`);
}

async function main() {
	const t0 = Date.now();
	const { opts, tarball, sb, prism, close } = await prepareRun({ work: WORK, apiKey: API_KEY });
	const reports = [];
	try {
		for (const version of opts.versions) reports.push(await runVersion(version, { tarball, sb, prism, keep: opts.keep }));
	} finally {
		await close();
	}

	summary(reports, Date.now() - t0);
	const passed = reports.reduce((n, r) => n + r.passed.length, 0);
	const failed = reports.reduce((n, r) => n + r.failed.length, 0);
	const incomplete = reports.some((r) => r.opsOk().length !== ALL_OPERATIONS.length);
	console.log(`e2e: ${passed} passed, ${failed + (incomplete && failed === 0 ? 1 : 0)} failed`);
	process.exitCode = failed || incomplete ? 1 : 0;
}

main().catch((err) => {
	console.error(`\ne2e ABORTED: ${err.stack || err.message}`);
	console.log('e2e: 0 passed, 1 failed');
	process.exitCode = 1;
});
