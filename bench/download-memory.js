#!/usr/bin/env node
'use strict';
// Download memory (issue #10): a real n8n with filesystem binary data downloads a large
// composition from the sandbox through the Telnyx Video node. The file must reach n8n's binary
// data as a stream: n8n's peak RSS may rise by less than 100 MiB (for 1 GiB), and the stored
// file's size and SHA-256 must match what the sandbox served.
//
//   node bench/download-memory.js [--version 2.41.1] [--mib 1024] [--limit-mib 100] [--skip-build] [--keep]
//
// How: the package is built, packed and installed like a community install (test/e2e/lib/n8n.js);
// n8n runs with N8N_DEFAULT_BINARY_DATA_MODE=filesystem. A first run downloads 1 MiB (warm-up:
// code loaded, caches filled); then n8n's resident set (VmRSS of its main process, every 20 ms) is
// sampled before and while the big file is downloaded. The sandbox generates the body as it sends
// it (deterministic bytes), so neither side of the loopback holds it whole. The last line of
// stdout is a JSON summary; the exit code is 1 when a limit is missed.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const n8n = require('../test/e2e/lib/n8n');
const { CREDENTIAL, byId, telnyx, workflow, nodeOutput } = require('../test/e2e/lib/workflows');
const { ensureAll } = require('../scripts/install-n8n.js');
const { cleanEnv } = require('../scripts/lib/clean-env.js');
const { parseFlags } = require('../scripts/lib/args');
const { startSandbox } = require('../test/sandbox');
const { expectedDownload } = require('../test/sandbox/downloads');

const ROOT = path.resolve(__dirname, '..');
const WORK = path.join(ROOT, '.e2e', 'bench-download');
const API_KEY = 'KEY_TEST';
const WORKFLOW_ID = 'benchDownload001';
const MiB = 1024 * 1024;

function options(argv) {
	const { values } = parseFlags(argv, {
		version: { type: 'string', default: '2.41.1' },
		mib: { type: 'number', default: 1024 },
		'limit-mib': { type: 'number', default: 100 },
		'skip-build': { type: 'boolean', default: false },
		keep: { type: 'boolean', default: false },
	});
	return { version: values.version, mib: values.mib, limitMib: values['limit-mib'], build: !values['skip-build'], keep: values.keep };
}

/** Resident set and its high-water mark of one process, in bytes (Linux /proc). */
function memoryOf(pid) {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)[1]) * 1024;
	return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
}

/** Samples VmRSS every `ms` until stopped; resolves the highest value seen. */
function sampler(pid, ms = 20) {
	let peak = 0;
	let samples = 0;
	const take = () => {
		try {
			peak = Math.max(peak, memoryOf(pid).rss);
			samples++;
		} catch {
			// process gone: the run will fail on its own
		}
	};
	take();
	const timer = setInterval(take, ms);
	return {
		stop() {
			clearInterval(timer);
			take();
			return { peak, samples };
		},
	};
}

async function sha256File(file) {
	const hash = crypto.createHash('sha256');
	for await (const chunk of fs.createReadStream(file, { highWaterMark: MiB })) hash.update(chunk);
	return hash.digest('hex');
}

/** The stored file of a filesystem-mode binary: its id names the path below n8n's storage folder. */
function storedFile(userFolder, binary) {
	const id = String(binary.id || '');
	const relative = id.includes(':') ? id.slice(id.indexOf(':') + 1) : id;
	// 2.x keeps binary data under .n8n/storage, 1.x under .n8n/binaryData.
	for (const folder of ['storage', 'binaryData']) {
		const file = path.join(userFolder, '.n8n', folder, relative);
		if (relative && fs.existsSync(file)) return file;
	}
	throw new Error(`binary data file for ${id} not found under ${userFolder}/.n8n`);
}

const mib = (bytes) => Math.round((bytes / MiB) * 10) / 10;

