/**
 * Bad input (issue #6): a table of bad values over every operation. Each one is fed through an
 * expression (`={{ $json.v }}`) so that it reaches the node's own checks, and must
 *   - fail with an error whose message starts with the field's name,
 *   - send zero requests to the sandbox,
 *   - with Continue On Fail, leave the good items around it succeeding.
 * A few literal By-ID values are refused by n8n's own parameter validation before execute; they
 * count too, as long as the field is named and nothing is sent.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import type { FullSandbox } from './lib/common';
import { byId, fromJson, runAction, startSandbox, values } from './lib/common';
import { Figures } from './lib/figures';
import { OPERATIONS } from '../../nodes/TelnyxVideo/operations';

const API_KEY = 'KEY_reliability_input_8d41';
const V = fromJson('v');
const NOBODY = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
const LAYOUT = JSON.stringify({ main: { x_pos: 0, y_pos: 0, z_pos: 0, width: 640, height: 360, video_sources: ['*'] } });

let sb: FullSandbox;
const figures = new Figures('bad-input');
let tried = 0;
let clear = 0;
let requestsOnBadInput = 0;
let cofGoodItemsOk = 0;
let cofGoodItemsTried = 0;
let refreshToken = '';
const pools: Record<string, string[]> = {};

const room = () => values(sb.store.rooms)[0].id;
const session = () => values(sb.store.sessions)[0].id;
/** Session actions read the session first and refuse an ended one: act on a live session. */
const liveSession = () => values(sb.store.sessions).find((s) => s.active === true)!.id as string;
const presentParticipant = () => values(sb.store.participants).find((p) => p.session_id === liveSession())!.id as string;
const participant = () => values(sb.store.participants)[0].id;
const completedRecording = () => values(sb.store.recordings).find((r) => r.status === 'completed' && !pools.recordings.includes(r.id))!.id;
const completedComposition = () => values(sb.store.compositions).find((c) => c.status === 'completed' && !pools.compositions.includes(c.id))!.id;
const take = (pool: string) => () => pools[pool].shift()!;
let nameCounter = 0;
const uniqueName = () => `reliability-input-${nameCounter++}`;

interface BadCase {
	/** resource.operation: what is wrong */
	name: string;
	params: () => INodeParameters;
	/** A value of `v` that makes the item succeed. */
	good: () => IDataObject[string];
	bad: IDataObject[string];
	/** The error message must start with the field's name. */
	field: RegExp;
}

const r = (resource: string, operation: string, rest: INodeParameters = {}): INodeParameters => ({ resource, operation, ...rest });
const list = { returnAll: false, limit: 2 };

