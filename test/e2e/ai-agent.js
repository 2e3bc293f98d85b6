#!/usr/bin/env node
'use strict';
// The Telnyx Video node as a tool of n8n's AI Agent, in a real n8n (`npm run test:ai`).
//
// Per pinned n8n version: the packed package installed like a community node; the sandbox behind
// `prism proxy`; an OpenAI credential whose Base URL is a mock model served here (lib/mock-model.js).
// The mock plays a model that books a meeting: it calls the Room → Create tool with a name it
// makes up, then Client Token → Generate with the room ID from that tool's result, then answers
// with the join token. Checked: what the sandbox received, what the agent answered, and what n8n
// told the model about each tool (name, description = the operation's action text, $fromAI schema).
// Two workflows: Manual Trigger → AI Agent (run like the editor's button), and the example
// examples/ai-agent-meeting.json (Chat Trigger → AI Agent), activated and sent a chat message.
//
//   node test/e2e/ai-agent.js [--skip-build] [--keep] [version ...]
//
// The last line is "ai-agent: N passed, M failed"; the exit code is non-zero on any failure.

const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');

const n8n = require('./lib/n8n');
const { prepareRun } = require('./lib/prepare');
const { reporter, indent } = require('./lib/report');
const { CREDENTIAL, nodeJson } = require('./lib/workflows');
const { startMockModel } = require('./lib/mock-model');
const { cachePaths } = require('../../scripts/install-n8n.js');

const ROOT = path.resolve(__dirname, '../..');
const WORK = path.join(ROOT, '.e2e', 'ai-agent');
const EXAMPLE_FILE = path.join(ROOT, 'examples', 'ai-agent-meeting.json');
const API_KEY = 'KEY_TEST';

const TOOL_TYPE = `${n8n.PACKAGE_NAME}.telnyxVideoTool`;
const AGENT_TYPE = '@n8n/n8n-nodes-langchain.agent';
const CHAT_MODEL_TYPE = '@n8n/n8n-nodes-langchain.lmChatOpenAi';
const CHAT_TRIGGER_TYPE = '@n8n/n8n-nodes-langchain.chatTrigger';
const OPENAI_CREDENTIAL = { id: 'e2eMockModel0001', name: 'Mock model (local)', type: 'openAiApi' };
const MANUAL_ID = 'e2eAiAgentManual';
const EXAMPLE_ID = 'e2eAiAgentChat01';
const AS_SHIPPED_ID = 'e2eAiAgentAsShip';
// No switch needed: both versions generate the tool variant of any usableAsTool community node
// (N8N_COMMUNITY_PACKAGES_ALLOW_TOOL_USAGE, which older 1.x needed, is read by neither).

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The mock model's part: book a meeting with whatever tools n8n offers

/** Tool results in the conversation so far: [{ name, content }] (names from the assistant's calls). */
function toolResults(messages = []) {
	const names = {};
	for (const m of messages) for (const call of m.tool_calls || []) names[call.id] = call.function.name;
	return messages.filter((m) => m.role === 'tool').map((m) => ({ name: names[m.tool_call_id], content: textOf(m.content) }));
}

const textOf = (content) => (Array.isArray(content) ? content.map((c) => c.text || '').join('') : String(content ?? ''));

