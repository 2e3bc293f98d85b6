/**
 * `npm run demo:event` (scripts/demo-event.js): the sandbox simulates an event in the demo room
 * and delivers it, signed with the sandbox's key, to the URL the room sends its events to.
 */
import * as http from 'http';
import type { AddressInfo } from 'net';

import { verifyTelnyxSignature } from '../../nodes/shared/signature';
import type { Sandbox } from '../support/sandbox';
import { startSandbox } from '../support/sandbox';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fireDemoEvent } = require('../../scripts/demo-event.js');

interface Received {
	body: string;
	headers: http.IncomingHttpHeaders;
}

let sb: Sandbox;
let receiver: http.Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
	sb = await startSandbox({ apiKey: 'KEY_TEST', seed: { rooms: 2, sessionsPerRoom: 1, participantsPerSession: 1, recordings: 0 } });
	receiver = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push({ body, headers: req.headers });
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhook`;
});

afterAll(async () => {
	await new Promise((resolve) => receiver.close(resolve));
	await sb.close();
});

const rooms = () => [...sb.store.rooms.values()];
const fire = async (roomId: string, event: string) =>
	await fireDemoEvent({ apiUrl: `${sb.url}/v2`, apiKey: 'KEY_TEST', roomId, event });

it.each(['participant-joined', 'participant-left', 'recording-completed', 'session-ended', 'session-started'])(
	'%s reaches the room’s URL, signed with the sandbox key',
	async (event) => {
		const room = rooms()[0];
		room.webhook_event_url = receiverUrl;
		received.length = 0;
		const report = await fire(room.id, event);
		expect(report.status).toBe(200);
		const wanted = `video.room.${event.replace('-', '.')}`;
		const delivery = received.find((r) => JSON.parse(r.body).data.event_type === wanted);
		expect(delivery).toBeDefined();
		const check = verifyTelnyxSignature({
			rawBody: delivery!.body,
			signature: delivery!.headers['telnyx-signature-ed25519'] as string,
			timestamp: delivery!.headers['telnyx-timestamp'] as string,
			publicKey: sb.publicKey,
		});
		expect(check).toMatchObject({ valid: true });
		expect(JSON.parse(delivery!.body).data.payload.room_id).toBe(room.id);
	},
);

it('reports a room that sends its events nowhere instead of claiming success', async () => {
	const room = rooms()[1];
	room.webhook_event_url = null;
	received.length = 0;
	const report = await fire(room.id, 'participant-joined');
	expect(report.skipped).toBe(true);
	expect(received).toHaveLength(0);
});

it('names the events it knows when given another', async () => {
	await expect(fire(rooms()[0].id, 'participant-waved')).rejects.toThrow(/unknown event "participant-waved"; use one of: session-started, participant-joined/);
});
