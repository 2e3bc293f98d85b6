/**
 * Telnyx webhook signatures (Ed25519), checked with node's own crypto and no SDK.
 *
 * Telnyx signs `<telnyx-timestamp>|<raw request body>` with the account's Ed25519 key and sends
 * the base64 signature in `telnyx-signature-ed25519`. The timestamp (Unix seconds) must be within
 * 300 s of now in either direction, as in Telnyx's own SDKs. Pure functions: no n8n context, so
 * tests and the local sandbox can use them too.
 */
import { createPublicKey, verify } from 'crypto';
import type { KeyObject } from 'crypto';

export const SIGNATURE_HEADER = 'telnyx-signature-ed25519';
export const TIMESTAMP_HEADER = 'telnyx-timestamp';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** DER prefix that turns a raw 32-byte Ed25519 public key into an SPKI structure. */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;
/** Standard base64 (what Mission Control and Telnyx use); base64url characters are tolerated too. */
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

export type SignatureFailure =
	| 'missing_signature'
	| 'missing_timestamp'
	| 'invalid_timestamp'
	| 'stale_timestamp'
	| 'malformed_signature'
	| 'invalid_public_key'
	| 'signature_mismatch';

export type SignatureCheck = { valid: true } | { valid: false; reason: SignatureFailure; message: string };

export interface SignatureInput {
	/** The request body exactly as received (never re-serialised JSON). */
	rawBody: Buffer | string;
	/** Value of the `telnyx-signature-ed25519` header. */
	signature: string | undefined;
	/** Value of the `telnyx-timestamp` header, exactly as received. */
	timestamp: string | undefined;
	/** The account's public key: base64 of the raw 32-byte Ed25519 key. */
	publicKey: string;
	/** Defaults to the current time. */
	nowSeconds?: number;
	toleranceSeconds?: number;
}

/** Decodes base64 strictly; `undefined` when the text is not base64 at all. */
function decodeBase64(text: string): Buffer | undefined {
	const compact = text.replace(/\s+/g, '');
	if (compact === '' || !BASE64.test(compact)) return undefined;
	return Buffer.from(compact.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/** The credential's public key as a KeyObject, or `undefined` if it is not a 32-byte base64 key. */
export function parsePublicKey(publicKey: string | undefined): KeyObject | undefined {
	const raw = decodeBase64(String(publicKey ?? ''));
	if (!raw || raw.length !== ED25519_KEY_BYTES) return undefined;
	try {
		return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
	} catch {
		// OpenSSL refused the bytes as an Ed25519 point: the key is unusable, which the caller reports.
		return undefined;
	}
}

function fail(reason: SignatureFailure, message: string): SignatureCheck {
	return { valid: false, reason, message };
}

/**
 * Checks one delivery. Every failure is a plain result (never an exception), so a caller can
 * answer 401 without leaking anything beyond the reason.
 */
export function verifyTelnyxSignature(input: SignatureInput): SignatureCheck {
	const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
	const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);

	if (input.signature === undefined || input.signature.trim() === '') {
		return fail('missing_signature', `The ${SIGNATURE_HEADER} header is missing`);
	}
	if (input.timestamp === undefined || input.timestamp === '') {
		return fail('missing_timestamp', `The ${TIMESTAMP_HEADER} header is missing`);
	}
	// Digits only: "1e9", " 123", "-5" and "12.0" are all refused (parseInt-style leniency lets NaN through).
	if (!/^\d+$/.test(input.timestamp) || !Number.isSafeInteger(Number(input.timestamp))) {
		return fail('invalid_timestamp', `The ${TIMESTAMP_HEADER} header is not a Unix time in seconds`);
	}
	if (Math.abs(now - Number(input.timestamp)) > tolerance) {
		return fail('stale_timestamp', `The ${TIMESTAMP_HEADER} header is more than ${tolerance} s away from now`);
	}
	const signature = decodeBase64(input.signature);
	if (!signature || signature.length !== ED25519_SIGNATURE_BYTES) {
		return fail('malformed_signature', `The ${SIGNATURE_HEADER} header is not a base64 Ed25519 signature`);
	}
	const key = parsePublicKey(input.publicKey);
	if (!key) {
		return fail('invalid_public_key', 'The public key in the credential is not a base64 32-byte Ed25519 key');
	}
	const body = Buffer.isBuffer(input.rawBody) ? input.rawBody : Buffer.from(input.rawBody, 'utf8');
	const message = Buffer.concat([Buffer.from(`${input.timestamp}|`, 'utf8'), body]);
	let matches = false;
	try {
		// Ed25519 verification does not branch on secret data; no string comparison is involved.
		matches = verify(null, message, key, signature);
	} catch {
		matches = false;
	}
	return matches ? { valid: true } : fail('signature_mismatch', 'The signature does not match the body and timestamp');
}