/* eslint-disable prettier/prettier */
const CASES: BadCase[] = [
	// room
	{ name: 'room.get: malformed ID', params: () => r('room', 'get', { roomId: byId(V) }), good: room, bad: 'not-a-uuid', field: /^Room: must be an ID like/ },
	{ name: 'room.get: empty ID', params: () => r('room', 'get', { roomId: byId(V) }), good: room, bad: '', field: /^Room: is required/ },
	{ name: 'room.get: ID as a number', params: () => r('room', 'get', { roomId: byId(V) }), good: room, bad: 12345, field: /^Room: must be an ID like .* got 12345/ },
	{ name: 'room.get: ID one character short', params: () => r('room', 'get', { roomId: byId(V) }), good: room, bad: NOBODY.slice(0, -1), field: /^Room: must be an ID/ },
	{ name: 'room.get: ID with a trailing path', params: () => r('room', 'get', { roomId: byId(V) }), good: room, bad: `${NOBODY}/../../rooms`, field: /^Room: must be an ID/ },
	{ name: 'room.get: include sessions "yes"', params: () => r('room', 'get', { roomId: byId(room()), options: { includeSessions: V } }), good: () => true, bad: 'yes', field: /^Options › Include Sessions: must be true or false/ },
	{ name: 'room.get: timeout below 1 s', params: () => r('room', 'get', { roomId: byId(room()), options: { timeout: V } }), good: () => 5000, bad: 10, field: /^Options › Timeout: must be between 1000 and/ },
	{ name: 'room.get: max attempts 0', params: () => r('room', 'get', { roomId: byId(room()), options: { maxAttempts: V } }), good: () => 2, bad: 0, field: /^Options › Max Attempts: must be between 1 and 10/ },
	{ name: 'room.get: concurrency 51', params: () => r('room', 'get', { roomId: byId(room()), options: { concurrency: V } }), good: () => 4, bad: 51, field: /^Options › Concurrency: must be between 1 and 50/ },
	{ name: 'room.create: max participants 1', params: () => r('room', 'create', { additionalFields: { maxParticipants: V } }), good: () => 10, bad: 1, field: /^Additional Fields › Max Participants: must be between 2 and 50, got 1/ },
	{ name: 'room.create: max participants 2.5', params: () => r('room', 'create', { additionalFields: { maxParticipants: V } }), good: () => 10, bad: 2.5, field: /^Additional Fields › Max Participants: must be a whole number/ },
	{ name: 'room.create: max participants "ten"', params: () => r('room', 'create', { additionalFields: { maxParticipants: V } }), good: () => 10, bad: 'ten', field: /^Additional Fields › Max Participants: must be a whole number, got "ten"/ },
	{ name: 'room.create: max participants as an object', params: () => r('room', 'create', { additionalFields: { maxParticipants: V } }), good: () => 10, bad: { n: 10 }, field: /^Additional Fields › Max Participants: must be a whole number/ },
	{ name: 'room.create: max participants true', params: () => r('room', 'create', { additionalFields: { maxParticipants: V } }), good: () => 10, bad: true, field: /^Additional Fields › Max Participants: must be a whole number/ },
	{ name: 'room.create: webhook timeout -1', params: () => r('room', 'create', { additionalFields: { webhookTimeoutSecs: V } }), good: () => 5, bad: -1, field: /^Additional Fields › Webhook Timeout \(Seconds\): must be between 0 and 30/ },
	{ name: 'room.create: webhook URL with ftp:', params: () => r('room', 'create', { additionalFields: { webhookEventUrl: V } }), good: () => 'https://example.com/hook', bad: 'ftp://example.com/hook', field: /^Additional Fields › Webhook Event URL: must be a full http/ },
	{ name: 'room.create: webhook URL javascript:', params: () => r('room', 'create', { additionalFields: { webhookEventUrl: V } }), good: () => 'https://example.com/hook', bad: 'javascript:alert(1)', field: /^Additional Fields › Webhook Event URL: must be a full http/ },
	{ name: 'room.create: failover URL not a URL', params: () => r('room', 'create', { additionalFields: { webhookEventFailoverUrl: V } }), good: () => 'https://example.com/failover', bad: 'not a url', field: /^Additional Fields › Webhook Event Failover URL: must be a full http/ },
	{ name: 'room.create: enable recording "maybe"', params: () => r('room', 'create', { additionalFields: { enableRecording: V } }), good: () => false, bad: 'maybe', field: /^Additional Fields › Enable Recording: must be true or false/ },
	{ name: 'room.create: unique name as an object', params: () => r('room', 'create', { additionalFields: { uniqueName: V } }), good: uniqueName, bad: { name: 'x' }, field: /^Additional Fields › Unique Name: must be text/ },
	{ name: 'room.create: unique name as an array', params: () => r('room', 'create', { additionalFields: { uniqueName: V } }), good: uniqueName, bad: ['a', 'b'], field: /^Additional Fields › Unique Name: must be text/ },
	{ name: 'room.update: malformed ID', params: () => r('room', 'update', { roomId: byId(V), updateFields: { maxParticipants: 12 } }), good: room, bad: 'zzz', field: /^Room: must be an ID/ },
	{ name: 'room.update: max participants 1000', params: () => r('room', 'update', { roomId: byId(room()), updateFields: { maxParticipants: V } }), good: () => 12, bad: 1000, field: /^Update Fields › Max Participants: must be between 2 and 50/ },
	{ name: 'room.update: nothing to change (blank name)', params: () => r('room', 'update', { roomId: byId(room()), updateFields: { uniqueName: V } }), good: uniqueName, bad: '   ', field: /^Update Fields: add at least one field/ },
	{ name: 'room.delete: malformed ID', params: () => r('room', 'delete', { roomId: byId(V) }), good: take('rooms'), bad: 'abc', field: /^Room: must be an ID/ },
	{ name: 'room.getAll: impossible date', params: () => r('room', 'getAll', { ...list, filters: { dateCreatedAtGte: V } }), good: () => '2024-01-01', bad: '2021-13-45', field: /^Filters › Created On or After: must be a date/ },
	{ name: 'room.getAll: date in words', params: () => r('room', 'getAll', { ...list, filters: { dateUpdatedAtLte: V } }), good: () => '2030-01-01', bad: 'yesterday', field: /^Filters › Updated On or Before: must be a date/ },
	{ name: 'room.getAll: 30 February', params: () => r('room', 'getAll', { ...list, filters: { dateCreatedAtEq: V } }), good: () => '2024-02-29', bad: '2023-02-30', field: /^Filters › Created On: must be a date/ },
	{ name: 'room.getAll: date as a number', params: () => r('room', 'getAll', { ...list, filters: { dateCreatedAtLte: V } }), good: () => '2030-01-01', bad: 20240101, field: /^Filters › Created On or Before: must be a date/ },
	{ name: 'room.getAll: include sessions "on"', params: () => r('room', 'getAll', { ...list, options: { includeSessions: V } }), good: () => 'true', bad: 'on', field: /^Options › Include Sessions: must be true or false/ },
	{ name: 'room.getAll: limit 0', params: () => r('room', 'getAll', { returnAll: false, limit: V }), good: () => 2, bad: 0, field: /^Limit: must be at least 1/ },
	{ name: 'room.getAll: limit "many"', params: () => r('room', 'getAll', { returnAll: false, limit: V }), good: () => 2, bad: 'many', field: /^Limit: must be a whole number/ },
	{ name: 'room.getAll: return all "sometimes"', params: () => r('room', 'getAll', { returnAll: V, limit: 2 }), good: () => false, bad: 'sometimes', field: /^Return All: must be true or false/ },
	{ name: 'room.getAll: page concurrency 33', params: () => r('room', 'getAll', { ...list, options: { pageConcurrency: V } }), good: () => 4, bad: 33, field: /^Options › Page Concurrency: must be between 1 and 32/ },
	{ name: 'room.getSessions: malformed room ID', params: () => r('room', 'getSessions', { ...list, roomId: byId(V) }), good: room, bad: 'x', field: /^Room: must be an ID/ },
	{ name: 'room.getSessions: active "yes"', params: () => r('room', 'getSessions', { ...list, roomId: byId(room()), filters: { active: V } }), good: () => false, bad: 'yes', field: /^Filters › Active: must be true or false/ },
	{ name: 'room.getSessions: ended on 2024-02-30', params: () => r('room', 'getSessions', { ...list, roomId: byId(room()), filters: { dateEndedAtEq: V } }), good: () => '2024-02-29', bad: '2024-02-30', field: /^Filters › Ended On: must be a date/ },
	// room session
	{ name: 'roomSession.end: malformed ID', params: () => r('roomSession', 'end', { roomSessionId: byId(V) }), good: liveSession, bad: 'nope', field: /^Room Session: must be an ID/ },
	{ name: 'roomSession.get: ID with a space inside', params: () => r('roomSession', 'get', { roomSessionId: byId(V) }), good: session, bad: NOBODY.replace('-4df3', ' 4df3'), field: /^Room Session: must be an ID/ },
	{ name: 'roomSession.get: include participants 2', params: () => r('roomSession', 'get', { roomSessionId: byId(session()), options: { includeParticipants: V } }), good: () => true, bad: 2, field: /^Options › Include Participants: must be true or false/ },
	{ name: 'roomSession.getAll: room filter not a UUID', params: () => r('roomSession', 'getAll', { ...list, filters: { roomId: V } }), good: room, bad: 'room-1', field: /^Filters › Room ID: must be an ID/ },
	{ name: 'roomSession.getAll: day-first date', params: () => r('roomSession', 'getAll', { ...list, filters: { dateCreatedAtEq: V } }), good: () => '2024-05-31', bad: '31/05/2024', field: /^Filters › Created On: must be a date/ },
	{ name: 'roomSession.getParticipants: malformed ID', params: () => r('roomSession', 'getParticipants', { ...list, roomSessionId: byId(V) }), good: session, bad: 'x', field: /^Room Session: must be an ID/ },
	{ name: 'roomSession.getParticipants: month 00', params: () => r('roomSession', 'getParticipants', { ...list, roomSessionId: byId(session()), filters: { dateJoinedAtGte: V } }), good: () => '2024-01-10', bad: '2024-00-10', field: /^Filters › Joined On or After: must be a date/ },
	{ name: 'roomSession.getParticipants: context as an object', params: () => r('roomSession', 'getParticipants', { ...list, roomSessionId: byId(session()), filters: { context: V } }), good: () => 'Alice', bad: { who: 'Alice' }, field: /^Filters › Context: must be text/ },
	{ name: 'roomSession.kick: participant IDs not UUIDs', params: () => r('roomSession', 'kick', { roomSessionId: byId(liveSession()), participants: 'specific', participantsIds: V }), good: presentParticipant, bad: 'abc, def', field: /^Participant Names or IDs: "abc" is not a valid ID/ },
	{ name: 'roomSession.kick: participant IDs empty', params: () => r('roomSession', 'kick', { roomSessionId: byId(liveSession()), participants: 'specific', participantsIds: V }), good: presentParticipant, bad: ' , ', field: /^Participant Names or IDs: needs at least one ID/ },
	{ name: 'roomSession.mute: exclude not a UUID', params: () => r('roomSession', 'mute', { roomSessionId: byId(liveSession()), participants: 'all', exclude: V }), good: presentParticipant, bad: 'not-uuid', field: /^Exclude Participant Names or IDs: "not-uuid" is not a valid ID/ },
	{ name: 'roomSession.mute: participant IDs as numbers', params: () => r('roomSession', 'mute', { roomSessionId: byId(liveSession()), participants: 'specific', participantsIds: V }), good: presentParticipant, bad: [1, 2], field: /^Participant Names or IDs: 1 is not a valid ID/ },
	{ name: 'roomSession.unmute: malformed session ID', params: () => r('roomSession', 'unmute', { roomSessionId: byId(V), participants: 'all' }), good: liveSession, bad: 'x', field: /^Room Session: must be an ID/ },
	// room participant
	{ name: 'roomParticipant.get: malformed ID', params: () => r('roomParticipant', 'get', { roomParticipantId: byId(V) }), good: participant, bad: 'x', field: /^Room Participant: must be an ID/ },
	{ name: 'roomParticipant.get: ID as null', params: () => r('roomParticipant', 'get', { roomParticipantId: byId(V) }), good: participant, bad: null, field: /^Room Participant: is required/ },
	{ name: 'roomParticipant.getAll: session filter not a UUID', params: () => r('roomParticipant', 'getAll', { ...list, filters: { sessionId: V } }), good: session, bad: 'abc', field: /^Filters › Session ID: must be an ID/ },
	{ name: 'roomParticipant.getAll: left "never"', params: () => r('roomParticipant', 'getAll', { ...list, filters: { dateLeftAtLte: V } }), good: () => '2030-01-01', bad: 'never', field: /^Filters › Left On or Before: must be a date/ },
	// room recording
	{ name: 'roomRecording.delete: malformed ID', params: () => r('roomRecording', 'delete', { roomRecordingId: byId(V) }), good: take('recordings'), bad: 'x', field: /^Room Recording: must be an ID/ },
	{ name: 'roomRecording.deleteMany: no filter at all', params: () => r('roomRecording', 'deleteMany', { dryRun: false, filters: { roomId: V } }), good: () => NOBODY, bad: '', field: /^Filters: add at least one filter/ },
	{ name: 'roomRecording.deleteMany: min duration -5', params: () => r('roomRecording', 'deleteMany', { dryRun: true, filters: { minDurationSecs: V } }), good: () => 5000, bad: -5, field: /^Filters › Min Duration \(Seconds\): must be at least 0/ },
	{ name: 'roomRecording.deleteMany: status "deleted"', params: () => r('roomRecording', 'deleteMany', { dryRun: true, filters: { status: V, roomId: NOBODY } }), good: () => 'completed', bad: 'deleted', field: /^Filters › Status: must be one of completed, processing/ },
	{ name: 'roomRecording.download: malformed ID', params: () => r('roomRecording', 'download', { roomRecordingId: byId(V) }), good: completedRecording, bad: 'x', field: /^Room Recording: must be an ID/ },
	{ name: 'roomRecording.download: empty output field', params: () => r('roomRecording', 'download', { roomRecordingId: byId(completedRecording()), binaryPropertyName: V }), good: () => 'data', bad: '  ', field: /^Put Output File in Field: needs a field name/ },
	{ name: 'roomRecording.get: ID as an array', params: () => r('roomRecording', 'get', { roomRecordingId: byId(V) }), good: completedRecording, bad: [NOBODY], field: /^Room Recording: must be an ID/ },
	{ name: 'roomRecording.getAll: type "screen"', params: () => r('roomRecording', 'getAll', { ...list, filters: { type: V } }), good: () => 'audio', bad: 'screen', field: /^Filters › Type: must be one of audio, video/ },
	{ name: 'roomRecording.getAll: participant filter not a UUID', params: () => r('roomRecording', 'getAll', { ...list, filters: { participantId: V } }), good: participant, bad: 'p-1', field: /^Filters › Participant ID: must be an ID/ },
	// room composition
	{ name: 'roomComposition.create: malformed session', params: () => r('roomComposition', 'create', { sessionId: byId(V) }), good: session, bad: 'bad', field: /^Room Session: must be an ID/ },
	{ name: 'roomComposition.create: resolution with *', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { resolution: V } }), good: () => '640x360', bad: '1280*720', field: /^Additional Fields › (Custom )?Resolution: must look like 1280x720/ },
	{ name: 'roomComposition.create: resolution 10x10', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { resolution: V } }), good: () => '640x360', bad: '10x10', field: /^Additional Fields › (Custom )?Resolution: each side must be 16–1280/ },
	{ name: 'roomComposition.create: layout JSON cut short', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { videoLayout: V } }), good: () => LAYOUT, bad: '{"a": ', field: /^Additional Fields › Video Layout \(JSON\): is not valid JSON/ },
	{ name: 'roomComposition.create: layout is an array', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { videoLayout: V } }), good: () => LAYOUT, bad: '[1,2]', field: /^Additional Fields › Video Layout \(JSON\): must be a JSON object/ },
	{ name: 'roomComposition.create: layout sources not an array', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { videoLayout: V } }), good: () => LAYOUT, bad: '{"a":{"video_sources":"*"}}', field: /^Additional Fields › Video Layout \(JSON\): region "a": video_sources must be an array/ },
	{ name: 'roomComposition.create: layout width 8', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { videoLayout: V } }), good: () => LAYOUT, bad: '{"a":{"width":8}}', field: /^Additional Fields › Video Layout \(JSON\): region "a": width must be in 16–/ },
	{ name: 'roomComposition.create: layout unknown property', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { videoLayout: V } }), good: () => LAYOUT, bad: '{"a":{"colour":"red"}}', field: /^Additional Fields › Video Layout \(JSON\): region "a": unknown property "colour"/ },
	{ name: 'roomComposition.create: layout source not a recording ID', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { videoLayout: V } }), good: () => LAYOUT, bad: '{"a":{"video_sources":["not-a-recording"]}}', field: /^Additional Fields › Video Layout \(JSON\): region "a": video_sources entries must be recording IDs/ },
	{ name: 'roomComposition.create: layout as a number', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { videoLayout: V } }), good: () => LAYOUT, bad: 42, field: /^Additional Fields › Video Layout \(JSON\): must be a JSON object/ },
	{ name: 'roomComposition.create: format "mkv"', params: () => r('roomComposition', 'create', { sessionId: byId(session()), additionalFields: { format: V } }), good: () => 'mp4', bad: 'mkv', field: /^Additional Fields › Format: must be one of mp4/ },
	{ name: 'roomComposition.delete: malformed ID', params: () => r('roomComposition', 'delete', { roomCompositionId: byId(V) }), good: take('compositions'), bad: 'x', field: /^Room Composition: must be an ID/ },
	{ name: 'roomComposition.download: empty ID', params: () => r('roomComposition', 'download', { roomCompositionId: byId(V) }), good: completedComposition, bad: '', field: /^Room Composition: is required/ },
	{ name: 'roomComposition.get: malformed ID', params: () => r('roomComposition', 'get', { roomCompositionId: byId(V) }), good: completedComposition, bad: 'x', field: /^Room Composition: must be an ID/ },
	{ name: 'roomComposition.getAll: status "done"', params: () => r('roomComposition', 'getAll', { ...list, filters: { status: V } }), good: () => 'completed', bad: 'done', field: /^Filters › Status: must be one of completed, enqueued, processing/ },
	{ name: 'roomComposition.getAll: month 13', params: () => r('roomComposition', 'getAll', { ...list, filters: { dateCreatedAtLte: V } }), good: () => '2030-01-01', bad: '2024-13-01', field: /^Filters › Created On or Before: must be a date/ },
	// client token
	{ name: 'clientToken.generate: malformed room', params: () => r('clientToken', 'generate', { roomId: byId(V) }), good: room, bad: 'x', field: /^Room: must be an ID/ },
	{ name: 'clientToken.generate: token TTL 5', params: () => r('clientToken', 'generate', { roomId: byId(room()), additionalFields: { tokenTtlSecs: V } }), good: () => 600, bad: 5, field: /^Additional Fields › Token TTL \(Seconds\): must be between 10 and 3600/ },
	{ name: 'clientToken.generate: refresh TTL 100000', params: () => r('clientToken', 'generate', { roomId: byId(room()), additionalFields: { refreshTokenTtlSecs: V } }), good: () => 3600, bad: 100000, field: /^Additional Fields › Refresh Token TTL \(Seconds\): must be between 60 and 86400/ },
	{ name: 'clientToken.refresh: empty refresh token', params: () => r('clientToken', 'refresh', { roomId: byId(room()), refreshToken: V }), good: () => refreshToken, bad: '', field: /^Refresh Token: is required/ },
	{ name: 'clientToken.refresh: refresh token as an object', params: () => r('clientToken', 'refresh', { roomId: byId(room()), refreshToken: V }), good: () => refreshToken, bad: { token: 'x' }, field: /^Refresh Token: must be text/ },
	{ name: 'clientToken.refresh: malformed room', params: () => r('clientToken', 'refresh', { roomId: byId(V), refreshToken }), good: room, bad: 'x', field: /^Room: must be an ID/ },
];

