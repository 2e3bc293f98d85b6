#!/usr/bin/env node
'use strict';
// Queue mode (issue #14): both triggers and the action node in n8n's scaled-out setup.
//
// Postgres and Redis (Debian packages, installed when missing) on free loopback ports in a
// throwaway folder; n8n 2.41.1 (Node 24 from scripts/install-n8n.js) as one main, two workers
// and one webhook process sharing the encryption key, the database, Redis and one user folder
// with the packed package installed as a community package. The sandbox sits behind Prism
// (contract validation) and behind a proxy that records which n8n process sent each API call;
// the workers' own log lines ("Worker started execution <id>") say which worker ran what.
//
//   node test/queue/run.js [--skip-build] [--keep] [--deliveries 1000] [--forged 100] [--concurrency 16]
//                          [--recordings 10000] [--baseline 200] [--env KEY=VALUE ...] [--package-dir DIR]
//
// The last line is "queue: N passed, M failed"; the exit code is non-zero on any failure.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const assert = require('assert/strict');

const n8n = require('../e2e/lib/n8n');
// CREDENTIAL.id is set to the id n8n gives the credential we create over REST (credentials() reads it).
const { CREDENTIAL } = require('../e2e/lib/workflows');
const { PACKAGE_NAME } = n8n;
const { ensureAll } = require('../../scripts/install-n8n.js');
const { cleanEnv } = require('../../scripts/lib/clean-env.js');
const { startSandbox } = require('../sandbox');
const { startPrismProxy } = require('../sandbox/prism');
const services = require('./lib/services');
const { startOriginProxy } = require('./lib/origin');
const { startCluster } = require('./lib/cluster');
const dbLib = require('./lib/db');
const {
	ROOT,
	VERSION,
	API_KEY,
	POLL_TRIGGER,
	RECORDINGS,
	BASELINE,
	KEEP,
	EXTRA_ENV,
	BUILD,
	PACKAGE_DIR,
	SINGLE_PROCESS_PER_S,
	LOCK_ENV,
	SHUTDOWN_ENV,
} = require('./lib/options');
const { results, figures, step, say, secs } = require('./lib/report');
const { baselineCheck, webhookTriggerChecks } = require('./checks/webhook-trigger');
const { actionChecks } = require('./checks/action');
const { pollTriggerChecks } = require('./checks/poll-trigger');
const { workerCrashChecks } = require('./checks/worker-crash');

