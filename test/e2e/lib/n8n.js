'use strict';
// Driver for end-to-end tests against a real n8n installed by scripts/install-n8n.js.
// Every process it starts is tracked by PID and killed on stop() or, as a last resort, on exit.

const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const net = require('net');
const { spawn, spawnSync } = require('child_process');
const { cleanEnv } = require('../../../scripts/lib/clean-env.js');
const { cachePaths, isInstalled } = require('../../../scripts/install-n8n.js');

const PACKAGE_NAME = 'n8n-nodes-telnyx-video';
const ENCRYPTION_KEY = 'e2e-encryption-key-not-secret';
const READY_LINE = 'Editor is now accessible via';
const OUTPUT_LIMIT = 1024 * 1024;
const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd',
};

// ---------------------------------------------------------------------------------------------
// Processes and ports

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
		Object.entries(cleanEnv()).filter(([k]) => !/^(N8N_|DB_|EXECUTIONS_|WEBHOOK_URL$|GENERIC_TIMEZONE$)/.test(k)),
	);
	return { ...inherited, ...base, ...env };
}

/**
 * Starts `n8n start` and resolves once the editor is up. Output is kept (last 1 MB) for
 * output(), appended to logFile if given, and echoed to our stdout with `echo: true`.
 * Returns { pid, port, brokerPort, url, version, userFolder, bootMs, exited, output(), stop() }.
 */
