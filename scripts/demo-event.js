#!/usr/bin/env node
'use strict';
/*
 * Fires one room event at the `npm start` demo: the sandbox simulates it in the demo room and
 * delivers it, signed, to whatever URL the room sends its events to (the trigger example's URL
 * once that workflow is active, or while the editor listens for a test event).
 *
 *   npm run demo:event -- participant-joined [--state .e2e/demo/demo.json]
 *
 * Events: session-started, participant-joined, participant-left, recording-completed, session-ended.
 * Exit 0 when the event was delivered and answered 2xx; 1 otherwise, saying why.
 */
const fs = require('fs');
const path = require('path');
const { parseFlags } = require('./lib/args');

const ROOT = path.resolve(__dirname, '..');
const STATE = path.join(ROOT, '.e2e', 'demo', 'demo.json'); // written by scripts/start.js
const EVENTS = ['session-started', 'participant-joined', 'participant-left', 'recording-completed', 'session-ended'];

async function call(method, url, { body, apiKey } = {}) {
	const res = await fetch(url, {
		method,
		headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	const json = await res.json().catch(() => ({}));
	if (!res.ok) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(json).slice(0, 200)}`);
	return json;
}

/**
 * Simulates `event` in the demo room; returns the sandbox's delivery report
 * `{ status, url, skipped, event }`. Starts a session (and a participant) first when the event needs one.
 */
async function fireDemoEvent({ apiUrl, apiKey, roomId, event, context = 'Demo Guest' }) {
	if (!EVENTS.includes(event)) throw new Error(`unknown event "${event}"; use one of: ${EVENTS.join(', ')}`);
	const control = `${new URL(apiUrl).origin}/_sandbox`;
	const simulate = async (name, body) => await call('POST', `${control}/simulate/${name}`, { body });
	if (event === 'session-started') return await simulate('sessionStarted', { roomId });

	const room = (await call('GET', `${apiUrl}/rooms/${roomId}`, { apiKey })).data;
	const sessionId = room.active_session_id || (await simulate('sessionStarted', { roomId })).record.id;
	if (event === 'session-ended') return await simulate('sessionEnded', { sessionId });
	if (event === 'participant-joined') return await simulate('participantJoined', { sessionId, context });

	const people = (await call('GET', `${apiUrl}/room_sessions/${sessionId}/participants?page[size]=250`, { apiKey })).data;
	const present = people.filter((p) => !p.left_at).pop();
	const participantId = present ? present.id : (await simulate('participantJoined', { sessionId, context })).record.id;
	if (event === 'participant-left') return await simulate('participantLeft', { participantId });
	return await simulate('recordingCompleted', { participantId });
}

async function main() {
	const { values, positionals } = parseFlags(process.argv.slice(2), { state: { type: 'string', hint: 'file' } }, { positionals: true });
	const statePath = values.state !== undefined ? path.resolve(values.state) : STATE;
	const event = positionals[0] || 'participant-joined';
	if (!fs.existsSync(statePath)) {
		throw new Error(`${path.relative(ROOT, statePath)} not found: start the demo first (npm start)`);
	}
	const state = JSON.parse(fs.readFileSync(statePath, 'utf8'));
	const report = await fireDemoEvent({ ...state, event });
	const type = report.event && report.event.data ? report.event.data.event_type : event;
	if (report.skipped) {
		throw new Error(
			`room "${state.roomName}" sends its events nowhere yet: open the trigger example ("${state.triggerWorkflow}") and activate it, or click "Execute workflow" to listen for a test event, then run this again`,
		);
	}
	process.stdout.write(`[demo:event] ${type} in room "${state.roomName}" -> ${report.url}: HTTP ${report.status}\n`);
	if (!(report.status >= 200 && report.status < 300)) process.exitCode = 1;
}

if (require.main === module) {
	main().catch((err) => {
		process.stderr.write(`[demo:event] ${err.message}\n`);
		process.exit(1);
	});
}

module.exports = { fireDemoEvent, EVENTS };
