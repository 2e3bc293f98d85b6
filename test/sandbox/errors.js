'use strict';
// Error bodies. The spec declares a different shape per operation and status
// (reference §7): 404/403 a bare Error object, 422 `{errors:[...]}`, generic 4XX on
// lists/actions `{message, success:false}`. Real Telnyx most likely sends `errors[]`
// everywhere, so `errorStyle: 'errors'` switches every error to that shape.

const DOCS = 'https://developers.telnyx.com/docs/overview/errors/';

class ApiError extends Error {
	constructor(status, code, title, detail, source) {
		super(detail || title);
		this.status = status;
		this.code = String(code);
		this.title = title;
		this.detail = detail;
		this.source = source; // { pointer } or { parameter }
	}
}

const notFound = (what, id) => new ApiError(404, '10005', 'Resource not found', `${what} ${id} not found`);
const invalid = (detail, source, title = 'Invalid value') => new ApiError(422, '10015', title, detail, source);
const invalidParam = (parameter, detail) => invalid(detail, { parameter }, 'Invalid parameter');
const invalidField = (field, detail) => invalid(detail, { pointer: `/${field}` });

function errorObject(err) {
	const o = { code: err.code, title: err.title };
	if (err.detail) o.detail = err.detail;
	if (err.source) o.source = err.source;
	o.meta = { url: DOCS + err.code };
	return o;
}

// shapes: route.errorShapes maps '404' | '422' | '4XX' -> 'bare' | 'errors' | 'generic'
function errorBody(err, shapes, style) {
	const e = errorObject(err);
	// 401, 429 and 5xx always use the canonical Telnyx envelope (what the real API sends).
	if (style === 'errors' || err.status === 401 || err.status === 429 || err.status >= 500) return { errors: [e] };
	const s = (shapes && (shapes[String(err.status)] || (err.status < 500 && shapes['4XX'])))
		|| (err.status === 404 || err.status === 403 ? 'bare' : 'errors');
	if (s === 'bare') return e;
	if (s === 'generic') return { message: err.detail ? `${err.title}: ${err.detail}` : err.title, success: false };
	return { errors: [e] };
}

// Canned errors for injected status faults.
const FAULT_ERRORS = {
	400: ['10015', 'Bad Request', 'The request could not be understood'],
	401: ['10009', 'Authentication failed', 'The API key is invalid or missing'],
	403: ['10006', 'Not authorized', 'You are not authorized to perform this action'],
	404: ['10005', 'Resource not found', 'The requested resource was not found'],
	408: ['10008', 'Request timeout', 'The request took too long'],
	409: ['10010', 'Conflict', 'The resource was modified concurrently'],
	422: ['10015', 'Invalid value', 'The request contains invalid values'],
	429: ['10011', 'Too many requests', 'Rate limit exceeded, retry later'],
	500: ['10007', 'Unexpected error', 'An unexpected error occurred'],
	502: ['10007', 'Bad gateway', 'Upstream service failed'],
	503: ['10007', 'Service unavailable', 'The service is temporarily unavailable'],
};
const faultError = (status) => {
	const [code, title, detail] = FAULT_ERRORS[status] || FAULT_ERRORS[500];
	return new ApiError(status, code, title, detail);
};

module.exports = { ApiError, notFound, invalid, invalidParam, invalidField, errorBody, errorObject, faultError };
