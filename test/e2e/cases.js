'use strict';
// The action-node cases of the e2e suite: each is a workflow (Manual Trigger -> our nodes) and a
// check of its run against the sandbox's state and request log. Together they cover all 27
// operations (25 API + 2 downloads), Return All over 3,000 records, API errors surfacing as
// readable n8n errors, and Continue On Fail.

const assert = require('assert/strict');
const { byId, telnyx, set, splitOut, workflow, nodeOutput, nodeJson } = require('./lib/workflows');

/** Every operation of the node, as `resource.operation` (nodes/TelnyxVideo/operations). */
const ALL_OPERATIONS = [
	'room.create', 'room.delete', 'room.get', 'room.getAll', 'room.getSessions', 'room.update',
	'roomSession.end', 'roomSession.get', 'roomSession.getAll', 'roomSession.getParticipants',
	'roomSession.kick', 'roomSession.mute', 'roomSession.unmute',
	'roomParticipant.get', 'roomParticipant.getAll',
	'roomRecording.delete', 'roomRecording.deleteMany', 'roomRecording.download', 'roomRecording.get',
	'roomRecording.getAll',
	'roomComposition.create', 'roomComposition.delete', 'roomComposition.download', 'roomComposition.get',
	'roomComposition.getAll',
	'clientToken.generate', 'clientToken.refresh',
];

