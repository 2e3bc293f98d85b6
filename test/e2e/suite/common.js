'use strict';
// What the e2e suite's parts share: the sandbox key, API traffic since the last look, and the
// settled executions of a workflow.

const n8n = require('../lib/n8n');
const { nodeJson } = require('../lib/workflows');

const API_KEY = 'KEY_TEST';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** API requests (not downloads) since the last call; remembers any unknown query key. */
function takeRequests(sb, state) {
	const all = sb.requests.slice();
	sb.clearRequests();
	for (const r of all) if (r.unknownQuery) state.unknownQuery.push(`${r.method} ${r.path}: ${JSON.stringify(r.unknownQuery)}`);
	return all.filter((r) => !r.download && !r.path.startsWith('/downloads'));
}

/** Finished executions of a workflow, after making sure no further one turns up. */
async function settledExecutions(session, workflowId, count) {
	if (count > 0) await n8n.waitForExecutions(session, workflowId, { count, timeoutMs: 30000 });
	await sleep(1500); // anything that should not have run has had time to show up
	const all = await n8n.listExecutions(session, { workflowId, limit: 100 });
	return Promise.all(all.map((e) => n8n.getExecution(session, e.id)));
}

const triggerItem = (execution, nodeName) => nodeJson(execution, nodeName)[0];

module.exports = { API_KEY, sleep, secs, takeRequests, settledExecutions, triggerItem };
