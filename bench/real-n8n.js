#!/usr/bin/env node
'use strict';
// `npm run bench:n8n`: the node's speed inside a real n8n (2.41.1, installed by
// scripts/install-n8n.js), where credential reads, n8n's HTTP stack and the engine are the real
// ones. Runs Return All of 10,000 recordings and 1,000 per-item Gets against the sandbox with a
// fixed latency, several times each, and prints the node's own execution time (n8n's runData
// executionTime) next to the round-trip limit. Last line: a JSON summary.
//
//   npm run bench:n8n [-- --latency 50 --runs 3 --version 2.41.1]

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { cleanEnv } = require('../scripts/lib/clean-env.js');
const n8n = require('../test/e2e/lib/n8n');
const { workflow, telnyx, byId, CREDENTIAL } = require('../test/e2e/lib/workflows');
const { ensureAll } = require('../scripts/install-n8n');
const { startSandbox } = require('../test/sandbox');

const { readFlags } = require('../scripts/lib/args');

const ROOT = path.resolve(__dirname, '..');
const { values: FLAGS } = readFlags({
	latency: { type: 'number', default: 50 },
	runs: { type: 'number', default: 3 },
	version: { type: 'string', default: '2.41.1' },
});
const LATENCY = FLAGS.latency;
const RUNS = FLAGS.runs;
const VERSION = FLAGS.version;
const RECORDS = 10000;
const ITEMS = 1000;
const PAGE_CONCURRENCY = 8;
const CONCURRENCY = 8;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const say = (msg) => process.stderr.write(`[bench:n8n] ${msg}\n`);

async function main() {
	await ensureAll([VERSION]);
	say('building and packing the package');
	if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: cleanEnv(), stdio: 'ignore' }).status !== 0) throw new Error('npm run build failed');
	const userFolder = n8n.tempUserFolder('bench-n8n');
	const tarball = n8n.packPackage(ROOT, path.join(userFolder, 'pack'));
	n8n.installPackage(userFolder, tarball);

	const sb = await startSandbox({ apiKey: 'KEY_BENCH', seed: { recordings: RECORDS } });
	const ids = [...sb.store.recordings.values()].slice(0, ITEMS).map((r) => r.id);
	const ctx = { version: VERSION, userFolder };
	await n8n.importCredentials(ctx, [
		{ ...CREDENTIAL, data: { apiKey: 'KEY_BENCH', publicKey: sb.publicKey, baseUrl: `${sb.url}/v2` } },
	]);
	const returnAll = workflow('benchReturnAll', 'bench: Return All', [
		[telnyx('List', 'roomRecording', 'getAll', { returnAll: true, options: { pageConcurrency: PAGE_CONCURRENCY } })],
	]);
	const perItem = workflow('benchPerItem', 'bench: per-item gets', [
		[
			{
				name: 'Ids',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				parameters: { jsCode: `return ${JSON.stringify(ids)}.map((id) => ({ json: { id } }));` },
			},
			telnyx('Get', 'roomRecording', 'get', {
				roomRecordingId: byId('={{ $json.id }}'),
				options: { concurrency: CONCURRENCY },
			}),
		],
	]);
	await n8n.importWorkflow(ctx, [returnAll, perItem]);

	const instance = await n8n.startN8n({ version: VERSION, userFolder });
	const results = { returnAll: [], perItem: [] };
	try {
		const session = await n8n.setupOwner(instance);
		sb.configure({ latencyMs: LATENCY });
		for (const [key, id, node, expected] of [
			['returnAll', 'benchReturnAll', 'List', RECORDS],
			['perItem', 'benchPerItem', 'Get', ITEMS],
		]) {
			for (let run = 0; run <= RUNS; run++) {
				sb.clearRequests();
				const execution = await n8n.runManually(session, id, { timeoutMs: 300000 });
				const task = execution.data.resultData.runData[node][0];
				const items = task.data.main[0].length;
				if (execution.status !== 'success' || items !== expected) {
					throw new Error(`${key}: status ${execution.status}, ${items} items (expected ${expected})`);
				}
				if (run > 0) results[key].push(task.executionTime); // run 0 warms up
				say(`${key} run ${run}${run ? '' : ' (warm-up)'}: ${task.executionTime} ms, ${sb.requests.length} requests`);
			}
		}
	} finally {
		await instance.stop();
		await sb.close();
		fs.rmSync(userFolder, { recursive: true, force: true });
	}

	const pages = Math.ceil(RECORDS / 250);
	const limitReturnAll = LATENCY * (1 + Math.ceil((pages - 1) / PAGE_CONCURRENCY));
	const limitPerItem = Math.ceil(ITEMS / CONCURRENCY) * LATENCY;
	const summary = {
		n8n: VERSION,
		latency_ms: LATENCY,
		runs: RUNS,
		cpus: os.cpus().length,
		n8n_return_all_ms: median(results.returnAll),
		n8n_return_all_min_ms: Math.min(...results.returnAll),
		n8n_return_all_limit_ms: limitReturnAll,
		n8n_return_all_vs_limit: +(median(results.returnAll) / limitReturnAll).toFixed(2),
		n8n_per_item_ms: median(results.perItem),
		n8n_per_item_min_ms: Math.min(...results.perItem),
		n8n_per_item_limit_ms: limitPerItem,
		n8n_per_item_vs_limit: +(median(results.perItem) / limitPerItem).toFixed(2),
	};
	process.stdout.write(
		`Return All of ${RECORDS}: median ${summary.n8n_return_all_ms} ms (min ${summary.n8n_return_all_min_ms}), limit ${limitReturnAll} ms, ${summary.n8n_return_all_vs_limit}×\n` +
			`${ITEMS} per-item Gets: median ${summary.n8n_per_item_ms} ms (min ${summary.n8n_per_item_min_ms}), limit ${limitPerItem} ms, ${summary.n8n_per_item_vs_limit}×\n` +
			`${JSON.stringify(summary)}\n`,
	);
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