const MISSING_ID = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0'; // a well-formed ID nothing has
const BULK = { recordings: 3000, startDate: '2022-01-01', days: 365, lastDay: '2022-12-31' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Seeds the sandbox (after a reset, so every version sees the same IDs) and returns what the
 * cases and trigger checks pick their records from.
 */
function seedData(sb, { today = new Date() } = {}) {
	sb.reset();
	const main = sb.seed({ rooms: 8, sessionsPerRoom: 3, participantsPerSession: 3, recordings: 40, compositions: 8 });
	// Rooms feeding the trigger workflows must have a URL of their own, to be given back later.
	main.rooms.forEach((id, i) => {
		sb.store.rooms.get(id).webhook_event_url = `https://hooks.example.com/previous/room-${i}`;
	});
	const bulk = sb.seed({ recordings: BULK.recordings, startDate: BULK.startDate, days: BULK.days });
	// A few recent recordings, which the cleanup example must keep.
	const recentStart = new Date(today.getTime() - 10 * 86400000).toISOString().slice(0, 10);
	const recent = sb.seed({ recordings: 5, startDate: recentStart, days: 8 });
	return { main, bulk: bulk.recordings, recent: recent.recordings };
}

const rec = (sb, map, id) => sb.store[map].get(id);
const values = (sb, map) => [...sb.store[map].values()];

/**
 * The cases, built from the seeded data. `check(run, { sb, api })` gets the finished execution
 * and the API requests the sandbox saw during it (downloads excluded).
 */
function buildCases(sb, data) {
	const rooms = data.main.rooms;
	const sessionsOf = (roomId) => values(sb, 'sessions').filter((s) => s.room_id === roomId);
	const participantsOf = (sessionId) => values(sb, 'participants').filter((p) => p.session_id === sessionId);

	// R0 has a live session (actions, tokens); R1 only ended ones (reads).
	const r0 = rooms[0];
	const live = sb.store.sessions.get(sb.store.rooms.get(r0).active_session_id);
	assert.ok(live && live.active, 'seed: room 0 should have a live session');
	const r1 = rooms[1];
	const ended = sessionsOf(r1)[0];
	const endedParticipant = participantsOf(ended.id)[0];
	const mainRecordings = data.main.recordings.map((id) => rec(sb, 'recordings', id));
	const videoRecording = mainRecordings.find((r) => r.type === 'video' && r.status === 'completed');
	const compositions = data.main.compositions.map((id) => rec(sb, 'compositions', id));
	const completedComposition = compositions.find((c) => c.status === 'completed');
	const endedSessionForComposition = values(sb, 'sessions').find((s) => !s.active && s.room_id !== r0);

	return [
		{
			key: 'rooms: list with filter + limit, sessions of a room (Return All)',
			id: 'e2eRoomLists0001',
			ops: ['room.getAll', 'room.getSessions'],
			cli: true, // also run once per version with `n8n execute`
			workflow: (id, name) =>
				workflow(id, name, [
					[telnyx('List rooms', 'room', 'getAll', { returnAll: false, limit: 3, filters: { dateCreatedAtGte: '2024-02-01' } })],
					[telnyx('Room sessions', 'room', 'getSessions', { roomId: byId(r1), returnAll: true, filters: { active: false } })],
				]),
			check(run, { api }) {
				const listed = nodeJson(run, 'List rooms');
				assert.equal(listed.length, 3, 'Limit 3');
				for (const room of listed) assert.ok(room.created_at >= '2024-02-01', `room ${room.id} created ${room.created_at}`);
				const list = api.find((r) => r.path === '/rooms');
				assert.deepEqual(list.query, { 'filter[date_created_at][gte]': '2024-02-01', 'page[number]': '1', 'page[size]': '3' });
				const sessions = nodeJson(run, 'Room sessions');
				const expected = sessionsOf(r1).filter((s) => !s.active).map((s) => s.id);
				assert.ok(expected.length >= 2);
				assert.deepEqual(sessions.map((s) => s.id), expected);
				const sessionList = api.find((r) => r.path === `/rooms/${r1}/sessions`);
				assert.equal(sessionList.query['filter[active]'], 'false');
			},
		},
		{
			key: 'rooms: create -> update -> get -> delete, IDs passed by expression',
			id: 'e2eRoomCrud00001',
			ops: ['room.create', 'room.update', 'room.get', 'room.delete'],
			workflow: (id, name) =>
				workflow(id, name, [
					[
						telnyx('Create room', 'room', 'create', {
							additionalFields: {
								uniqueName: 'e2e-crud-room',
								maxParticipants: 12,
								enableRecording: true,
								webhookEventUrl: 'https://hooks.example.com/crud',
								webhookTimeoutSecs: 15,
							},
						}),
						telnyx('Update room', 'room', 'update', { roomId: byId('={{ $json.id }}'), updateFields: { maxParticipants: 33 } }),
						telnyx('Get room', 'room', 'get', { roomId: byId('={{ $json.id }}'), options: { includeSessions: true } }),
						telnyx('Delete room', 'room', 'delete', { roomId: byId('={{ $json.id }}') }),
					],
				]),
			check(run, { sb, api }) {
				const [created] = nodeJson(run, 'Create room');
				assert.match(created.id, UUID);
				assert.equal(created.unique_name, 'e2e-crud-room');
				assert.equal(created.max_participants, 12);
				assert.equal(created.enable_recording, true);
				assert.deepEqual(api.find((r) => r.method === 'POST').body, {
					unique_name: 'e2e-crud-room',
					max_participants: 12,
					enable_recording: true,
					webhook_event_url: 'https://hooks.example.com/crud',
					webhook_timeout_secs: 15,
				});
				const updated = nodeJson(run, 'Update room');
				assert.equal(updated.length, 1);
				assert.equal(updated[0].id, created.id);
				assert.equal(updated[0].max_participants, 33);
				assert.deepEqual(api.find((r) => r.method === 'PATCH').body, { max_participants: 33 });
				const [got] = nodeJson(run, 'Get room');
				assert.equal(got.id, created.id);
				assert.equal(got.max_participants, 33);
				assert.ok(Array.isArray(got.sessions), 'Include Sessions gives a sessions array');
				assert.deepEqual(nodeJson(run, 'Delete room'), [{ id: created.id, deleted: true }]);
				assert.equal(sb.store.rooms.has(created.id), false, 'the room is gone from the sandbox');
			},
		},
		{
			key: 'sessions: get (with participants), get many by room, participants of a session',
			id: 'e2eSessionRead01',
			ops: ['roomSession.get', 'roomSession.getAll', 'roomSession.getParticipants'],
			workflow: (id, name) =>
				workflow(id, name, [
					[telnyx('Get session', 'roomSession', 'get', { roomSessionId: byId(ended.id), options: { includeParticipants: true } })],
					[telnyx('Sessions of room', 'roomSession', 'getAll', { returnAll: true, filters: { roomId: byId(r1) } })],
					[telnyx('Session participants', 'roomSession', 'getParticipants', { roomSessionId: byId(ended.id), returnAll: true })],
				]),
			check(run) {
				const [session] = nodeJson(run, 'Get session');
				assert.equal(session.id, ended.id);
				assert.deepEqual(session.participants.map((p) => p.id).sort(), participantsOf(ended.id).map((p) => p.id).sort());
				const all = nodeJson(run, 'Sessions of room');
				assert.deepEqual(all.map((s) => s.id).sort(), sessionsOf(r1).map((s) => s.id).sort());
				const participants = nodeJson(run, 'Session participants');
				assert.equal(participants.length, 3);
				for (const p of participants) assert.equal(p.session_id, ended.id);
			},
		},
		{
			key: 'participants: get, get many filtered by session and context',
			id: 'e2eParticipant01',
			ops: ['roomParticipant.get', 'roomParticipant.getAll'],
			workflow: (id, name) =>
				workflow(id, name, [
					[telnyx('Get participant', 'roomParticipant', 'get', { roomParticipantId: byId(endedParticipant.id) })],
					[
						telnyx('Find participants', 'roomParticipant', 'getAll', {
							returnAll: true,
							filters: { sessionId: byId(ended.id), context: endedParticipant.context },
						}),
					],
				]),
			check(run, { api }) {
				const [p] = nodeJson(run, 'Get participant');
				assert.equal(p.id, endedParticipant.id);
				assert.equal(p.session_id, ended.id);
				const found = nodeJson(run, 'Find participants');
				assert.ok(found.some((x) => x.id === endedParticipant.id));
				for (const x of found) {
					assert.equal(x.session_id, ended.id);
					assert.equal(x.context, endedParticipant.context);
				}
				const q = api.find((r) => r.path === '/room_participants').query;
				assert.equal(q['filter[session_id]'], ended.id);
				assert.equal(q['filter[context]'], endedParticipant.context);
			},
		},
		{
			key: 'session actions: mute (all but one) -> unmute -> kick (specific) -> end',
			id: 'e2eSessionActs01',
			ops: ['roomSession.mute', 'roomSession.unmute', 'roomSession.kick', 'roomSession.end'],
			workflow(id, name) {
				const ps = participantsOf(live.id);
				const present = ps.find((p) => !p.left_at);
				this.expect = { excluded: ps[0].id, kicked: present.id };
				const target = { roomSessionId: byId(live.id) };
				return workflow(id, name, [
					[
						telnyx('Mute', 'roomSession', 'mute', { ...target, participants: 'all', exclude: [ps[0].id] }),
						telnyx('Unmute', 'roomSession', 'unmute', { ...target, participants: 'all' }),
						telnyx('Kick', 'roomSession', 'kick', { ...target, participants: 'specific', participantsIds: [present.id] }),
						telnyx('End', 'roomSession', 'end', target),
					],
				]);
			},
			check(run, { sb, api }) {
				for (const name of ['Mute', 'Unmute', 'Kick', 'End']) {
					const out = nodeJson(run, name);
					assert.equal(out.length, 1, `${name}: one item`);
					assert.equal(typeof out[0].result, 'string', `${name}: result text`);
					assert.equal(out[0].room_session_id, live.id, `${name}: says which session it acted on`);
					assert.equal(out[0].action, name.toLowerCase(), `${name}: says what it did`);
				}
				assert.deepEqual(nodeJson(run, 'Mute')[0].exclude, [this.expect.excluded]);
				assert.deepEqual(nodeJson(run, 'Kick')[0].participants, [this.expect.kicked]);
				const body = (action) => api.find((r) => r.path === `/room_sessions/${live.id}/actions/${action}`).body;
				assert.deepEqual(body('mute'), { participants: 'all', exclude: [this.expect.excluded] });
				assert.deepEqual(body('unmute'), { participants: 'all' });
				assert.deepEqual(body('kick'), { participants: [this.expect.kicked] });
				assert.ok(sb.store.participants.get(this.expect.kicked).left_at, 'kicked participant has left');
				assert.equal(sb.store.sessions.get(live.id).active, false, 'session ended');
			},
		},
		{
			key: 'recordings: get -> download (binary) -> delete; get many with filters',
			id: 'e2eRecordings001',
			ops: ['roomRecording.get', 'roomRecording.download', 'roomRecording.delete', 'roomRecording.getAll'],
			workflow: (id, name) =>
				workflow(id, name, [
					[
						telnyx('Get recording', 'roomRecording', 'get', { roomRecordingId: byId(videoRecording.id) }),
						telnyx('Download recording', 'roomRecording', 'download', {
							roomRecordingId: byId('={{ $json.id }}'),
							binaryPropertyName: 'file',
						}),
						telnyx('Delete recording', 'roomRecording', 'delete', { roomRecordingId: byId('={{ $json.id }}') }),
					],
					[
						telnyx('Audio recordings', 'roomRecording', 'getAll', {
							returnAll: true,
							filters: {
								type: 'audio',
								status: 'completed',
								minDurationSecs: 60,
								dateStartedAtGte: '2024-01-01',
								dateStartedAtLte: '2024-12-31',
							},
						}),
					],
				]),
			check(run, { sb, api }) {
				const [got] = nodeJson(run, 'Get recording');
				assert.equal(got.id, videoRecording.id);
				assert.equal(got.download_url, videoRecording.download_url);
				const [file] = nodeOutput(run, 'Download recording');
				assert.equal(file.json.id, videoRecording.id);
				assert.ok(file.binary && file.binary.file, 'binary property "file"');
				assert.equal(file.binary.file.mimeType, 'video/webm');
				assert.equal(file.binary.file.fileName, `${videoRecording.id}.webm`);
				assert.deepEqual(nodeJson(run, 'Delete recording'), [{ id: videoRecording.id, deleted: true }]);
				assert.equal(sb.store.recordings.has(videoRecording.id), false);
				const listed = nodeJson(run, 'Audio recordings');
				const expected = mainRecordings
					.filter((r) => r.type === 'audio' && r.status === 'completed' && r.duration_secs >= 60)
					.map((r) => r.id);
				assert.ok(expected.length > 3);
				assert.deepEqual(listed.map((r) => r.id), expected);
				const q = api.find((r) => r.path === '/room_recordings' && r.method === 'GET').query;
				assert.equal(q['filter[type]'], 'audio');
				assert.equal(q['filter[duration_secs]'], '60');
			},
		},
		{
			key: 'compositions: create -> get -> delete; get many completed; download mp4',
			id: 'e2eCompositions1',
			ops: ['roomComposition.create', 'roomComposition.get', 'roomComposition.delete', 'roomComposition.getAll', 'roomComposition.download'],
			workflow: (id, name) =>
				workflow(id, name, [
					[
						telnyx('Create composition', 'roomComposition', 'create', {
							sessionId: byId(endedSessionForComposition.id),
							// the Video Layout form: a full-frame region (width/height 0 = the Resolution) and a picture-in-picture
							additionalFields: {
								resolution: '640x360',
								videoLayoutForm: {
									region: [
										{ name: 'speaker', sources: 'all' },
										{ name: 'pip', xPos: 480, yPos: 270, zPos: 1, width: 160, height: 90, maxColumns: 1, maxRows: 1, sources: 'all' },
									],
								},
							},
						}),
						telnyx('Get composition', 'roomComposition', 'get', { roomCompositionId: byId('={{ $json.id }}') }),
						telnyx('Delete composition', 'roomComposition', 'delete', { roomCompositionId: byId('={{ $json.id }}') }),
					],
					[telnyx('Completed compositions', 'roomComposition', 'getAll', { returnAll: true, filters: { status: 'completed' } })],
					[
						telnyx('Download composition', 'roomComposition', 'download', {
							roomCompositionId: byId(completedComposition.id),
							binaryPropertyName: 'data',
						}),
					],
				]),
			check(run, { sb, api }) {
				const [created] = nodeJson(run, 'Create composition');
				assert.match(created.id, UUID);
				assert.equal(created.session_id, endedSessionForComposition.id);
				assert.equal(created.status, 'enqueued');
				assert.deepEqual(api.find((r) => r.method === 'POST').body, {
					session_id: endedSessionForComposition.id,
					resolution: '640x360',
					video_layout: {
						speaker: { x_pos: 0, y_pos: 0, z_pos: 0, width: 640, height: 360, video_sources: ['*'] },
						pip: { x_pos: 480, y_pos: 270, z_pos: 1, width: 160, height: 90, max_columns: 1, max_rows: 1, video_sources: ['*'] },
					},
				});
				const [got] = nodeJson(run, 'Get composition');
				assert.equal(got.id, created.id);
				assert.deepEqual(nodeJson(run, 'Delete composition'), [{ id: created.id, deleted: true }]);
				assert.equal(sb.store.compositions.has(created.id), false);
				const completed = nodeJson(run, 'Completed compositions');
				assert.deepEqual(
					completed.map((c) => c.id),
					values(sb, 'compositions').filter((c) => c.status === 'completed').map((c) => c.id),
				);
				const [file] = nodeOutput(run, 'Download composition');
				assert.equal(file.json.id, completedComposition.id);
				assert.equal(file.binary.data.mimeType, 'video/mp4');
				assert.equal(file.binary.data.fileName, `${completedComposition.id}.mp4`);
			},
		},
		{
			key: 'client tokens: generate -> refresh with the refresh token from the expression',
			id: 'e2eClientToken01',
			ops: ['clientToken.generate', 'clientToken.refresh'],
			workflow: (id, name) =>
				workflow(id, name, [
					[
						telnyx('Generate token', 'clientToken', 'generate', {
							roomId: byId(r0),
							additionalFields: { tokenTtlSecs: 120, refreshTokenTtlSecs: 600 },
						}),
						telnyx('Refresh token', 'clientToken', 'refresh', { roomId: byId(r0), refreshToken: '={{ $json.refresh_token }}' }),
					],
				]),
			check(run, { api }) {
				const [generated] = nodeJson(run, 'Generate token');
				assert.equal(generated.token.split('.').length, 3, 'a JWT');
				assert.equal(typeof generated.refresh_token, 'string');
				assert.deepEqual(api.find((r) => r.path.endsWith('generate_join_client_token')).body, {
					token_ttl_secs: 120,
					refresh_token_ttl_secs: 600,
				});
				const [refreshed] = nodeJson(run, 'Refresh token');
				assert.equal(refreshed.token.split('.').length, 3);
				assert.ok(refreshed.token_expires_at);
				assert.deepEqual(api.find((r) => r.path.endsWith('refresh_client_token')).body, {
					refresh_token: generated.refresh_token,
				});
			},
		},
		{
			key: `Return All: ${BULK.recordings} recordings, every one exactly once`,
			id: 'e2eReturnAll0001',
			ops: ['roomRecording.getAll'],
			workflow: (id, name) =>
				workflow(id, name, [
					[telnyx('All 2022 recordings', 'roomRecording', 'getAll', { returnAll: true, filters: { dateStartedAtLte: BULK.lastDay } })],
				]),
			check(run, { api }) {
				const ids = nodeJson(run, 'All 2022 recordings').map((r) => r.id);
				assert.equal(ids.length, BULK.recordings, 'item count');
				assert.equal(new Set(ids).size, BULK.recordings, 'unique ids');
				assert.deepEqual([...ids].sort(), [...data.bulk].sort(), 'exactly the seeded records');
				// Overlapping reads (each starts inside the one before, so a list that moves is still read whole).
				const ranges = api
					.filter((r) => r.path === '/room_recordings')
					.map((r) => [Number(r.query['page[number]']) - 1, Number(r.query['page[size]'])])
					.map(([n, size]) => [n * size, (n + 1) * size])
					.sort((a, b) => a[0] - b[0]);
				assert.deepEqual(ranges[0], [0, 250]);
				for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i][0] < ranges[i - 1][1] && ranges[i][0] > ranges[i - 1][0], `read ${i} overlaps`);
				assert.ok(ranges.length <= Math.ceil(BULK.recordings / 200) + 1, `${ranges.length} reads`);
			},
		},
		{
			key: `bulk delete: dry run lists ${BULK.recordings}, then deletes them by filter (verified); match-all filters refused`,
			id: 'e2eDeleteMany001',
			ops: ['roomRecording.deleteMany'],
			workflow: (id, name) =>
				workflow(id, name, [
					[
						telnyx('Dry run', 'roomRecording', 'deleteMany', { dryRun: true, filters: { dateStartedAtLte: BULK.lastDay } }),
						telnyx(
							'Delete 2022 recordings',
							'roomRecording',
							'deleteMany',
							{ dryRun: false, filters: { dateStartedAtLte: BULK.lastDay } },
							{ executeOnce: true }, // once, not once per recording the dry run listed
						),
						telnyx(
							'Delete with Min Duration 0',
							'roomRecording',
							'deleteMany',
							{ dryRun: false, filters: { minDurationSecs: 0 } },
							{ executeOnce: true, onError: 'continueRegularOutput' },
						),
					],
				]),
			check(run, { sb, api }) {
				const listed = nodeJson(run, 'Dry run');
				assert.equal(listed.length, BULK.recordings, 'one item per matching recording');
				assert.deepEqual(listed.map((r) => r.id).sort(), [...data.bulk].sort());
				const [done] = nodeJson(run, 'Delete 2022 recordings');
				assert.deepEqual(done, {
					dryRun: false,
					filters: { dateStartedAtLte: BULK.lastDay }, // named as in the node, not as sent
					matched: BULK.recordings,
					deleted: BULK.recordings,
					calls: 1,
				});
				const deletes = api.filter((r) => r.method === 'DELETE');
				assert.equal(deletes.length, 1, 'one bulk DELETE request');
				assert.equal(data.bulk.filter((rid) => sb.store.recordings.has(rid)).length, 0, 'all gone');
				const left = sb.store.recordings.size;
				assert.ok(left > 0, 'other recordings remain');
				const [refused] = nodeJson(run, 'Delete with Min Duration 0');
				assert.match(refused.error, new RegExp(`^Filters: they select every recording in the account \\(${left} of ${left}\\)`));
				assert.equal(sb.store.recordings.size, left, 'nothing deleted by the refused run');
			},
		},
		{
			key: 'API error 404: Telnyx title/detail in the execution error',
			id: 'e2eError404Room1',
			ops: [],
			workflow: (id, name) => workflow(id, name, [[telnyx('Get missing room', 'room', 'get', { roomId: byId(MISSING_ID) })]]),
			check(run) {
				assert.equal(run.status, 'error');
				const { error } = run.data.resultData;
				const text = `${error.message} ${error.description || ''}`;
				assert.match(error.message, /404/);
				assert.match(text, /Resource not found/);
				assert.match(text, new RegExp(`Room ${MISSING_ID} not found`));
				assert.equal(run.data.resultData.lastNodeExecuted, 'Get missing room');
				this.sample = error.message;
			},
			expectError: true,
		},
		{
			key: 'API error 422: duplicate unique name, field and detail in the execution error',
			id: 'e2eError422Room1',
			ops: [],
			workflow(id, name) {
				this.name = sb.store.rooms.get(r1).unique_name;
				return workflow(id, name, [[telnyx('Create duplicate', 'room', 'create', { additionalFields: { uniqueName: this.name } })]]);
			},
			check(run) {
				assert.equal(run.status, 'error');
				const { error } = run.data.resultData;
				const text = `${error.message} ${error.description || ''}`;
				assert.match(error.message, /422/);
				assert.match(text, /Invalid value/);
				assert.ok(text.includes(`A room with unique_name '${this.name}' already exists`), text);
				assert.match(text, /unique_name/);
				this.sample = error.message;
			},
			expectError: true,
		},
		{
			key: 'Continue On Fail: error items for bad items, records for good ones',
			id: 'e2eContinueFail1',
			ops: [],
			workflow: (id, name) =>
				workflow(id, name, [
					[
						set('Room IDs', { ids: ['array', JSON.stringify([r1, MISSING_ID, 'not-a-uuid', rooms[5]])] }),
						splitOut('One per item', 'ids'),
						telnyx('Get rooms', 'room', 'get', { roomId: byId('={{ $json.ids }}') }, { onError: 'continueRegularOutput' }),
					],
				]),
			check(run) {
				assert.equal(run.status, 'success');
				const out = nodeOutput(run, 'Get rooms');
				assert.equal(out.length, 4);
				assert.equal(out[0].json.id, r1);
				assert.match(out[1].json.error, /404/);
				assert.match(`${out[1].json.error} ${out[1].json.description}`, /Room .* not found/);
				assert.match(out[2].json.error, /not-a-uuid/);
				assert.equal(out[3].json.id, rooms[5]);
				const runData = run.data.resultData.runData['Get rooms'][0];
				const paired = runData.data.main[0].map((i) => i.pairedItem && i.pairedItem.item);
				assert.deepEqual(paired, [0, 1, 2, 3], 'each output item points at its input item');
			},
		},
	];
}

module.exports = { ALL_OPERATIONS, BULK, MISSING_ID, seedData, buildCases };