/** Literal By-ID values: n8n's own parameter validation refuses them before execute. */
const LITERAL_CASES: Array<[string, INodeParameters, RegExp]> = [
	['room.get', r('room', 'get', { roomId: byId('not-a-uuid') }), /Not a valid room ID/],
	['roomRecording.download', r('roomRecording', 'download', { roomRecordingId: byId('abc') }), /Not a valid room recording ID/],
	['roomComposition.delete', r('roomComposition', 'delete', { roomCompositionId: byId('1234') }), /Not a valid room composition ID/],
	['roomSession.end', r('roomSession', 'end', { roomSessionId: byId('session-1') }), /Not a valid room session ID/],
	['clientToken.generate', r('clientToken', 'generate', { roomId: byId(`${NOBODY}x`) }), /Not a valid room ID/],
];
/* eslint-enable prettier/prettier */

beforeAll(async () => {
	sb = await startSandbox({
		apiKey: API_KEY,
		seed: { rooms: 12, sessionsPerRoom: 2, participantsPerSession: 2, recordings: 80, compositions: 12 },
	});
	const rooms = values(sb.store.rooms);
	pools.rooms = rooms.slice(6).map((x) => x.id);
	pools.recordings = values(sb.store.recordings).slice(-10).map((x) => x.id);
	pools.compositions = values(sb.store.compositions).filter((c) => c.status !== 'completed').map((x) => x.id);
	const answer = await fetch(`${sb.url}/v2/rooms/${rooms[0].id}/actions/generate_join_client_token`, {
		method: 'POST',
		headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
		body: '{}',
	});
	refreshToken = ((await answer.json()) as { data: { refresh_token: string } }).data.refresh_token;
});