async function startN8n({ version, userFolder, port, brokerPort, env, timeoutMs = 120000, logFile, echo }) {
	const p = paths(version);
	port = port || (await freePort());
	brokerPort = brokerPort || (await freePort());
	fs.mkdirSync(userFolder, { recursive: true });
	const t0 = Date.now();
	const child = spawn(p.nodeBin, [p.n8nBin, 'start'], {
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
		exited, // resolves { code, signal } when n8n exits
		output: () => out,
		stop: () => stopProcess(child, exited).finally(() => logStream && logStream.end()),
	};
	try {
		await waitFor(() => out.includes(READY_LINE), {
			timeoutMs,
			failIf: () => child.exitCode !== null || child.signalCode !== null,
			what: `n8n ${version} to start on port ${port}`,
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

// ---------------------------------------------------------------------------------------------
// CLI: each command boots n8n against the same user folder (seconds each)

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

async function cliOrThrow(opts, args) {
	const res = await cli(opts, args);
	if (res.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited ${res.code}\n${tail(res.stdout)}\n${tail(res.stderr)}`);
	}
	return res;
}

/** Writes data (object/array) to a temp JSON file, or passes a file path through. */
function asJsonFile(userFolder, data, prefix) {
	if (typeof data === 'string') return data;
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/** Imports credentials (array of { id, name, type, data } with plaintext data, or a file path). */
function importCredentials(opts, credentials) {
	const file = asJsonFile(opts.userFolder, credentials, 'credentials');
	return cliOrThrow(opts, ['import:credentials', `--input=${file}`]);
}

/** Imports one workflow object, an array of workflows, or a file. Keep `id` fixed in fixtures. */
function importWorkflow(opts, workflow) {
	const file = asJsonFile(opts.userFolder, workflow, 'workflow');
	return cliOrThrow(opts, ['import:workflow', `--input=${file}`]);
}

/**
 * Runs a saved workflow once with `n8n execute --id --rawOutput` (boots n8n: 3.5-6 s; inside a
 * running instance runManually() takes ~0.3 s). Resolves the run: { status, data: { resultData:
 * { runData, error } }, ... }. A failed run resolves too (status "error", n8n exits 1).
 */
async function executeWorkflow(opts, workflowId) {
	const res = await cli(opts, ['execute', `--id=${workflowId}`, '--rawOutput']);
	const run = parseRawOutput(res.stdout);
	if (!run) {
		throw new Error(`n8n execute --id=${workflowId} gave no JSON (exit ${res.code})\n${tail(res.stdout)}\n${tail(res.stderr)}`);
	}
	run.ms = res.ms;
	return run;
}

/** --rawOutput prints log lines before the JSON: parse from the first line starting with `{`. */
function parseRawOutput(stdout) {
	const start = stdout.search(/^\{/m);
	const end = stdout.lastIndexOf('}');
	if (start < 0 || end < start) return undefined;
	try {
		return JSON.parse(stdout.slice(start, end + 1));
	} catch {
		return undefined;
	}
}

/** The output items (json only) of one node in a run. */
function nodeItems(run, nodeName, output = 0) {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return (runs[runs.length - 1].data.main[output] || []).map((i) => i.json);
}

// ---------------------------------------------------------------------------------------------
// Community package install (exactly what n8n's installer leaves: package.json + dist)

/** Every file the package.json `n8n` block lists must be built, or n8n skips the whole package. */
function assertBuilt(packageDir) {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const listed = [...((n8n && n8n.nodes) || []), ...((n8n && n8n.credentials) || [])];
	const missing = listed.filter((f) => !fs.existsSync(path.join(packageDir, f)));
	if (missing.length) throw new Error(`not built (run "npm run build"): ${missing.join(', ')}`);
}

/** `npm pack` of a built package folder into outDir; resolves the tarball path. */
function packPackage(packageDir, outDir) {
	assertBuilt(packageDir);
	fs.mkdirSync(outDir, { recursive: true });
	const res = spawnSync('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: packageDir,
		env: cleanEnv(),
		encoding: 'utf8',
	});
	if (res.status !== 0) throw new Error(`npm pack failed: ${res.stderr}`);
	const [info] = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
	return path.join(outDir, info.filename);
}

/** Unpacks our tarball into <userFolder>/.n8n/nodes/node_modules/<name>, no node_modules. */
function installPackage(userFolder, tarballPath) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const dest = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const res = spawnSync(
		'tar',
		['xzf', tarballPath, '-C', dest, '--strip-components=1', 'package/package.json', 'package/dist'],
		{ encoding: 'utf8' },
	);
	if (res.status !== 0) throw new Error(`unpacking ${tarballPath} failed: ${res.stderr}`);
	// n8n's own installer keeps a manifest of installed packages here.
	const manifest = path.join(nodesDir, 'package.json');
	const pkg = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	const { version } = JSON.parse(fs.readFileSync(path.join(dest, 'package.json'), 'utf8'));
	pkg.dependencies = { ...pkg.dependencies, [PACKAGE_NAME]: version };
	fs.writeFileSync(manifest, JSON.stringify(pkg, null, 2) + '\n');
	return dest;
}

// ---------------------------------------------------------------------------------------------
// REST (the editor's API, as a logged-in user)

/** Minimal JSON HTTP client; keeps the auth cookie on the session object. */
async function request(session, method, urlPath, body) {
	const headers = { 'content-type': 'application/json', 'browser-id': session.browserId };
	if (session.cookie) headers.cookie = session.cookie;
	const res = await fetch(session.url + urlPath, {
		method,
		headers,
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const setCookie = res.headers.get('set-cookie');
	const auth = setCookie && /n8n-auth=[^;]+/.exec(setCookie);
	if (auth) session.cookie = auth[0];
	const text = await res.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	if (!res.ok) {
		const err = new Error(`${method} ${urlPath} -> ${res.status}: ${text.slice(0, 500)}`);
		err.status = res.status;
		err.body = json;
		throw err;
	}
	return json && 'data' in json ? json.data : json;
}

function newSession(instance) {
	return {
		url: instance.url,
		version: instance.version,
		cookie: undefined,
		browserId: 'e2e-browser',
		request(method, urlPath, body) {
			return request(this, method, urlPath, body);
		},
	};
}

/** Creates the owner account on a fresh instance; resolves a logged-in session. */
async function setupOwner(instance, owner = OWNER) {
	const session = newSession(instance);
	await session.request('POST', '/rest/owner/setup', owner);
	return session;
}

async function login(instance, { email, password } = OWNER) {
	const session = newSession(instance);
	await session.request('POST', '/rest/login', { emailOrLdapLoginId: email, email, password });
	return session;
}

const isV1 = (session) => String(session.version).startsWith('1.');

const getWorkflow = (session, id) => session.request('GET', `/rest/workflows/${id}`);

/** Creates a workflow over REST (n8n assigns the id; faster than a CLI import). Resolves it. */
function createWorkflow(session, workflow) {
	const { id, ...rest } = workflow;
	return session.request('POST', '/rest/workflows', { active: false, settings: {}, ...rest });
}

/**
 * Activates (publishes) a workflow like the editor does and waits until its triggers are live.
 * 1.x answers synchronously (400 with the node's error); 2.x activates in the background, so
 * poll its publication status. Resolves { ms, status }.
 */
async function activate(session, workflowId, { timeoutMs = 60000 } = {}) {
	const t0 = Date.now();
	const { versionId } = await getWorkflow(session, workflowId);
	if (isV1(session)) {
		await session.request('PATCH', `/rest/workflows/${workflowId}`, { active: true, versionId });
		return { ms: Date.now() - t0 };
	}
	await session.request('POST', `/rest/workflows/${workflowId}/activate`, { versionId });
	const status = await waitForPublication(session, workflowId, versionId, timeoutMs);
	return { ms: Date.now() - t0, status };
}

/**
 * Polls 2.x publication status until this version is live (status "published") or has failed
 * ("failed"/"partial", after n8n's own retries); throws with the trigger errors on failure.
 */
async function waitForPublication(session, workflowId, versionId, timeoutMs) {
	const status = await waitFor(
		async () => {
			const s = await session.request('GET', `/rest/workflows/${workflowId}/publication-status`);
			const live = s.status === 'published' && s.liveVersionId === versionId;
			return live || s.status === 'failed' || s.status === 'partial' ? s : undefined;
		},
		{ timeoutMs, intervalMs: 100, what: `workflow ${workflowId} to be published` },
	);
	if (status.status !== 'published') {
		const err = new Error(`activation of ${workflowId} failed: ${JSON.stringify(status.triggers)}`);
		err.publicationStatus = status;
		throw err;
	}
	return status;
}

/** Deactivates (unpublishes) a workflow in the running instance; this runs triggers' delete(). */
async function deactivate(session, workflowId, { timeoutMs = 60000 } = {}) {
	const t0 = Date.now();
	if (isV1(session)) {
		const { versionId } = await getWorkflow(session, workflowId);
		await session.request('PATCH', `/rest/workflows/${workflowId}`, { active: false, versionId });
	} else {
		await session.request('POST', `/rest/workflows/${workflowId}/deactivate`, {});
		// 2.x unpublishes in the background too: wait until the triggers are gone.
		await waitFor(
			async () => {
				const s = await session.request('GET', `/rest/workflows/${workflowId}/publication-status`);
				return s.status === 'not_published';
			},
			{ timeoutMs, intervalMs: 100, what: `workflow ${workflowId} to be unpublished` },
		);
	}
	return { ms: Date.now() - t0 };
}

/** Executions (newest first), optionally of one workflow. */
async function listExecutions(session, { workflowId, limit = 50 } = {}) {
	const filter = workflowId ? `&filter=${encodeURIComponent(JSON.stringify({ workflowId }))}` : '';
	const res = await session.request('GET', `/rest/executions?limit=${limit}${filter}`);
	return res.results;
}

/** One execution with its `data` decoded (stored flatted-encoded) into run data. */
async function getExecution(session, executionId) {
	const execution = await session.request('GET', `/rest/executions/${executionId}`);
	if (typeof execution.data === 'string') execution.data = flatted(session.version).parse(execution.data);
	return execution;
}

/** n8n's own copy of `flatted`, so the test needs no dependency of its own. */
function flatted(version) {
	const { n8nBin } = paths(version);
	return require(require.resolve('flatted', { paths: [path.dirname(n8nBin)] }));
}

/** Waits until the workflow has at least `count` finished executions; resolves them decoded. */
async function waitForExecutions(session, workflowId, { count = 1, timeoutMs = 30000 } = {}) {
	const list = await waitFor(
		async () => {
			const all = await listExecutions(session, { workflowId });
			const done = all.filter((e) => e.finished || (e.status && !['new', 'running', 'waiting'].includes(e.status)));
			return done.length >= count ? done : undefined;
		},
		{ timeoutMs, intervalMs: 200, what: `${count} execution(s) of ${workflowId}` },
	);
	return Promise.all(list.map((e) => getExecution(session, e.id)));
}

/**
 * Runs a saved workflow from its trigger like the editor's "Execute workflow" button, inside the
 * running instance (no extra boot), and resolves the finished execution with decoded data.
 */
async function runManually(session, workflowId, { triggerName, timeoutMs = 60000 } = {}) {
	const workflowData = await getWorkflow(session, workflowId);
	const trigger = triggerName || (workflowData.nodes.find((n) => /manualTrigger$/.test(n.type)) || {}).name;
	if (!trigger) throw new Error(`workflow ${workflowId} has no Manual Trigger: pass triggerName`);
	// 1.x runs the workflowData sent; 2.x loads the saved workflow and ignores it.
	const res = await session.request('POST', `/rest/workflows/${workflowId}/run`, {
		workflowData,
		triggerToStartFrom: { name: trigger },
	});
	if (!res || !res.executionId) throw new Error(`manual run of ${workflowId} did not start: ${JSON.stringify(res)}`);
	return waitForExecution(session, res.executionId, timeoutMs);
}

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** Polls one execution until it has finished; resolves it decoded. */
function waitForExecution(session, executionId, timeoutMs = 60000) {
	return waitFor(
		async () => {
			const e = await getExecution(session, executionId).catch((err) => {
				if (err.status === 404) return undefined; // not saved yet
				throw err;
			});
			return e && (e.finished || FINISHED.includes(e.status)) ? e : undefined;
		},
		{ timeoutMs, intervalMs: 100, what: `execution ${executionId} to finish` },
	);
}

/**
 * Changes a saved workflow like the editor's Save: `change` gets a copy and returns the new one.
 * On 2.x this saves a draft; the next `activate` publishes it.
 */
async function updateWorkflow(session, workflowId, change) {
	const current = await getWorkflow(session, workflowId);
	const next = change(JSON.parse(JSON.stringify(current)));
	return session.request('PATCH', `/rest/workflows/${workflowId}`, {
		name: next.name,
		nodes: next.nodes,
		connections: next.connections,
		settings: next.settings,
		versionId: current.versionId,
	});
}

/**
 * The editor's "Listen for test event" on a webhook trigger: n8n registers the test webhook and
 * runs the trigger's checkExists/create with the /webhook-test/ URL. Resolves once it waits.
 */
async function startTestListen(session, workflowId, triggerName) {
	const workflowData = await getWorkflow(session, workflowId);
	const res = await session.request('POST', `/rest/workflows/${workflowId}/run`, {
		workflowData,
		triggerToStartFrom: { name: triggerName },
	});
	if (!res || !res.waitingForWebhook) throw new Error(`test listen of ${workflowId} did not start: ${JSON.stringify(res)}`);
	return res;
}

/** Stops a test listen (the editor's Stop button); n8n runs the trigger's delete. */
function stopTestListen(session, workflowId) {
	return session.request('DELETE', `/rest/test-webhook/${workflowId}`);
}

/** Names of the node types the instance has loaded (the editor's /types/nodes.json). */
async function listNodeTypes(session) {
	const types = await session.request('GET', '/types/nodes.json');
	return [...new Set(types.map((t) => t.name))];
}

/** Names of the credential types the instance has loaded. */
async function listCredentialTypes(session) {
	const types = await session.request('GET', '/types/credentials.json');
	return types.map((t) => t.name);
}

/**
 * Full descriptions of every node type the editor loads (/types/nodes.json), generated tool
 * variants such as `<package>.<node>Tool` included (POST /rest/node-types does not know those).
 */
function getNodeTypes(session) {
	return session.request('GET', '/types/nodes.json');
}

/**
 * Sends one message to an active Chat Trigger's production webhook, like the hosted chat does.
 * Resolves { status, body (parsed JSON or text) }; with response mode "When Last Node Finishes"
 * the body is the last node's output, e.g. an AI Agent's { output }.
 */
async function sendChatMessage(instance, webhookId, { chatInput, sessionId = 'e2e-chat-session' }) {
	const res = await fetch(`${instance.url}/webhook/${webhookId}/chat`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ action: 'sendMessage', sessionId, chatInput }),
	});
	const text = await res.text();
	let body = text;
	try {
		body = JSON.parse(text);
	} catch {
		// keep the text
	}
	return { status: res.status, body };
}

// ---------------------------------------------------------------------------------------------
// HTTP sink: a loopback server collecting what workflows POST to it

/**
 * Resolves { url, port, requests, waitFor(n, timeoutMs), clear(), close() }; each request is
 * { method, url, headers, body (parsed JSON or text), bytes (Buffer) }.
 */
async function startSink() {
	const requests = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const bytes = Buffer.concat(chunks);
			const raw = bytes.toString('utf8');
			let body = raw;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				// keep the raw text
			}
			// `bytes`: the body exactly as received (binary uploads do not survive the utf8 text)
			requests.push({ method: req.method, url: req.url, headers: req.headers, body, bytes });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		requests,
		waitFor: (n = 1, timeoutMs = 30000) =>
			waitFor(() => requests.length >= n && requests.slice(0, n), { timeoutMs, what: `${n} request(s) at the sink` }),
		clear: () => requests.splice(0),
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** A fresh user folder under the OS temp dir (or under `base`). */
function tempUserFolder(label = 'n8n', base = os.tmpdir()) {
	fs.mkdirSync(base, { recursive: true });
	return fs.mkdtempSync(path.join(base, `${label}-`));
}

module.exports = {
	PACKAGE_NAME,
	OWNER,
	freePort,
	n8nEnv,
	startN8n,
	killHard,
	cli,
	importCredentials,
	importWorkflow,
	executeWorkflow,
	parseRawOutput,
	nodeItems,
	packPackage,
	installPackage,
	setupOwner,
	login,
	getWorkflow,
	createWorkflow,
	activate,
	deactivate,
	listExecutions,
	getExecution,
	waitForExecutions,
	waitForExecution,
	runManually,
	updateWorkflow,
	startTestListen,
	stopTestListen,
	listNodeTypes,
	listCredentialTypes,
	getNodeTypes,
	sendChatMessage,
	startSink,
	tempUserFolder,
	waitFor,
	sleep,
};
