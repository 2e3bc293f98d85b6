'use strict';
// The 25 Video operations (reference §3), paths without /v2. For each: the handler, the
// error shapes the spec declares (used when errorStyle is 'spec'), the auth mode and the
// query keys it knows (anything else is reported as `unknownQuery` in the request log).
const rooms = require('./handlers/rooms');
const sessions = require('./handlers/sessions');
const participants = require('./handlers/participants');
const recordings = require('./handlers/recordings');
const compositions = require('./handlers/compositions');
const tokens = require('./handlers/tokens');
const { allowedKeys } = require('./query');

const LIST = { '4XX': 'generic' }; // lists and actions: `{message, success:false}`
const ONE = { 404: 'bare' }; // get/delete one: bare Error object
const CREATE = { 422: 'errors' };
const TOKEN = { 403: 'bare', 404: 'bare' };

// auth: 'required' (Bearer key), 'optional' (spec says security: [] but a key, when sent,
// must be right), 'none' (refresh_client_token: the refresh token is the credential)
const ROUTES = [
	['GET', '/room_compositions', compositions.list, LIST, 'required', allowedKeys(compositions.FILTERS), 'ListRoomCompositions'],
	['POST', '/room_compositions', compositions.create, CREATE, 'required', null, 'CreateRoomComposition'],
	['GET', '/room_compositions/:room_composition_id', compositions.get, ONE, 'required', null, 'ViewRoomComposition'],
	['DELETE', '/room_compositions/:room_composition_id', compositions.remove, ONE, 'required', null, 'DeleteRoomComposition'],
	['GET', '/room_participants', participants.list, LIST, 'required', allowedKeys(participants.FILTERS), 'ListRoomParticipants'],
	['GET', '/room_participants/:room_participant_id', participants.get, ONE, 'required', null, 'ViewRoomParticipant'],
	['GET', '/room_recordings', recordings.list, LIST, 'required', allowedKeys(recordings.FILTERS), 'ListRoomRecordings'],
	['DELETE', '/room_recordings', recordings.bulkRemove, CREATE, 'required', allowedKeys(recordings.FILTERS), 'DeleteRoomRecordings'],
	['GET', '/room_recordings/:room_recording_id', recordings.get, ONE, 'required', null, 'ViewRoomRecording'],
	['DELETE', '/room_recordings/:room_recording_id', recordings.remove, ONE, 'required', null, 'DeleteRoomRecording'],
	['GET', '/room_sessions', sessions.list, LIST, 'required', allowedKeys(sessions.FILTERS, ['include_participants']), 'ListRoomSessions'],
	['GET', '/room_sessions/:room_session_id', sessions.get, ONE, 'required', new Set(['include_participants']), 'ViewRoomSession'],
	['POST', '/room_sessions/:room_session_id/actions/end', sessions.end, LIST, 'optional', null, 'EndSession'],
	['POST', '/room_sessions/:room_session_id/actions/kick', sessions.kick, LIST, 'optional', null, 'KickParticipantInSession'],
	['POST', '/room_sessions/:room_session_id/actions/mute', sessions.mute, LIST, 'optional', null, 'MuteParticipantInSession'],
	['POST', '/room_sessions/:room_session_id/actions/unmute', sessions.unmute, LIST, 'optional', null, 'UnmuteParticipantInSession'],
	['GET', '/room_sessions/:room_session_id/participants', sessions.participants, LIST, 'required', allowedKeys(sessions.PARTICIPANT_FILTERS), 'RetrieveListRoomParticipants'],
	['GET', '/rooms', rooms.list, LIST, 'required', allowedKeys(rooms.FILTERS, ['include_sessions']), 'ListRooms'],
	['POST', '/rooms', rooms.create, CREATE, 'required', null, 'CreateRoom'],
	['GET', '/rooms/:room_id', rooms.get, ONE, 'required', new Set(['include_sessions']), 'ViewRoom'],
	['PATCH', '/rooms/:room_id', rooms.update, { 404: 'bare', 422: 'errors' }, 'required', null, 'UpdateRoom'],
	['DELETE', '/rooms/:room_id', rooms.remove, ONE, 'required', null, 'DeleteRoom'],
	['POST', '/rooms/:room_id/actions/generate_join_client_token', tokens.generate, TOKEN, 'required', null, 'CreateRoomClientToken'],
	['POST', '/rooms/:room_id/actions/refresh_client_token', tokens.refresh, TOKEN, 'none', null, 'RefreshRoomClientToken'],
	['GET', '/rooms/:room_id/sessions', sessions.listForRoom, LIST, 'required', allowedKeys(sessions.ROOM_FILTERS, ['include_participants']), 'RetrieveListRoomSessions'],
].map(([method, path, handler, errorShapes, auth, query, operationId]) => ({
	method, path, segs: path.split('/').slice(1), handler, errorShapes, auth,
	query: query || new Set(), operationId,
}));

// Routes grouped by segment count; a path matches segment by segment (":x" captures).
const BY_LEN = new Map();
for (const r of ROUTES) {
	if (!BY_LEN.has(r.segs.length)) BY_LEN.set(r.segs.length, []);
	BY_LEN.get(r.segs.length).push(r);
}

// -> { route, params } | { methodNotAllowed: true } | null
function match(method, path) {
	const segs = path.split('/').slice(1);
	const candidates = BY_LEN.get(segs.length);
	if (!candidates) return null;
	let pathMatched = false;
	for (const r of candidates) {
		let params = null;
		let ok = true;
		for (let i = 0; i < segs.length; i++) {
			const p = r.segs[i];
			if (p.charCodeAt(0) === 58 /* : */) {
				if (!segs[i]) { ok = false; break; }
				(params || (params = {}))[p.slice(1)] = decodeURIComponent(segs[i]);
			} else if (p !== segs[i]) { ok = false; break; }
		}
		if (!ok) continue;
		if (r.method === method) return { route: r, params: params || {} };
		pathMatched = true;
	}
	return pathMatched ? { methodNotAllowed: true } : null;
}

module.exports = { ROUTES, match };