afterAll(async () => {
	figures.set('bad_inputs_tried', tried);
	figures.set('bad_inputs_clear', clear);
	figures.set('requests_on_bad_input', requestsOnBadInput);
	figures.set('bad_input_operations_covered', new Set(CASES.map((c) => c.name.split(':')[0])).size);
	figures.set('continue_on_fail_good_items', cofGoodItemsTried);
	figures.set('continue_on_fail_good_items_ok', cofGoodItemsOk);
	figures.save();
	await sb?.close();
});

const run = (parameters: INodeParameters, input: IDataObject[], continueOnFail = false) =>
	runAction(sb, API_KEY, parameters, { input, continueOnFail });

const byItem = (items: INodeExecutionData[], index: number) =>
	items.filter((item) => (item.pairedItem as { item: number } | undefined)?.item === index);

describe('every operation refuses bad input before sending anything, naming the field', () => {
	it('covers every operation the node has', () => {
		const covered = [...new Set(CASES.map((c) => c.name.split(':')[0]))].sort();
		expect(covered).toEqual(OPERATIONS.map((op) => `${op.resource}.${op.value}`).sort());
	});

	it.each(CASES.map((c) => [c.name, c] as [string, BadCase]))('%s', async (_name, c) => {
		tried++;
		sb.clearRequests();
		const alone = await run(c.params(), [{ v: c.bad }]);
		const sentAlone = sb.requests.length;
		requestsOnBadInput += sentAlone;
		expect(alone.error?.constructor.name).toBe('NodeOperationError');
		expect(alone.error?.message).toMatch(c.field);
		expect(sentAlone).toBe(0);

		// Continue On Fail: the items around the bad one still succeed; the bad one sends nothing.
		const good = [c.good(), c.good()];
		sb.clearRequests();
		const mixed = await run(c.params(), [{ v: good[0] }, { v: c.bad }, { v: good[1] }], true);
		expect(mixed.error).toBeUndefined();
		const bad = byItem(mixed.items, 1);
		expect(bad).toHaveLength(1);
		expect(String(bad[0].json.error)).toMatch(c.field);
		for (const index of [0, 2]) {
			cofGoodItemsTried++;
			const out = byItem(mixed.items, index);
			const failures = out.filter((item) => item.json.error !== undefined).map((item) => item.json.error);
			expect(failures).toEqual([]);
			cofGoodItemsOk++;
		}
		// Nothing the bad item holds went out (only checked for values too long to occur by chance).
		const badText = typeof c.bad === 'string' && c.bad.trim().length >= 6 ? c.bad : undefined;
		const sent = sb.requests.map((req) => JSON.stringify({ path: req.path, query: req.query, body: req.body }));
		if (badText) expect(sent.filter((text) => text.includes(badText))).toEqual([]);
		clear++;
	});

	it.each(LITERAL_CASES)('%s: a literal malformed By-ID value is refused by n8n before execute', async (_name, params, field) => {
		tried++;
		sb.clearRequests();
		const failure = await run(params, [{}]).then(
			() => undefined,
			(error: Error) => error,
		);
		requestsOnBadInput += sb.requests.length;
		expect(failure?.constructor.name).toBe('WorkflowHasIssuesError');
		const text = `${failure?.message} ${JSON.stringify((failure as { description?: unknown })?.description ?? '')} ${JSON.stringify(failure)}`;
		expect(text).toMatch(field);
		expect(sb.requests).toHaveLength(0);
		clear++;
	});
});
