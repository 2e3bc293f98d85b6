'use strict';
// Request-body checks shared by the handlers. Each failure is a 422 with
// source.pointer naming the offending field, like Telnyx.
const { invalidField, invalid } = require('./errors');
const { UUID_RE } = require('./query');

const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Webhook URLs "must include a scheme"; only http(s) makes sense for a webhook.
function isHttpUri(v) {
	if (typeof v !== 'string') return false;
	try {
		const u = new URL(v);
		return (u.protocol === 'http:' || u.protocol === 'https:') && !!u.hostname;
	} catch { return false; }
}

function requireObjectBody(ctx) {
	if (!ctx.hasBody) throw invalid('Body parameter is required', { pointer: '/' }, 'Bad Request');
	if (ctx.bodyError) throw invalid(`Malformed JSON body: ${ctx.bodyError}`, { pointer: '/' }, 'Bad Request');
	if (!isObject(ctx.body)) throw invalid('The request body must be a JSON object', { pointer: '/' }, 'Bad Request');
	return ctx.body;
}

function int(body, key, min, max, { nullable = false } = {}) {
	if (!has(body, key)) return;
	const v = body[key];
	if (v === null && nullable) return;
	if (!Number.isInteger(v) || v < min || v > max) throw invalidField(key, `${key} must be an integer between ${min} and ${max}`);
}

function bool(body, key) {
	if (has(body, key) && typeof body[key] !== 'boolean') throw invalidField(key, `${key} must be a boolean`);
}

function string(body, key, { nullable = false, nonEmpty = false } = {}) {
	if (!has(body, key)) return;
	const v = body[key];
	if (v === null && nullable) return;
	if (typeof v !== 'string' || (nonEmpty && v.length === 0)) throw invalidField(key, `${key} must be a${nonEmpty ? ' non-empty' : ''} string`);
}

// null and "" are accepted: they are how a client clears a webhook URL (what the trigger
// does on deactivate); anything else must be an absolute http(s) URI.
function uri(body, key) {
	if (!has(body, key)) return;
	const v = body[key];
	if (v === null || v === '') return;
	if (!isHttpUri(v)) throw invalidField(key, `${key} must be a valid URI including the scheme (e.g. https://)`);
}

function uuid(body, key, { nullable = false } = {}) {
	if (!has(body, key)) return;
	const v = body[key];
	if (v === null && nullable) return;
	if (typeof v !== 'string' || !UUID_RE.test(v)) throw invalidField(key, `${key} must be a UUID`);
}

module.exports = { has, isObject, isHttpUri, requireObjectBody, int, bool, string, uri, uuid, UUID_RE };
