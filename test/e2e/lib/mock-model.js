'use strict';
// A small OpenAI-compatible chat model on 127.0.0.1 for end-to-end tests of n8n's AI nodes.
//
// It answers POST /chat/completions (with or without a /v1 prefix) from a `reply(body, index)`
// function the test supplies, so the test decides which tools the "model" calls and what it says.
// `reply` returns { toolCalls: [{ name, arguments }] } or { content }. Streaming requests
// (`stream: true`) get the same answer as server-sent chunks. GET /models lists one model.
// Every request is recorded in `requests` ({ method, path, headers, body }), so the test can
// check what n8n sent: the messages, and the tools with their descriptions and schemas.

const http = require('http');

const MODEL = 'mock-gpt';

/** Starts the mock; resolves { url, port, requests, close() }. `url` is the credential's base URL. */
async function startMockModel({ reply, model = MODEL } = {}) {
	if (typeof reply !== 'function') throw new Error('startMockModel: reply(body, index) is required');
	const requests = [];
	let completions = 0;
	let callSeq = 0;

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', async () => {
			const raw = Buffer.concat(chunks).toString('utf8');
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = raw;
			}
			const path = req.url.split('?')[0].replace(/^\/v1(?=\/)/, '');
			requests.push({ method: req.method, path, headers: req.headers, body });
			try {
				if (req.method === 'GET' && path === '/models') {
					return json(res, 200, { object: 'list', data: [{ id: model, object: 'model', created: 0, owned_by: 'e2e' }] });
				}
				if (req.method === 'POST' && path === '/chat/completions') {
					const answer = await reply(body, completions++);
					const message = toMessage(answer, () => `call_${++callSeq}`);
					const id = `chatcmpl-${completions}`;
					if (body && body.stream) return stream(res, { id, model: body.model || model, message });
					return json(res, 200, completion({ id, model: (body && body.model) || model, message }));
				}
				json(res, 404, { error: { message: `mock model: no route ${req.method} ${path}`, type: 'invalid_request_error' } });
			} catch (err) {
				json(res, 500, { error: { message: `mock model: ${err.message}`, type: 'server_error' } });
			}
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return {
		port,
		url: `http://127.0.0.1:${port}/v1`,
		model,
		requests,
		/** The POST /chat/completions bodies, in order. */
		completions: () => requests.filter((r) => r.method === 'POST' && r.path === '/chat/completions').map((r) => r.body),
		clear: () => {
			requests.splice(0);
			completions = 0;
		},
		close: () =>
			new Promise((resolve) => {
				server.close(resolve);
				server.closeAllConnections();
			}),
	};
}

/** The assistant message for a reply: tool calls (arguments as a JSON string) or text. */
function toMessage(answer, nextId) {
	if (answer && Array.isArray(answer.toolCalls) && answer.toolCalls.length) {
		return {
			role: 'assistant',
			content: null,
			tool_calls: answer.toolCalls.map((call) => ({
				id: call.id || nextId(),
				type: 'function',
				function: {
					name: call.name,
					arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments || {}),
				},
			})),
		};
	}
	return { role: 'assistant', content: String((answer && answer.content) ?? '') };
}

const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
const finishReason = (message) => (message.tool_calls ? 'tool_calls' : 'stop');

function completion({ id, model, message }) {
	return {
		id,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(message) }],
		usage,
	};
}

/** The same answer as chat.completion.chunk events: role, then content or tool calls, then finish. */
function stream(res, { id, model, message }) {
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
	const created = Math.floor(Date.now() / 1000);
	const chunk = (delta, finish = null, extra = {}) =>
		res.write(
			`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`,
		);
	chunk({ role: 'assistant', content: message.tool_calls ? null : '' });
	if (message.tool_calls) {
		message.tool_calls.forEach((call, index) => chunk({ tool_calls: [{ index, ...call }] }));
	} else if (message.content) {
		chunk({ content: message.content });
	}
	chunk({}, finishReason(message), { usage });
	res.end('data: [DONE]\n\n');
}

function json(res, status, body) {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

module.exports = { startMockModel, MODEL };