/** The first object (depth-first) in a tool result's JSON that satisfies `test`. */
function findRecord(text, test) {
	let data;
	try {
		data = JSON.parse(text);
	} catch {
		return undefined;
	}
	const stack = [data];
	while (stack.length) {
		const v = stack.shift();
		if (typeof v === 'string' && /^[[{]/.test(v.trim())) {
			try {
				stack.push(JSON.parse(v));
			} catch {
				// plain text
			}
		} else if (Array.isArray(v)) stack.push(...v);
		else if (v && typeof v === 'object') {
			if (test(v)) return v;
			stack.push(...Object.values(v));
		}
	}
	return undefined;
}

const lastUserText = (messages = []) => textOf([...messages].reverse().find((m) => m.role === 'user')?.content);
const onlyParameter = (tool) => Object.keys(tool.function.parameters.properties || {})[0];

/**
 * A "model" that picks tools by their descriptions, as a real one would: Create a room (a name it
 * makes up from the request), then a join token for the room ID the first tool returned, then a
 * final answer built from both results. `chosen` records what it decided, for the assertions.
 */
function meetingModel(chosen) {
	return (body) => {
		const tools = body.tools || [];
		const pick = (re, what) => {
			const found = tools.filter((t) => re.test(t.function.description));
			if (found.length !== 1) throw new Error(`no single tool for ${what} among ${tools.map((t) => `${t.function.name}: ${t.function.description}`).join(' | ')}`);
			return found[0];
		};
		const createRoom = pick(/\bcreate\b.*\broom\b/i, 'creating a room');
		const joinToken = pick(/\bjoin token\b/i, 'a join token');
		const results = toolResults(body.messages);
		const created = results.find((r) => r.name === createRoom.function.name);
		if (!created) {
			const customer = /\bfor ((?:[A-Z]\w*)(?: [A-Z]\w*)*)/.exec(lastUserText(body.messages));
			const slug = (customer ? customer[1] : 'meeting').toLowerCase().replace(/[^a-z0-9]+/g, '-');
			chosen.uniqueName = `${slug}-${Math.random().toString(36).slice(2, 8)}`;
			return { toolCalls: [{ name: createRoom.function.name, arguments: { [onlyParameter(createRoom)]: chosen.uniqueName } }] };
		}
		const room = findRecord(created.content, (o) => typeof o.id === 'string' && 'unique_name' in o);
		if (!room) return { content: `The room could not be created: ${created.content.slice(0, 300)}` };
		const tokenResult = results.find((r) => r.name === joinToken.function.name);
		if (!tokenResult) {
			chosen.roomId = room.id;
			return { toolCalls: [{ name: joinToken.function.name, arguments: { [onlyParameter(joinToken)]: room.id } }] };
		}
		const token = findRecord(tokenResult.content, (o) => typeof o.token === 'string');
		if (!token) return { content: `No join token: ${tokenResult.content.slice(0, 300)}` };
		chosen.answer = `Room ${room.unique_name} (${room.id}) is ready. Join token: ${token.token} (valid until ${token.token_expires_at}).`;
		return { content: chosen.answer };
	};
}

// ---------------------------------------------------------------------------------------------
// Workflows

const CREATE_ROOM_NAME_ARG = {
	key: 'unique_name',
	description: 'A short unique name for the meeting room: lowercase letters, digits and dashes',
};
const TOKEN_ROOM_ARG = { key: 'room_id', description: 'The ID of the room to join, as returned by Create room' };

/**
 * Manual Trigger → AI Agent (prompt defined in the node), with the example's agent settings,
 * chat model (pointed at the mock) and tool nodes: the same tools, driven from the editor's button.
 */
function manualAgentWorkflow(example) {
	const agent = example.nodes.find((n) => n.type === AGENT_TYPE);
	const model = example.nodes.find((n) => n.type === CHAT_MODEL_TYPE);
	const tools = example.nodes.filter((n) => n.type === TOOL_TYPE);
	const nodes = [
		{ id: 'a1000000-0000-4000-8000-000000000010', name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			...agent,
			id: 'a1000000-0000-4000-8000-000000000011',
			name: 'AI Agent',
			position: [300, 0],
			parameters: { ...agent.parameters, promptType: 'define', text: 'Book a video meeting room for Acme Corp, and give me a join token.' },
		},
		{ ...model, id: 'a1000000-0000-4000-8000-000000000012', name: 'Chat model', position: [220, 220], credentials: openAiCredential() },
		...tools.map((t, i) => ({ ...t, id: `a1000000-0000-4000-8000-00000000002${i}` })),
	];
	const ai = (type) => ({ [type]: [[{ node: 'AI Agent', type, index: 0 }]] });
	return {
		id: MANUAL_ID,
		name: 'e2e: manual trigger -> AI Agent with Telnyx Video tools',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes,
		connections: {
			'Manual Trigger': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'Chat model': ai('ai_languageModel'),
			'Create room': ai('ai_tool'),
			'Generate join token': ai('ai_tool'),
		},
		pinData: {},
	};
}

const openAiCredential = () => ({ openAiApi: { id: OPENAI_CREDENTIAL.id, name: OPENAI_CREDENTIAL.name } });

/**
 * The example as shipped, with a fixed id, its model pointed at the mock, and its chat made
 * public: a private chat only answers the editor's own chat panel (404 to anyone else).
 */
function prepareExample(example) {
	const wf = JSON.parse(JSON.stringify(example));
	wf.id = EXAMPLE_ID;
	wf.active = false;
	for (const node of wf.nodes) {
		if (node.type === CHAT_MODEL_TYPE) node.credentials = openAiCredential();
		if (node.type === CHAT_TRIGGER_TYPE) node.parameters.public = true;
	}
	return wf;
}

// ---------------------------------------------------------------------------------------------
// Checks

const RECORD_NOUN = {
	room: /\brooms?\b/,
	clientToken: /\btoken\b/,
	roomSession: /\bsessions?\b/,
	roomParticipant: /\bparticipants?\b/,
	roomRecording: /\brecordings?\b/,
	roomComposition: /\bcompositions?\b/,
};

/**
 * For every operation of the loaded tool type: the description this n8n version's own code
 * (NodeHelpers.getToolDescriptionForNode, "Set Automatically") gives a tool node set to it.
 */
function automaticToolDescriptions(version, toolType) {
	const { n8nBin } = cachePaths(version);
	const { NodeHelpers } = require(require.resolve('n8n-workflow', { paths: [path.dirname(n8nBin)] }));
	return toolType.properties
		.filter((p) => p.name === 'operation')
		.flatMap((selector) =>
			// n8n adds a "Custom API Call" option to every operation list: not one of ours
			selector.options.filter((o) => o.value !== '__CUSTOM_API_CALL__').map((o) => {
				const [resource] = selector.displayOptions.show.resource;
				const node = { name: 'Tool', type: TOOL_TYPE, typeVersion: 1, parameters: { resource, operation: o.value, descriptionType: 'auto' } };
				const toolDescription = NodeHelpers.getToolDescriptionForNode(node, { description: toolType });
				return { resource, operation: o.value, action: o.action, description: o.description, toolDescription };
			}),
		);
}

/** What the built node says for an operation: the action text n8n turns into a tool description. */
function builtAction(resource, operation) {
	const { TelnyxVideo } = require(path.join(ROOT, 'dist/nodes/TelnyxVideo/TelnyxVideo.node.js'));
	const { description } = new TelnyxVideo();
	const selector = description.properties.find((p) => p.name === 'operation' && p.displayOptions.show.resource.includes(resource));
	return { action: selector.options.find((o) => o.value === operation).action, nodeName: description.defaults.name };
}

/** n8n's "Set Automatically" tool description: `<action> in <node's default name>`. */
function expectedToolDescription(resource, operation) {
	const { action, nodeName } = builtAction(resource, operation);
	return `${action} in ${nodeName}`;
}

/** One tool as the model saw it: { name, description, parameters }. */
const toolSummary = (tool) => ({ name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters });

function describeSchema(parameters) {
	const props = parameters.properties || {};
	return Object.entries(props)
		.map(([k, v]) => `${k}${(parameters.required || []).includes(k) ? '' : '?'}: ${v.type} "${v.description || ''}"`)
		.join(', ');
}

/**
 * Everything one booking must show: the model saw exactly the two tools with the node's action
 * texts and the $fromAI schema; it got the tools' real results; the sandbox created the room with
 * the model's name and issued a token for that room; the answer carries that token.
 */
function checkBooking({ completions, chosen, api, sb, answer }) {
	assert.equal(completions.length, 3, `3 model calls (create, token, answer), got ${completions.length}`);
	// --- what n8n told the model
	for (const body of completions) {
		assert.notEqual(body.stream, true, 'no streaming');
		assert.deepEqual((body.tools || []).map((t) => t.function.name).sort(), ['Create_room', 'Generate_join_token']);
	}
	const tools = Object.fromEntries(completions[0].tools.map((t) => [t.function.name, toolSummary(t)]));
	assert.equal(tools.Create_room.description, expectedToolDescription('room', 'create'));
	assert.equal(tools.Generate_join_token.description, expectedToolDescription('clientToken', 'generate'));
	const property = (tool, arg) => {
		assert.deepEqual(tool.parameters.required, [arg.key], `${tool.name}: required parameters`);
		assert.deepEqual(Object.keys(tool.parameters.properties), [arg.key], `${tool.name}: parameters`);
		assert.equal(tool.parameters.properties[arg.key].type, 'string');
		assert.equal(tool.parameters.properties[arg.key].description, arg.description);
	};
	property(tools.Create_room, CREATE_ROOM_NAME_ARG);
	property(tools.Generate_join_token, TOKEN_ROOM_ARG);
	// --- the tools' results went back to the model
	const [, second, third] = completions;
	const createResult = toolResults(second.messages).find((r) => r.name === 'Create_room');
	assert.ok(createResult, 'the second call carries the Create room result');
	assert.match(createResult.content, new RegExp(chosen.uniqueName));
	const tokenResult = toolResults(third.messages).find((r) => r.name === 'Generate_join_token');
	assert.ok(tokenResult, 'the third call carries the Generate join token result');
	// --- what the sandbox received
	const creates = api.filter((r) => r.method === 'POST' && r.path === '/rooms');
	assert.equal(creates.length, 1, 'one room created');
	assert.deepEqual(creates[0].body, { unique_name: chosen.uniqueName, max_participants: 10 }, 'the model\'s name, the fixed capacity');
	const room = [...sb.store.rooms.values()].find((r) => r.unique_name === chosen.uniqueName);
	assert.ok(room, `a room named ${chosen.uniqueName} exists in the sandbox`);
	assert.match(room.id, UUID);
	assert.equal(chosen.roomId, room.id, 'the model asked for a token for the room it created');
	const tokenCalls = api.filter((r) => r.method === 'POST' && r.path.endsWith('/actions/generate_join_client_token'));
	assert.deepEqual(tokenCalls.map((r) => r.path), [`/rooms/${room.id}/actions/generate_join_client_token`]);
	assert.deepEqual(tokenCalls[0].body, { token_ttl_secs: 3600 }, 'the fixed token lifetime');
	assert.equal(api.length, 2, `no other API calls: ${api.map((r) => `${r.method} ${r.path}`).join(', ')}`);
	// --- the answer
	assert.equal(answer, chosen.answer, 'the agent answered with the model\'s final message');
	const token = /Join token: (\S+) /.exec(answer)[1];
	assert.ok(tokenResult.content.includes(token), 'the token in the answer is the one the tool returned');
	const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
	assert.deepEqual(claims.grants[0].resources, [`telnyx:video:rooms:${room.id}`], 'the token grants joining that room');
	return { room, tools };
}

// ---------------------------------------------------------------------------------------------
// One version

async function runVersion(version, { tarball, sb, prism, keep }) {
	const t0 = Date.now();
	const rep = reporter(version);
	console.log(`\n== n8n ${version}`);
	sb.reset();
	prism.clearViolations();
	const chosen = {};
	const model = await startMockModel({ reply: meetingModel(chosen) });
	const userFolder = n8n.tempUserFolder(`n8n-${version}`, WORK);
	const ctx = { version, userFolder };
	let instance;
	try {
		n8n.installPackage(userFolder, tarball);
		const example = JSON.parse(fs.readFileSync(EXAMPLE_FILE, 'utf8'));
		const manual = manualAgentWorkflow(example);
		const chat = prepareExample(example);
		const asShipped = { ...example, id: AS_SHIPPED_ID, active: false };
		const imported = await rep.step('cli import: Telnyx + OpenAI (base URL = mock model) credentials, 3 workflows', async () => {
			await n8n.importCredentials(ctx, [
				{ ...CREDENTIAL, data: { apiKey: API_KEY, publicKey: sb.publicKey, baseUrl: `${prism.url}/v2` } },
				{ ...OPENAI_CREDENTIAL, data: { apiKey: 'sk-mock-not-a-secret', url: model.url } },
			]);
			await n8n.importWorkflow(ctx, [manual, chat, asShipped]);
		});
		if (!imported) throw new Error('nothing to run without the imported fixtures');

		instance = await n8n.startN8n({ ...ctx, logFile: path.join(userFolder, 'n8n.log') });
		console.log(`  n8n ${version} up on ${instance.url} (pid ${instance.pid}) in ${secs(instance.bootMs)}; mock model ${model.url}`);
		const session = await n8n.setupOwner(instance);

		await rep.step('n8n offers the node as a tool (telnyxVideoTool) with "Set Automatically" descriptions', async () => {
			const types = await n8n.getNodeTypes(session);
			const named = (name) => types.filter((t) => t.name === name);
			for (const t of [AGENT_TYPE, CHAT_MODEL_TYPE]) assert.ok(named(t).length, `${t} is not loaded`);
			const [tool] = named(TOOL_TYPE);
			assert.ok(tool, `${TOOL_TYPE} is not among the loaded node types`);
			assert.deepEqual(tool.outputs, ['ai_tool']);
			const descriptionType = tool.properties.find((p) => p.name === 'descriptionType');
			assert.equal(descriptionType && descriptionType.default, 'auto');
			return `${tool.displayName}, ${tool.properties.filter((p) => p.name === 'operation').length} operation selectors`;
		});

		await rep.step('all 27 operations: n8n\'s automatic tool description is the action text, one sentence naming its record', async () => {
			const [tool] = (await n8n.getNodeTypes(session)).filter((t) => t.name === TOOL_TYPE);
			const described = automaticToolDescriptions(version, tool);
			assert.equal(described.length, 27);
			for (const d of described) {
				assert.equal(d.toolDescription, `${d.action} in ${tool.defaults.name}`, `${d.resource}.${d.operation}`);
				assert.match(d.action, RECORD_NOUN[d.resource], `${d.resource}.${d.operation}: "${d.action}" names its record`);
				for (const text of [d.action, d.description]) assert.match(text, /^[A-Z][^.]*$/, `${d.resource}.${d.operation}: one sentence: "${text}"`);
			}
			rep.notes.allDescriptions = described;
		});

		await rep.step('example as shipped: imported unchanged; only the model credential is left to the user', async () => {
			const wf = await n8n.getWorkflow(session, AS_SHIPPED_ID);
			const byType = (type) => wf.nodes.filter((n) => n.type === type);
			assert.equal(byType(AGENT_TYPE).length, 1);
			assert.equal(byType(CHAT_TRIGGER_TYPE).length, 1);
			assert.equal(byType(CHAT_MODEL_TYPE).length, 1);
			assert.deepEqual(byType(CHAT_MODEL_TYPE)[0].credentials || {}, {}, 'no model credential shipped');
			const tools = byType(TOOL_TYPE).map((n) => `${n.parameters.resource}.${n.parameters.operation}`).sort();
			assert.deepEqual(tools, ['clientToken.generate', 'room.create']);
			const stickies = byType('n8n-nodes-base.stickyNote').map((n) => n.parameters.content).join('\n');
			assert.match(stickies, /OpenAI credential/, 'a sticky note says which credential to connect');
			for (const [from, outputs] of Object.entries(wf.connections)) {
				if (from !== byType(CHAT_TRIGGER_TYPE)[0].name) assert.equal(Object.values(outputs)[0][0][0].node, 'AI Agent', from);
			}
		});

		// --- Manual Trigger -> AI Agent ----------------------------------------------------------
		await rep.step('manual: the agent books a room and a join token through the two tools', async () => {
			sb.clearRequests();
			model.clear();
			const run = await n8n.runManually(session, MANUAL_ID);
			assert.equal(run.status, 'success', `status ${run.status}: ${JSON.stringify(run.data.resultData.error || {}).slice(0, 800)}`);
			const [out] = nodeJson(run, 'AI Agent');
			const { room, tools } = checkBooking({ completions: model.completions(), chosen, api: sb.requests.slice(), sb, answer: out.output });
			rep.notes.tools = tools;
			assert.match(chosen.uniqueName, /^acme-corp-[a-z0-9]+$/, 'the model named the room after the customer in the prompt');
			for (const name of ['Create room', 'Generate join token']) {
				assert.ok(run.data.resultData.runData[name], `the tool node "${name}" shows in the execution`);
			}
			return `room "${room.unique_name}" ${room.id}; answer "${out.output.slice(0, 60)}…"`;
		});

		// --- the example: Chat Trigger -> AI Agent -> reply ---------------------------------------
		await rep.step('example ai-agent-meeting.json: activated; a chat message gets a reply with the join token', async () => {
			sb.clearRequests();
			model.clear();
			Object.keys(chosen).forEach((k) => delete chosen[k]);
			await n8n.activate(session, EXAMPLE_ID);
			try {
				const trigger = chat.nodes.find((n) => n.type === CHAT_TRIGGER_TYPE);
				const res = await n8n.sendChatMessage(instance, trigger.webhookId, { chatInput: 'Please set up a video call for Globex.' });
				assert.equal(res.status, 200, JSON.stringify(res.body).slice(0, 500));
				const reply = Array.isArray(res.body) ? res.body[0] : res.body;
				assert.ok(reply && typeof reply.output === 'string', `chat reply: ${JSON.stringify(res.body).slice(0, 300)}`);
				assert.match(chosen.uniqueName, /^globex-/, 'the model named the room after the customer in the chat message');
				const { room } = checkBooking({ completions: model.completions(), chosen, api: sb.requests.slice(), sb, answer: reply.output });
				const [execution] = await n8n.waitForExecutions(session, EXAMPLE_ID, { count: 1 });
				assert.equal(execution.status, 'success');
				return `room "${room.unique_name}"; reply "${reply.output.slice(0, 60)}…"`;
			} finally {
				await n8n.deactivate(session, EXAMPLE_ID);
			}
		});
	} catch (err) {
		rep.failed.push({ name: 'aborted', error: err });
		console.log(`  FAIL  aborted\n${indent(err.stack || err.message)}`);
	} finally {
		if (instance) await instance.stop();
		await model.close();
	}
	await rep.step('contract: 0 Prism violations', () => {
		assert.deepEqual(prism.violations.map((v) => `${v.method} ${v.url} ${v.status} ${v.phase}: ${v.message}`), []);
		return `${prism.exchanges.length} exchanges checked`;
	});
	rep.ms = Date.now() - t0;
	if (rep.failed.length === 0 && !keep) fs.rmSync(userFolder, { recursive: true, force: true });
	else console.log(`  user folder kept: ${path.relative(ROOT, userFolder)}`);
	return rep;
}

// ---------------------------------------------------------------------------------------------

function printTools(reports) {
	const first = reports.find((r) => r.notes.allDescriptions);
	if (first) {
		console.log(`automatic tool descriptions of all operations (n8n ${first.version}):`);
		for (const d of first.notes.allDescriptions) console.log(`  ${d.resource}.${d.operation}: "${d.toolDescription}"`);
		for (const r of reports.filter((x) => x !== first && x.notes.allDescriptions)) {
			const same = JSON.stringify(r.notes.allDescriptions) === JSON.stringify(first.notes.allDescriptions);
			console.log(`  n8n ${r.version}: ${same ? 'the same' : 'DIFFERENT (see its step)'}`);
		}
	}
	for (const r of reports) {
		if (!r.notes.tools) continue;
		console.log(`n8n ${r.version}: what the model received`);
		for (const t of Object.values(r.notes.tools)) {
			console.log(`  ${t.name}: "${t.description}" (${describeSchema(t.parameters)})`);
		}
	}
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
	console.log('\n== ai-agent summary');
	for (const r of reports) {
		console.log(`n8n ${r.version}: ${r.passed.length} passed, ${r.failed.length} failed, ${secs(r.ms)}`);
		for (const f of r.failed) console.log(`  FAILED ${f.name}: ${String(f.error.message).split('\n')[0].slice(0, 300)}`);
	}
	printTools(reports);
	console.log(`total wall time ${secs(Date.now() - t0)}`);
	const passed = reports.reduce((n, r) => n + r.passed.length, 0);
	const failed = reports.reduce((n, r) => n + r.failed.length, 0);
	console.log(`ai-agent: ${passed} passed, ${failed} failed`);
	process.exitCode = failed ? 1 : 0;
}

main().catch((err) => {
	console.error(`\nai-agent ABORTED: ${err.stack || err.message}`);
	console.log('ai-agent: 0 passed, 1 failed');
	process.exitCode = 1;
});
