'use strict';
// n8n processes: `n8n start` / `worker` / `webhook` and one-off CLI commands, each in its own
// process group, tracked by PID and killed on stop() or, as a last resort, when we exit.

const fs = require('fs');
const net = require('net');
const { spawn } = require('child_process');
const { cleanEnv } = require('../../../scripts/lib/clean-env.js');
const { cachePaths, isInstalled } = require('../../../scripts/install-n8n.js');

const ENCRYPTION_KEY = 'e2e-encryption-key-not-secret';
const READY_LINE = 'Editor is now accessible via';
/** What each n8n command prints once it serves (queue mode runs `worker` and `webhook` too). */
const READY_LINES = { start: READY_LINE, worker: 'n8n worker is now ready', webhook: 'Webhook listener waiting for requests' };
const OUTPUT_LIMIT = 1024 * 1024;

const running = new Map(); // pid -> ChildProcess, for the exit-time safety net

const killAll = () => {
	for (const pid of running.keys()) killGroup(pid, 'SIGKILL');
};
process.on('exit', killAll);

// Our children run in their own process groups, so a Ctrl-C never reaches them. Unless the host
// script handles the signal itself (then it stops them), kill them and die of the signal as usual.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
	process.on(signal, function onSignal() {
		if (process.listenerCount(signal) > 1) return;
		killAll();
		process.removeListener(signal, onSignal);
		process.kill(process.pid, signal);
	});
}

/** Signals the process group we created with `detached: true` (n8n + its task runners). */
function killGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

/** A free TCP port on 127.0.0.1 (the OS picks it; released right before use). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

function paths(version) {
	const p = cachePaths(version);
	if (!isInstalled(p.n8nDir)) {
		throw new Error(`n8n ${version} is not installed: run "node scripts/install-n8n.js ${version}"`);
	}
	return p;
}

// Per major version: only what that line knows, so neither prints deprecation warnings for it.
const V1_ENV = { N8N_RUNNERS_ENABLED: 'true', DB_SQLITE_POOL_SIZE: '2' };
const V2_ENV = { N8N_DISABLED_MODULES: 'mcp-registry' }; // it fetches api.n8n.io at boot

/** 2.x renamed WEBHOOK_URL (still read, with a deprecation warning). */
const webhookUrlVar = (version) => (String(version).startsWith('1.') ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL');

/** The environment for one isolated, quiet, loopback-only n8n. */
function n8nEnv({ version, userFolder, port, brokerPort, env = {} }) {
	const base = {
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		GENERIC_TIMEZONE: 'UTC',
		// no network here and no need for it: switch off everything that phones home
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_GIT_NODE_DISABLE_BARE_REPOS: 'true',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true', // ours is unverified; the default will flip to false
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
	};
	Object.assign(base, String(version).startsWith('1.') ? V1_ENV : V2_ENV);
	if (port) Object.assign(base, { N8N_PORT: String(port), [webhookUrlVar(version)]: `http://127.0.0.1:${port}/` });
	if (brokerPort) base.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	// The machine's n8n-related variables must not leak into the isolated instance.
	const inherited = Object.fromEntries(
		Object.entries(cleanEnv()).filter(([k]) => !/^(N8N_|DB_|EXECUTIONS_|QUEUE_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(k)),
	);
	return { ...inherited, ...base, ...env };
}

/**
 * Starts `n8n start` (or `command`: 'worker' | 'webhook' for queue mode) and resolves once it
 * serves. Output is kept (last 1 MB) for output(), appended to logFile if given, and echoed to
 * our stdout with `echo: true`. `env` is added to the environment (and wins).
 * Returns { pid, port, brokerPort, url, version, userFolder, command, bootMs, exited, output(), stop() }.
 */
async function startN8n({ version, userFolder, port, brokerPort, env, timeoutMs = 120000, logFile, echo, command = 'start' }) {
	const readyLine = READY_LINES[command];
	if (!readyLine) throw new Error(`unknown n8n command "${command}"`);
	const p = paths(version);
	port = port || (await freePort());
	brokerPort = brokerPort || (await freePort());
	fs.mkdirSync(userFolder, { recursive: true });
	const t0 = Date.now();
	const child = spawn(p.nodeBin, [p.n8nBin, command], {
		cwd: userFolder,
		env: n8nEnv({ version, userFolder, port, brokerPort, env }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true, // own process group: stop() also reaches the task runners
	});
	running.set(child.pid, child);
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	exited.then(() => running.delete(child.pid));

	let out = '';
	const logStream = logFile && fs.createWriteStream(logFile, { flags: 'a' });
	const onData = (d) => {
		out = (out + d).slice(-OUTPUT_LIMIT); // bounded: a demo instance may run for hours
		if (logStream) logStream.write(d);
		if (echo) process.stdout.write(d);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);

	const instance = {
		pid: child.pid,
		port,
		brokerPort,
		url: `http://127.0.0.1:${port}`,
		version,
		userFolder,
		command,
		exited, // resolves { code, signal } when n8n exits
		output: () => out,
		stop: () => stopProcess(child, exited).finally(() => logStream && logStream.end()),
	};
	try {
		await waitFor(() => out.includes(readyLine), {
			timeoutMs,
			failIf: () => child.exitCode !== null || child.signalCode !== null,
			what: `n8n ${version} ${command} to start on port ${port}`,
		});
	} catch (err) {
		await instance.stop();
		throw new Error(`${err.message}\n--- n8n output ---\n${tail(out)}`);
	}
	instance.bootMs = Date.now() - t0;
	return instance;
}

/** kill -9: n8n and its task runners stop at once, running nothing on the way out. */
async function killHard(instance) {
	killGroup(instance.pid, 'SIGKILL');
	await instance.exited;
}

/** SIGTERM (n8n shuts down gracefully), then SIGKILL the group if it takes too long. */
async function stopProcess(child, exited, graceMs = 20000) {
	if (child.exitCode !== null || child.signalCode !== null) {
		killGroup(child.pid, 'SIGKILL'); // leftovers such as runners
		return;
	}
	killGroup(child.pid, 'SIGTERM');
	const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
	killGroup(child.pid, 'SIGKILL');
}

async function waitFor(check, { timeoutMs = 30000, intervalMs = 100, failIf, what = 'condition' }) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await check();
		if (value) return value;
		if (failIf && failIf()) throw new Error(`gave up waiting for ${what}: process exited`);
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await sleep(intervalMs);
	}
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const tail = (s, n = 40) => s.split('\n').slice(-n).join('\n');

/** Runs `n8n <args>` for a user folder; resolves { code, stdout, stderr, ms }. */
async function cli({ version, userFolder, env }, args, { timeoutMs = 120000 } = {}) {
	const p = paths(version);
	// A CLI command starts its own task broker: give it its own port so it can run beside `start`.
	const brokerPort = await freePort();
	const t0 = Date.now();
	const child = spawn(p.nodeBin, [p.n8nBin, ...args], {
		cwd: userFolder,
		env: n8nEnv({ version, userFolder, brokerPort, env }),
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	running.set(child.pid, child);
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (d) => (stdout += d));
	child.stderr.on('data', (d) => (stderr += d));
	const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), timeoutMs);
	const code = await new Promise((resolve) => child.once('close', (c, sig) => resolve(c ?? sig)));
	clearTimeout(timer);
	killGroup(child.pid, 'SIGKILL'); // runners it may have left behind
	running.delete(child.pid);
	return { code, stdout, stderr, ms: Date.now() - t0 };
}

module.exports = { freePort, paths, n8nEnv, startN8n, killHard, cli, waitFor, sleep, tail };
