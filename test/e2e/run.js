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
const fs = require('fs');
const path = require('path');

const n8n = require('./lib/n8n');
const { prepareRun } = require('./lib/prepare');
const { reporter, indent } = require('./lib/report');
const { CREDENTIAL, TELNYX, byId } = require('./lib/workflows');
const { ALL_OPERATIONS, seedData, buildCases } = require('./cases');
const { API_KEY, secs, takeRequests } = require('./suite/common');
const { EXAMPLE_IDS, EXAMPLES_RUN_ELSEWHERE, exampleFiles, prepareExample, cleanupExampleChecks } = require('./suite/examples');
const { triggerWorkflow } = require('./suite/trigger-workflows');
const { triggerChecks } = require('./suite/trigger-checks');
const { crashDuringListenChecks } = require('./suite/ownership-checks');

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, '.e2e', 'run');

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
// REST extras

/** The editor's "Test" button of a saved credential. */
async function testCredential(session, data) {
	return session.request('POST', '/rest/credentials/test', { credentials: { ...CREDENTIAL, data } });
}

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
			// the credential's rules: what to check, not n8n's bare "Unauthorized". n8n 1.x consults
			// them only for errors that carry an HTTP response, which its credential test's 401 does not.
			const expected = version.startsWith('1.') ? /^Authorization failed - please check your credentials$/ : /^Telnyx rejected the API key\. Paste an API v2 key/;
			assert.match(bad.message, expected, JSON.stringify(bad));
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
		await cleanupExampleChecks(rep, { sb, session, examples, traffic });

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
