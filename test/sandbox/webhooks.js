'use strict';
// Telnyx-style signed webhooks (reference §8-§9): Ed25519 over "<timestamp>|<raw body>",
// base64 signature in telnyx-signature-ed25519, unix seconds in telnyx-timestamp.
const crypto = require('node:crypto');
const http = require('node:http');
const https = require('node:https');
const { nowIso } = require('./time');

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

// Accepts a KeyObject, a PEM string, or the raw 32-byte seed (Buffer or base64 string).
function toPrivateKey(k) {
	if (k instanceof crypto.KeyObject) return k;
	if (typeof k === 'string' && k.includes('-----BEGIN')) return crypto.createPrivateKey(k);
	const raw = Buffer.isBuffer(k) ? k : Buffer.from(String(k), 'base64');
	if (raw.length !== 32) throw new Error('privateKey must be a KeyObject, a PEM string or a 32-byte Ed25519 seed');
	return crypto.createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, raw]), format: 'der', type: 'pkcs8' });
}

function makeKeys(privateKey) {
	const priv = privateKey ? toPrivateKey(privateKey) : crypto.generateKeyPairSync('ed25519').privateKey;
	const pub = crypto.createPublicKey(priv);
	// raw 32-byte key = last 32 bytes of the SPKI DER export; Mission Control shows it base64
	const publicKeyB64 = pub.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
	return { privateKey: priv, publicKey: pub, publicKeyB64 };
}

function signEvent(keys, rawBody, opts = {}) {
	const ts = String(opts.timestamp ?? Math.floor(Date.now() / 1000));
	const key = opts.privateKey ? toPrivateKey(opts.privateKey) : keys.privateKey;
	const sig = crypto.sign(null, Buffer.concat([Buffer.from(`${ts}|`), Buffer.from(rawBody)]), key);
	return { 'telnyx-signature-ed25519': sig.toString('base64'), 'telnyx-timestamp': ts };
}

// ---------------------------------------------------------------------------------------
const EVENT_TYPES = [
	'video.room.session.started', 'video.room.session.ended', 'video.room.participant.joined',
	'video.room.participant.left', 'video.room.recording.started', 'video.room.recording.completed',
	'video.room.composition.completed',
];

function defaultPayload(type) {
	const id = () => crypto.randomUUID();
	const room = { room_id: id(), session_id: id() };
	switch (type) {
		case 'video.room.session.started': return room;
		case 'video.room.session.ended': return { ...room, duration_secs: 245, ended_reason: 'stale' };
		case 'video.room.participant.joined': return { ...room, participant_id: id(), context: 'Alice' };
		case 'video.room.participant.left': return { ...room, participant_id: id(), context: 'Alice', duration_secs: 235, left_reason: 'kicked' };
		case 'video.room.recording.started': return { ...room, participant_id: id(), recording_id: id(), type: 'audio' };
		case 'video.room.recording.completed':
			return { ...room, participant_id: id(), recording_id: id(), type: 'audio', codec: 'opus', duration_secs: 234, size_mb: 5.6, download_url: 'https://example.com/recording.ogg' };
		case 'video.room.composition.completed':
			return { composition_id: id(), ...room, format: 'mp4', resolution: '1280x720', duration_secs: 53, size_mb: 2.6, download_url: 'https://example.com/composition.mp4' };
		default: return room; // any other video.room.* string is allowed (forward compatibility)
	}
}

// type may be given with or without the "video.room." prefix.
function makeEvent(type, payloadOverrides = {}, { meta = true } = {}) {
	const t = type.startsWith('video.') ? type : `video.room.${type}`;
	const ev = {
		data: { record_type: 'event', event_type: t, id: crypto.randomUUID(), occurred_at: nowIso(), payload: { ...defaultPayload(t), ...payloadOverrides } },
	};
	// meta is unconfirmed for Video events; delivered_to is filled in at delivery time
	if (meta) ev.meta = { attempt: 1 };
	return ev;
}

// ---------------------------------------------------------------------------------------
function post(url, raw, headers, timeoutMs) {
	const started = Date.now();
	return new Promise((resolve) => {
		let u;
		try { u = new URL(url); } catch (e) { resolve({ url, status: 0, body: '', error: `invalid url: ${e.message}`, durationMs: 0 }); return; }
		const mod = u.protocol === 'https:' ? https : http;
		const req = mod.request(u, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'user-agent': 'telnyx-webhooks', 'content-length': Buffer.byteLength(raw), ...headers },
			timeout: timeoutMs,
			agent: false,
		}, (res) => {
			const chunks = [];
			let size = 0;
			res.on('data', (c) => { if (size < 65536) { chunks.push(c); size += c.length; } });
			res.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let body = text;
				try { body = text ? JSON.parse(text) : ''; } catch { /* keep text */ }
				resolve({ url, status: res.statusCode, body, headers: res.headers, durationMs: Date.now() - started });
			});
			res.on('error', (e) => resolve({ url, status: 0, body: '', error: e.message, durationMs: Date.now() - started }));
		});
		req.on('timeout', () => req.destroy(new Error(`timed out after ${timeoutMs} ms`)));
		req.on('error', (e) => resolve({ url, status: 0, body: '', error: e.message, durationMs: Date.now() - started }));
		req.end(raw);
	});
}

function tamperBody(raw) {
	const i = raw.indexOf('"payload":{');
	if (i >= 0) return `${raw.slice(0, i + 11)}"tampered":true,${raw.slice(i + 11)}`;
	return `${raw} `;
}

// Signs and POSTs one event. tamper: 'body' | 'timestamp' | 'signature' breaks it after
// signing (the receiver must reject it).
async function deliver(keys, url, eventOrRaw, opts = {}) {
	let raw = eventOrRaw;
	if (typeof eventOrRaw !== 'string') {
		const ev = JSON.parse(JSON.stringify(eventOrRaw));
		if (ev.meta && ev.meta.delivered_to === undefined) ev.meta.delivered_to = url;
		if (ev.meta && opts.attempt) ev.meta.attempt = opts.attempt;
		raw = JSON.stringify(ev);
	}
	const sig = signEvent(keys, raw, opts);
	if (opts.tamper === 'body') raw = tamperBody(raw);
	else if (opts.tamper === 'timestamp') sig['telnyx-timestamp'] = String(Number(sig['telnyx-timestamp']) + 1);
	else if (opts.tamper === 'signature') {
		const b = Buffer.from(sig['telnyx-signature-ed25519'], 'base64');
		b[0] ^= 0xff;
		sig['telnyx-signature-ed25519'] = b.toString('base64');
	} else if (opts.tamper) throw new Error(`unknown tamper mode ${opts.tamper}`);
	const res = await post(url, raw, { ...sig, ...(opts.headers || {}) }, opts.timeoutMs || 10000);
	return { ...res, raw, signature: sig['telnyx-signature-ed25519'], timestamp: sig['telnyx-timestamp'] };
}

module.exports = { makeKeys, toPrivateKey, signEvent, makeEvent, deliver, EVENT_TYPES };
