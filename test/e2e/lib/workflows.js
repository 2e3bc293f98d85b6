'use strict';
// Small builders for the e2e workflows: nodes of our package and of n8n's own, chained behind a
// Manual Trigger. Only node types and versions that exist in both n8n 1.123 and 2.41.

const crypto = require('crypto');
const { PACKAGE_NAME } = require('./n8n');

/** The credential both `npm start` and the e2e suite import (scripts/start.js uses the same). */
const CREDENTIAL = { id: 'telnyxSandboxDemo', name: 'Telnyx Video (local sandbox)', type: 'telnyxVideoApi' };

const TELNYX = `${PACKAGE_NAME}.telnyxVideo`;
const TELNYX_TRIGGER = `${PACKAGE_NAME}.telnyxVideoTrigger`;

/** A resource locator "By ID" (a literal ID or an `={{ … }}` expression). */
const byId = (value) => ({ __rl: true, mode: 'id', value });

const credentials = () => ({ telnyxVideoApi: { id: CREDENTIAL.id, name: CREDENTIAL.name } });

/** One Telnyx Video node. `extra` goes onto the node itself (onError, executeOnce, …). */
function telnyx(name, resource, operation, parameters = {}, extra = {}) {
	return {
		name,
		type: TELNYX,
		typeVersion: 1,
		parameters: { resource, operation, ...parameters },
		credentials: credentials(),
		...extra,
	};
}

function manualTrigger(name = 'Manual Trigger') {
	return { name, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} };
}

/** Set (3.4): fields from `{ name: [type, value] }`, e.g. `{ ids: ['array', '["a","b"]'] }`. */
function set(name, fields, extra = {}) {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			assignments: {
				assignments: Object.entries(fields).map(([field, [type, value]], i) => ({
					id: `f${i}`,
					name: field,
					type,
					value,
				})),
			},
			options: {},
		},
		...extra,
	};
}

function splitOut(name, field) {
	return { name, type: 'n8n-nodes-base.splitOut', typeVersion: 1, parameters: { fieldToSplitOut: field, options: {} } };
}

/** HTTP Request (4.2) POSTing `jsonBody` (an expression) to `url`. */
function postJson(name, url, jsonBody = '={{ JSON.stringify($json) }}') {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'POST', url, sendBody: true, specifyBody: 'json', jsonBody, options: {} },
	};
}

/**
 * A workflow: `chains` is a list of node lists; each chain is connected in order and its first
 * node hangs off `trigger` (a Manual Trigger unless given). Nodes get ids and positions.
 */
function workflow(id, name, chains, { trigger = manualTrigger() } = {}) {
	const nodes = [trigger];
	const connections = {};
	const connect = (from, to) => {
		connections[from.name] = connections[from.name] || { main: [[]] };
		connections[from.name].main[0].push({ node: to.name, type: 'main', index: 0 });
	};
	chains.forEach((chain, row) => {
		let previous = trigger;
		chain.forEach((node, col) => {
			nodes.push(node);
			node.position = [240 * (col + 1), 200 * row];
			connect(previous, node);
			previous = node;
		});
	});
	trigger.position = [0, 0];
	for (const node of nodes) node.id = node.id || crypto.randomUUID();
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections, pinData: {} };
}

/** Every output item (json and binary) of a node in a run (its last run). */
function nodeOutput(run, nodeName, output = 0) {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	const last = runs[runs.length - 1];
	if (last.error) throw new Error(`node "${nodeName}" failed: ${last.error.message}`);
	return (last.data.main[output] || []).map((item) => ({ json: item.json, binary: item.binary }));
}

const nodeJson = (run, nodeName) => nodeOutput(run, nodeName).map((item) => item.json);

module.exports = {
	CREDENTIAL,
	TELNYX,
	TELNYX_TRIGGER,
	byId,
	credentials,
	telnyx,
	manualTrigger,
	set,
	splitOut,
	postJson,
	workflow,
	nodeOutput,
	nodeJson,
};
