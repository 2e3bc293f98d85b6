'use strict';
// Download URLs point at the sandbox itself. Real download URLs are presigned storage
// URLs, so no Authorization is needed (the request log shows whether one was sent anyway).
// Content types chosen: audio recordings Opus in Ogg (audio/ogg, .ogg), video recordings
// VP8 in WebM (video/webm, .webm), compositions MP4 (video/mp4, .mp4).
const { createHash } = require('node:crypto');
const { Readable } = require('node:stream');
const { createPrng } = require('./prng');

const KINDS = {
	audio: { ext: 'ogg', type: 'audio/ogg', magic: Buffer.from('OggS\0\x02', 'latin1') },
	video: { ext: 'webm', type: 'video/webm', magic: Buffer.from([0x1a, 0x45, 0xdf, 0xa3]) },
	composition: { ext: 'mp4', type: 'video/mp4', magic: Buffer.from('\0\0\0\x18ftypmp42', 'latin1') },
};

function downloadUrl(base, collection, id, type) {
	const k = collection === 'compositions' ? KINDS.composition : KINDS[type] || KINDS.audio;
	return `${base}/downloads/${collection}/${id}.${k.ext}`;
}

function hash32(s) {
	let h = 2166136261;
	for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
	return h >>> 0;
}

// Same id -> same bytes, every time, at any size: generated in 64 KiB chunks as they are sent,
// so a 1 GiB body never sits in memory. Each chunk is the id's seeded filler block with its chunk
// number written in (so no two chunks are alike); the first starts with the format's magic.
const CHUNK = 64 * 1024;

function fillerBlock(id) {
	const r = createPrng(hash32(id));
	const block = Buffer.alloc(CHUNK);
	for (let i = 0; i < CHUNK; i += 4) block.writeUInt32LE(Math.floor(r.next() * 4294967296), i);
	return block;
}

// Yields the body's chunks; `size` bytes in all.
function* contentChunks(id, kind, size) {
	const total = Math.max(size, kind.magic.length);
	const block = fillerBlock(id);
	for (let offset = 0, n = 0; offset < total; offset += CHUNK, n++) {
		const chunk = Buffer.from(block.subarray(0, Math.min(CHUNK, total - offset)));
		if (chunk.length >= 36) chunk.writeUInt32BE(n >>> 0, 32);
		if (n === 0) kind.magic.copy(chunk, 0);
		yield chunk;
	}
}

const contentFor = (id, kind, size) => Buffer.concat([...contentChunks(id, kind, size)]);

// SHA-256 (hex) of a body, computed the same way it is served: lets a test check a large download.
function contentSha256(id, kind, size) {
	const hash = createHash('sha256');
	for (const chunk of contentChunks(id, kind, size)) hash.update(chunk);
	return hash.digest('hex');
}

const DL_RE = /^\/downloads\/(recordings|compositions)\/([0-9a-f-]{36})\.([a-z0-9]+)$/i;

// Returns { status, headers, body } for GET/HEAD /downloads/...; a file's body is a stream.
function serveDownload(sb, path) {
	const m = DL_RE.exec(path);
	const notFound = { status: 404, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>' };
	if (!m) return notFound;
	const [, collection, id, ext] = m;
	const rec = (collection === 'recordings' ? sb.store.recordings : sb.store.compositions).get(id);
	if (!rec || rec.status !== 'completed') return notFound;
	const kind = collection === 'compositions' ? KINDS.composition : KINDS[rec.type] || KINDS.audio;
	if (ext !== kind.ext) return notFound;
	const size = Math.max(sb.config.downloadBytes, kind.magic.length);
	return {
		status: 200,
		headers: {
			'content-type': kind.type,
			'content-length': String(size),
			'content-disposition': `attachment; filename="${id}.${kind.ext}"`,
			etag: `"${hash32(id).toString(16)}"`,
		},
		body: Readable.from(contentChunks(id, kind, size), { objectMode: false }),
	};
}

// The body the sandbox serves for a completed recording or composition, without serving it.
function expectedDownload(sb, collection, id) {
	const rec = (collection === 'recordings' ? sb.store.recordings : sb.store.compositions).get(id);
	const kind = collection === 'compositions' ? KINDS.composition : KINDS[rec && rec.type] || KINDS.audio;
	const size = Math.max(sb.config.downloadBytes, kind.magic.length);
	return { size, sha256: contentSha256(id, kind, size), kind };
}

module.exports = { downloadUrl, serveDownload, contentFor, contentChunks, contentSha256, expectedDownload, KINDS };