async function main() {
	const opts = options(process.argv.slice(2));
	ensureAll([opts.version]);
	if (opts.build) {
		const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
		if (res.status !== 0) throw new Error('npm run build failed');
	}
	fs.mkdirSync(WORK, { recursive: true });
	const tarball = n8n.packPackage(ROOT, WORK);
	const userFolder = n8n.tempUserFolder(`n8n-${opts.version}`, WORK);
	const sb = await startSandbox({ apiKey: API_KEY, seed: { rooms: 1, sessionsPerRoom: 1, participantsPerSession: 2, compositions: 6 } });
	const composition = [...sb.store.compositions.values()].find((c) => c.status === 'completed');
	let instance;
	let ok = false;
	try {
		n8n.installPackage(userFolder, tarball);
		const ctx = { version: opts.version, userFolder };
		await n8n.importCredentials(ctx, [{ ...CREDENTIAL, data: { apiKey: API_KEY, publicKey: sb.publicKey, baseUrl: `${sb.url}/v2` } }]);
		const download = telnyx('Download composition', 'roomComposition', 'download', {
			roomCompositionId: byId(composition.id),
			binaryPropertyName: 'data',
		});
		await n8n.importWorkflow(ctx, workflow(WORKFLOW_ID, 'bench: download a composition', [[download]]));
		instance = await n8n.startN8n({
			...ctx,
			env: { N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem' },
			logFile: path.join(userFolder, 'n8n.log'),
		});
		const session = await n8n.setupOwner(instance);

		const runOnce = async (bytes) => {
			sb.configure({ downloadBytes: bytes });
			const t0 = Date.now();
			const run = await n8n.runManually(session, WORKFLOW_ID, { timeoutMs: 30 * 60 * 1000 });
			if (run.status !== 'success') throw new Error(`run ${run.status}: ${JSON.stringify(run.data.resultData.error || {})}`);
			return { run, ms: Date.now() - t0 };
		};
		await runOnce(MiB); // warm-up
		await n8n.sleep(2000);
		const before = memoryOf(instance.pid);
		const bytes = Math.round(opts.mib * MiB);
		const watch = sampler(instance.pid);
		const { run, ms } = await runOnce(bytes);
		const { peak, samples } = watch.stop();
		const after = memoryOf(instance.pid);

		const [item] = nodeOutput(run, 'Download composition');
		const file = storedFile(userFolder, item.binary.data);
		const expected = expectedDownload(sb, 'compositions', composition.id);
		const size = fs.statSync(file).size;
		const sha256 = await sha256File(file);
		const raise = peak - before.rss;
		const result = {
			n8n: opts.version,
			binaryMode: 'filesystem',
			downloadMiB: mib(bytes),
			seconds: Math.round(ms / 100) / 10,
			throughputMiBs: Math.round((bytes / MiB / (ms / 1000)) * 10) / 10,
			rssBeforeMiB: mib(before.rss),
			rssPeakDuringMiB: mib(peak),
			rssRaiseMiB: mib(raise),
			rssAfterMiB: mib(after.rss),
			hwmBeforeMiB: mib(before.hwm),
			hwmAfterMiB: mib(after.hwm),
			samples,
			limitMiB: opts.limitMib,
			sizeMatches: size === expected.size,
			sha256Matches: sha256 === expected.sha256,
			storedSize: size,
			sha256,
		};
		ok = raise < opts.limitMib * MiB && result.sizeMatches && result.sha256Matches;
		console.log(
			`n8n ${opts.version}: ${result.downloadMiB} MiB in ${result.seconds} s; RSS ${result.rssBeforeMiB} -> peak ${result.rssPeakDuringMiB} MiB ` +
				`(+${result.rssRaiseMiB} MiB, limit ${opts.limitMib}); size ${result.sizeMatches ? 'ok' : 'WRONG'}, sha256 ${result.sha256Matches ? 'ok' : 'WRONG'}`,
		);
		console.log(JSON.stringify({ ok, ...result }));
	} finally {
		if (instance) await instance.stop();
		await sb.close();
		fs.rmSync(tarball, { force: true });
		if (ok && !opts.keep) fs.rmSync(userFolder, { recursive: true, force: true });
		else console.error(`user folder kept: ${path.relative(ROOT, userFolder)}`);
	}
	process.exitCode = ok ? 0 : 1;
}

main().catch((err) => {
	console.error(err.stack || err.message);
	console.log(JSON.stringify({ ok: false, error: err.message }));
	process.exitCode = 1;
});
