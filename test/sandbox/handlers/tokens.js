'use strict';
// Client tokens: JWT-shaped (header.payload.signature, Ed25519-signed with the sandbox key,
// like the spec example `{"alg":"Ed25519","typ":"JWT"}`). Refresh tokens are remembered
// per room so refresh_client_token can reject unknown, foreign or expired ones with 403.
const { randomUUID, sign } = require('node:crypto');
const { isoSeconds } = require('../time');
const { ApiError, invalidField } = require('../errors');
const { USER_ID } = require('../seed');
const { getRoom } = require('./rooms');
const v = require('../validate');

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const HEADER = b64url({ alg: 'Ed25519', typ: 'JWT' });

function jwt(sb, roomId, typ, ttlSecs, nowMs) {
	const iat = Math.floor(nowMs / 1000);
	const payload = b64url({
		aud: 'telnyx_access_token',
		exp: iat + ttlSecs,
		grants: [{ actions: ['join'], resources: [`telnyx:video:rooms:${roomId}`], subjects: [`telnyx:users:${USER_ID}`] }],
		grants_version: '1.0.0',
		iat,
		iss: 'telnyx_access_token',
		jti: randomUUID(),
		nbf: iat - 1,
		sub: 'null',
		typ,
	});
	const sig = sign(null, Buffer.from(`${HEADER}.${payload}`), sb.keys.privateKey).toString('base64url');
	return `${HEADER}.${payload}.${sig}`;
}

const forbidden = (detail) => new ApiError(403, '10006', 'Not authorized', detail);

module.exports = {
	generate(sb, ctx) {
		const room = getRoom(sb, ctx.params.room_id);
		const body = v.requireObjectBody(ctx);
		v.int(body, 'token_ttl_secs', 10, 3600);
		v.int(body, 'refresh_token_ttl_secs', 60, 86400);
		const ttl = body.token_ttl_secs ?? 600;
		const rttl = body.refresh_token_ttl_secs ?? 3600;
		const now = Date.now();
		const token = jwt(sb, room.id, 'access', ttl, now);
		const refresh = jwt(sb, room.id, 'refresh', rttl, now);
		sb.store.refreshTokens.set(refresh, { room_id: room.id, expires_at_ms: now + rttl * 1000 });
		return {
			status: 201,
			body: {
				data: {
					token,
					token_expires_at: isoSeconds(now + ttl * 1000),
					refresh_token: refresh,
					refresh_token_expires_at: isoSeconds(now + rttl * 1000),
				},
			},
		};
	},

	// No API key needed (spec security: []): the refresh token is the credential.
	refresh(sb, ctx) {
		const room = getRoom(sb, ctx.params.room_id);
		const body = v.requireObjectBody(ctx);
		if (!v.has(body, 'refresh_token')) throw invalidField('refresh_token', 'refresh_token is required');
		v.string(body, 'refresh_token', { nonEmpty: true });
		v.int(body, 'token_ttl_secs', 10, 3600);
		const known = sb.store.refreshTokens.get(body.refresh_token);
		const now = Date.now();
		if (!known || known.room_id !== room.id) throw forbidden('The refresh token is not valid for this room');
		if (known.expires_at_ms <= now) throw forbidden('The refresh token has expired');
		const ttl = body.token_ttl_secs ?? 600;
		return {
			status: 201,
			body: { data: { token: jwt(sb, room.id, 'access', ttl, now), token_expires_at: isoSeconds(now + ttl * 1000) } },
		};
	},
};
