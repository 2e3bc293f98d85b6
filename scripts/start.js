#!/usr/bin/env node
'use strict';
// "npm start": try the nodes in a real n8n on http://localhost:5678, against the local sandbox
// API, with nothing but this checkout and the npm registry.
//
// 1. installs n8n 2.41.1 + Node 24 into the cache if missing (scripts/install-n8n.js)
// 2. builds the package, packs it and installs it into .e2e/demo like a community install
// 3. starts the sandbox API (test/sandbox/cli.js) and imports a credential pointing at it
// 4. imports examples/*.json, starts n8n in the foreground and sets up the owner account
// Ctrl-C stops n8n and the sandbox. Options: --skip-build, --port=<n>, --sandbox-port=<n>.
// It prints how to fire a test event (npm run demo:event -- participant-joined, scripts/demo-event.js)
// and opens the trigger examples with the first demo room chosen.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const readline = require('readline');
const { spawn, spawnSync } = require('child_process');
const { cleanEnv } = require('./lib/clean-env.js');
const { parseFlags } = require('./lib/args');
const { ensureAll } = require('./install-n8n.js');
const n8n = require('../test/e2e/lib/n8n.js');

const ROOT = path.resolve(__dirname, '..');
const DEMO = path.join(ROOT, '.e2e', 'demo'); // gitignored; persists the DB between runs
const VERSION = '2.41.1';
const SANDBOX_CLI = path.join(ROOT, 'test', 'sandbox', 'cli.js');
const EXAMPLES = path.join(ROOT, 'examples');
const CREDENTIAL = { id: 'telnyxSandboxDemo', name: 'Telnyx Video (local sandbox)', type: 'telnyxVideoApi' };
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Demo-Passw0rd' };

const say = (msg) => process.stdout.write(`[start] ${msg}\n`);

function options(argv) {
	const { values } = parseFlags(argv, {
		port: { type: 'number', default: 5678 },
		'sandbox-port': { type: 'number', default: 4010 },
		'skip-build': { type: 'boolean', default: false },
	});
	return { build: !values['skip-build'], port: values.port, sandboxPort: values['sandbox-port'] };
}

function buildAndInstallPackage(build) {
	if (build) {
		say('building the package (npm run build) ...');
		const res = spawnSync('npm', ['run', 'build'], { cwd: ROOT, env: cleanEnv(), stdio: 'inherit' });
		if (res.status !== 0) throw new Error('npm run build failed');
	}
	const tarball = n8n.packPackage(ROOT, path.join(DEMO, 'pack'));
	const dest = n8n.installPackage(DEMO, tarball);
	say(`installed ${path.basename(tarball)} into ${path.relative(ROOT, dest)}`);
}

/** Starts the sandbox and resolves { url, publicKey, stop } from the JSON line it prints. */
function startSandbox(port) {
	const child = spawn(process.execPath, [SANDBOX_CLI, '--port', String(port), '--seed', 'demo'], {
		cwd: ROOT,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const stop = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => fail(new Error('the sandbox printed no {"url":...} line within 20 s')), 20000);
		const fail = (err) => {
			clearTimeout(timer);
			stop();
			reject(err);
		};
		child.once('exit', (code) => fail(new Error(`the sandbox exited early (code ${code})`)));
		readline.createInterface({ input: child.stdout }).on('line', (line) => {
			let info;
			try {
				info = JSON.parse(line);
			} catch {
				return process.stdout.write(`[sandbox] ${line}\n`);
			}
			if (!info || !info.url) return;
			clearTimeout(timer);
			child.removeAllListeners('exit');
			resolve({ ...info, pid: child.pid, stop });
		});
	});
}

const TELNYX_TRIGGER = /\.telnyxVideoTrigger$/;
/** The example `npm run demo:event` is meant for; it opens with the demo room chosen. */
const TRIGGER_EXAMPLE = 'room-events-to-chat.json';

/** The room the trigger examples start with: the sandbox's first demo room. */
async function pickDemoRoom(sandbox) {
	const res = await fetch(`${sandbox.url}/rooms?page[size]=1`, { headers: { authorization: 'Bearer KEY_TEST' } });
	const [room] = (await res.json()).data || [];
	return room ? { id: room.id, name: room.unique_name } : undefined;
}

/** A trigger with no room chosen gets the demo room, so the example opens ready to listen. */
function withDemoRoom(node, room) {
	if (!room || !TELNYX_TRIGGER.test(node.type)) return node;
	const entries = (node.parameters.rooms && node.parameters.rooms.room) || [];
	if (entries.some((entry) => entry.roomId && entry.roomId.value)) return node;
	const roomId = { __rl: true, mode: 'list', value: room.id, cachedResultName: room.name };
	return { ...node, parameters: { ...node.parameters, rooms: { room: [{ roomId }] } } };
}

/** Example workflows: a stable id per file (re-imports update them) and our credential wired in. */
function exampleWorkflows(demoRoom) {
	if (!fs.existsSync(EXAMPLES)) return [];
	return fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.flatMap((file) => {
			const data = JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
			return (Array.isArray(data) ? data : [data]).map((wf, i) => ({
				...wf,
				id: wf.id || `ex${crypto.createHash('sha1').update(`${file}#${i}`).digest('hex').slice(0, 14)}`,
				active: false,
				nodes: wf.nodes.map(useDemoCredential).map((node) => withDemoRoom(node, demoRoom)),
				file,
			}));
		});
}