async function main() {
	const t0 = Date.now();
	const installed = services.ensureDebianPackages(say);
	if (installed.length) say(`installed ${installed.join(', ')} in ${secs(Date.now() - t0)}`);
	ensureAll([VERSION]);
	if (BUILD && PACKAGE_DIR === ROOT) {
		say('building (npm run build) ...');
		const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
		if (res.status !== 0) throw new Error('npm run build failed');
	}
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'telnyx-queue-'));
	const tarball = n8n.packPackage(PACKAGE_DIR, path.join(base, 'pack'));
	const packed = JSON.parse(spawnSync('tar', ['xzf', tarball, '-O', 'package/package.json'], { encoding: 'utf8' }).stdout);
	const hasPollTrigger = packed.n8n.nodes.some((f) => /PollTrigger\.node\.js$/.test(f));
	say(`work folder ${base}`);

	const ctx = {};
	let stopping;
	const stopAll = () =>
		(stopping ||= (async () => {
			if (ctx.db) await ctx.db.close().catch(() => {});
			if (ctx.cluster) await ctx.cluster.stop();
			for (const k of ['origin', 'prism', 'sb', 'sink']) if (ctx[k]) await ctx[k].close().catch(() => {});
			for (const k of ['redis', 'pg']) if (ctx[k]) await ctx[k].stop();
		})());
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
		process.on(signal, () => {
			say(`${signal}: stopping everything (work folder kept: ${base})`);
			stopAll().finally(() => process.exit(130));
		});
	}

	try {
		[ctx.pg, ctx.redis] = await Promise.all([services.startPostgres(path.join(base, 'pg')), services.startRedis(path.join(base, 'redis'))]);
		say(`postgres ${ctx.pg.version} on 127.0.0.1:${ctx.pg.port} (pid ${ctx.pg.pid}, user postgres), redis on 127.0.0.1:${ctx.redis.port} (pid ${ctx.redis.pid})`);
		ctx.sb = await startSandbox({ apiKey: API_KEY });
		ctx.prism = await startPrismProxy({ upstream: ctx.sb.url });
		ctx.origin = await startOriginProxy({ upstream: ctx.prism.url, processes: () => (ctx.cluster ? ctx.cluster.processes() : []) });
		ctx.sink = await n8n.startSink();
		const main = ctx.sb.seed({ rooms: 6, sessionsPerRoom: 1, participantsPerSession: 3, recordings: 20 });
		ctx.rooms = main.rooms;
		ctx.rooms.forEach((id, i) => (ctx.sb.store.rooms.get(id).webhook_event_url = `https://hooks.example.com/previous/room-${i}`));
		const bulk = ctx.sb.seed({ recordings: RECORDINGS, startDate: '2022-01-01', days: 365 });
		ctx.bulk = { ids: bulk.recordings, lastDay: '2022-12-31', deleteCutoff: '2022-01-31' };
		ctx.sb.configure({ downloadBytes: 200000 });

		const userFolder = path.join(base, 'n8n');
		n8n.installPackage(userFolder, tarball);
		const logDir = path.join(base, 'logs');
		fs.mkdirSync(logDir, { recursive: true });
		const bootStart = Date.now();
		ctx.cluster = await startCluster({ version: VERSION, userFolder, pg: ctx.pg, redis: ctx.redis, workers: 2, logDir, extraEnv: { ...LOCK_ENV, ...SHUTDOWN_ENV, ...EXTRA_ENV }, say });
		figures.cluster_boot_ms = Date.now() - bootStart;
		ctx.db = await dbLib.connect(VERSION, ctx.pg);
		ctx.session = await n8n.setupOwner(ctx.cluster.main);

		await step('cluster: main, webhook process and 2 workers share Postgres, Redis and one user folder; the package loads', async () => {
			const types = await n8n.listNodeTypes(ctx.session);
			for (const t of ['telnyxVideo', 'telnyxVideoTrigger']) assert.ok(types.includes(`${PACKAGE_NAME}.${t}`), t);
			for (const p of ctx.cluster.all()) assert.ok(!/Failed to load package|Error loading package/i.test(p.output()), `${p.label}: ${/Failed to load package[^\n]*/.exec(p.output())}`);
			const cred = await ctx.session.request('POST', '/rest/credentials', {
				name: CREDENTIAL.name,
				type: CREDENTIAL.type,
				data: { apiKey: API_KEY, publicKey: ctx.sb.publicKey, baseUrl: `${ctx.origin.url}/v2` },
			});
			CREDENTIAL.id = cred.id;
			const [{ mode }] = await ctx.db.query("SELECT count(*) AS mode FROM execution_entity").catch(() => [{}]);
			assert.ok(mode !== undefined, 'n8n migrated the Postgres database');
			return `booted in ${secs(figures.cluster_boot_ms)}; credential ${cred.id} via the API of main`;
		});

		ctx.cpuGroups = () => ({
			...Object.fromEntries(ctx.cluster.all().map((p) => [p.label, p.pid])),
			postgres: ctx.pg.pid,
			redis: ctx.redis.pid,
			prism: ctx.prism.pid,
		});
		if (BASELINE > 0) await baselineCheck(ctx);
		await webhookTriggerChecks(ctx);
		await actionChecks(ctx);
		if (hasPollTrigger) await pollTriggerChecks(ctx);
		else {
			results.skipped.push('poll trigger');
			say(`SKIPPED poll trigger check: the packed package.json lists no poll trigger node (${POLL_TRIGGER})`);
		}
		await workerCrashChecks(ctx);

		await step('contract: 0 Prism violations over the whole run; no unknown query key', () => {
			const v = ctx.prism.violations.map((x) => `${x.method} ${x.url} ${x.status} ${x.phase}: ${x.message}`);
			assert.deepEqual(v, []);
			const unknown = ctx.sb.requests.filter((r) => r.unknownQuery);
			assert.equal(unknown.length, 0, JSON.stringify(unknown.slice(0, 3)));
			return `${ctx.prism.exchanges.length} exchanges checked`;
		});
	} catch (err) {
		results.failed.push({ name: 'run aborted', error: err });
		console.log(`  FAIL  run aborted\n${String(err.stack || err.message).split('\n').map((l) => `        ${l}`).join('\n')}`);
		if (ctx.cluster) for (const p of ctx.cluster.all()) console.log(`--- ${p.label} (tail)\n${p.output().split('\n').slice(-15).join('\n')}`);
	} finally {
		await stopAll();
		say('stopped n8n (4 processes), redis, postgres, prism, sandbox');
	}
	figures.total_ms = Date.now() - t0;
	figures.single_process_deliveries_per_s = SINGLE_PROCESS_PER_S;
	if (Object.keys(EXTRA_ENV).length) figures.extra_env = EXTRA_ENV;
	console.log(`\n[queue figures] ${JSON.stringify(figures)}`);
	if (results.failed.length === 0 && !KEEP) fs.rmSync(base, { recursive: true, force: true });
	else say(`work folder kept (logs in ${path.join(base, 'logs')})`);
	for (const f of results.failed) console.log(`FAILED ${f.name}: ${String(f.error.message).split('\n')[0].slice(0, 300)}`);
	console.log(`total ${secs(figures.total_ms)}`);
	console.log(`queue: ${results.passed.length} passed, ${results.failed.length} failed${results.skipped.length ? `, ${results.skipped.length} skipped` : ''}`);
	process.exitCode = results.failed.length ? 1 : 0;
}

main().catch((err) => {
	console.error(`\nqueue ABORTED: ${err.stack || err.message}`);
	console.log('queue: 0 passed, 1 failed');
	process.exitCode = 1;
});
