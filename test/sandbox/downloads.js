'use strict';
// Download URLs point at the sandbox itself. Real download URLs are presigned storage
// URLs, so no Authorization is needed (the request log shows whether one was sent anyway).
// Content types chosen: audio recordings Opus in Ogg (audio/ogg, .ogg), video recordings
// VP8 in WebM (video/webm, .webm), compositions MP4 (video/mp4, .mp4).
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

// Same id -> same bytes, every time: magic header then seeded filler.
function contentFor(id, kind, size) {
	const buf = Buffer.alloc(Math.max(size, kind.magic.length));
	kind.magic.copy(buf, 0);
	const r = createPrng(hash32(id));
	for (let i = kind.magic.length; i < buf.length; i++) buf[i] = (r.next() * 256) | 0;
	return buf;
}

const DL_RE = /^\/downloads\/(recordings|compositions)\/([0-9a-f-]{36})\.([a-z0-9]+)$/i;

// Returns { status, headers, body } for GET/HEAD /downloads/...
function serveDownload(sb, path) {
	const m = DL_RE.exec(path);
	const notFound = { status: 404, headers: { 'content-type': 'application/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>' };
	if (!m) return notFound;
	const [, collection, id, ext] = m;
	const rec = (collection === 'recordings' ? sb.store.recordings : sb.store.compositions).get(id);
	if (!rec || rec.status !== 'completed') return notFound;
	const kind = collection === 'compositions' ? KINDS.composition : KINDS[rec.type] || KINDS.audio;
	if (ext !== kind.ext) return notFound;
	const body = contentFor(id, kind, sb.config.downloadBytes);
	return {
		status: 200,
		headers: {
			'content-type': kind.type,
			'content-length': String(body.length),
			'content-disposition': `attachment; filename="${id}.${kind.ext}"`,
			etag: `"${hash32(id).toString(16)}"`,
		},
		body,
	};
}

module.exports = { downloadUrl, serveDownload, contentFor, KINDS };