function useDemoCredential(node) {
	if (!node.credentials || !node.credentials.telnyxVideoApi) return node;
	return { ...node, credentials: { ...node.credentials, telnyxVideoApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } } };
}

async function importFixtures(ctx, sandbox, demoRoom) {
	if (sandbox) {
		const data = { apiKey: 'KEY_TEST', publicKey: sandbox.publicKey, baseUrl: sandbox.url };
		await n8n.importCredentials(ctx, [{ ...CREDENTIAL, data }]);
		say(`credential "${CREDENTIAL.name}" -> ${sandbox.url}`);
	}
	const workflows = exampleWorkflows(demoRoom);
	if (workflows.length) {
		await n8n.importWorkflow(ctx, workflows.map(({ file, ...wf }) => wf));
		say(`imported ${workflows.length} example workflow(s): ${workflows.map((w) => w.name).join(', ')}`);
	}
}

/** Owner account: created on the first run, reused afterwards. */
async function ensureOwner(instance) {
	try {
		await n8n.setupOwner(instance, OWNER);
	} catch (err) {
		if (err.status !== 400) throw err; // 400: the owner exists already (an earlier run)
		await n8n.login(instance, OWNER);
	}
}

function banner(instance, sandbox, demo) {
	const url = `http://localhost:${instance.port}`;
	const lines = [
		'',
		'='.repeat(70),
		` n8n ${VERSION} with n8n-nodes-telnyx-video is running`,
		`   open      ${url}`,
		`   sign in   ${OWNER.email} / ${OWNER.password}`,
		sandbox
			? `   API       local sandbox at ${sandbox.url} (credential "${CREDENTIAL.name}")`
			: '   API       no sandbox (test/sandbox/cli.js not found): create a credential yourself',
		`   data      ${path.relative(ROOT, DEMO)}/ (delete it to start over)`,
		...(demo && demo.roomId
			? [
					`   try it    open "${demo.triggerWorkflow}" (room "${demo.roomName}" is chosen),`,
					'             click "Execute workflow" or activate it, then in another terminal:',
					'             npm run demo:event -- participant-joined',
				]
			: []),
		'   stop      Ctrl-C (or kill the npm start process)',
		'='.repeat(70),
		'',
	];
	process.stdout.write(lines.join('\n') + '\n');
}

/** What `npm run demo:event` needs to find the demo (scripts/demo-event.js). */
function writeDemoState(instance, sandbox, room) {
	const example = exampleWorkflows(room).find((wf) => wf.file === TRIGGER_EXAMPLE);
	const state = {
		n8nUrl: `http://localhost:${instance.port}`,
		apiUrl: sandbox.url,
		apiKey: 'KEY_TEST',
		roomId: room.id,
		roomName: room.name,
		triggerWorkflow: example ? example.name : TRIGGER_EXAMPLE,
	};
	fs.writeFileSync(path.join(DEMO, 'demo.json'), `${JSON.stringify(state, null, 2)}\n`);
	return state;
}

let sandbox;
let instance;
let stopping = false;

/** Stops n8n (gracefully) and the sandbox, once, then exits. */
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	say('stopping ...');
	if (instance) await instance.stop();
	if (sandbox) sandbox.stop();
	process.exit(code);
}

/**
 * `kill <pid of npm start>` kills npm but not its script: npm does not pass the signal on, and we
 * are left running with a new parent. Notice that and stop n8n and the sandbox too.
 */
function stopWhenOrphaned() {
	const parent = process.ppid;
	setInterval(() => {
		if (process.ppid !== parent) shutdown(0);
	}, 1000).unref();
}

async function main() {
	const opts = options(process.argv.slice(2));
	ensureAll([VERSION]);
	buildAndInstallPackage(opts.build);

	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => shutdown(0));
	stopWhenOrphaned();

	if (fs.existsSync(SANDBOX_CLI)) {
		sandbox = await startSandbox(opts.sandboxPort);
		process.on('exit', () => sandbox.stop()); // also when we fail later on
		say(`sandbox API on ${sandbox.url} (pid ${sandbox.pid})`);
	} else {
		say('test/sandbox/cli.js not found: starting without the sandbox API');
	}

	const ctx = { version: VERSION, userFolder: DEMO };
	const demoRoom = sandbox ? await pickDemoRoom(sandbox) : undefined;
	await importFixtures(ctx, sandbox, demoRoom);

	say(`starting n8n ${VERSION} on http://localhost:${opts.port} ...`);
	instance = await n8n.startN8n({
		...ctx,
		port: opts.port,
		echo: true,
		timeoutMs: 180000,
		// the browser talks to "localhost"; n8n still listens on 127.0.0.1 only
		env: {
			N8N_HOST: 'localhost',
			N8N_EDITOR_BASE_URL: `http://localhost:${opts.port}/`,
			N8N_WEBHOOK_URL: `http://localhost:${opts.port}/`,
		},
	});
	await ensureOwner(instance);
	const demo = sandbox && demoRoom ? writeDemoState(instance, sandbox, demoRoom) : undefined;
	banner(instance, sandbox, demo);

	const { code } = await instance.exited;
	say(`n8n exited (code ${code})`);
	await shutdown(code || 0);
}

main().catch((err) => {
	process.stderr.write(`[start] FAILED: ${err.message}\n`);
	shutdown(1);
});
