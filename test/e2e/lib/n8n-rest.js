'use strict';
// n8n's REST API as the editor uses it, as a logged-in user: owner setup and login, workflows
// (create, update, activate, deactivate, test listen), executions, node and credential types,
// and the chat trigger's webhook.

const path = require('path');
const { paths, waitFor } = require('./n8n-process');

const OWNER = {
	email: 'owner@example.com',
	firstName: 'E2E',
	lastName: 'Owner',
	password: 'E2e-Passw0rd',
};

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

module.exports = {
	OWNER,
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
};
