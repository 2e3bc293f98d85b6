'use strict';
// Deterministic, realistic seed data. Dates are spread over a window (default the 365 days
// from 2024-01-01) so date filters select proper subsets. 10,000 recordings take a few ms.
const { iso } = require('./time');
const { downloadUrl } = require('./downloads');

const CONTEXTS = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin', 'Frank', 'Grace', 'Heidi', 'Ivan', 'Judy', 'Mallory', 'Niaj', 'Olivia', 'Peggy', 'Rupert', 'Sybil', 'Trent', 'Victor', 'Walter'];
const ROOM_WORDS = ['standup', 'support', 'sales-demo', 'townhall', 'onboarding', 'interview', 'retro', 'webinar', 'classroom', 'clinic'];
const USER_ID = '12a04ec9-0f91-4a91-9f3a-a19d9931182e'; // the (fake) account owning compositions
const SEC = 1000;
const DAY = 86400 * SEC;
const round2 = (n) => Math.round(n * 100) / 100;

function seedStore(sb, opts = {}) {
	const { store, prng } = sb;
	const o = {
		rooms: 0, sessionsPerRoom: 0, participantsPerSession: 0, recordings: 0, compositions: 0,
		startDate: '2024-01-01', days: 365, webhookEventUrl: undefined, ...opts,
	};
	const ids = { rooms: [], sessions: [], participants: [], recordings: [], compositions: [] };
	const start = Date.parse(`${o.startDate}T00:00:00Z`);
	const span = o.days * DAY;

	// --- rooms, their sessions and participants ---------------------------------------
	const addRooms = (nRooms, nSessions, nParticipants) => {
		for (let i = 0; i < nRooms; i++) {
			const window = span / nRooms;
			const created = start + window * (i + prng.next() * 0.2);
			const seq = ++sb.counters.room;
			const room = {
				id: prng.uuid(),
				unique_name: `${prng.pick(ROOM_WORDS)}-${String(seq).padStart(4, '0')}`,
				max_participants: prng.pick([2, 4, 6, 10, 10, 20, 50]),
				enable_recording: prng.chance(0.5),
				active_session_id: null,
				created_at: iso(created),
				updated_at: iso(created + prng.int(0, 3600) * SEC),
				webhook_event_url: o.webhookEventUrl,
				webhook_event_failover_url: null,
				webhook_timeout_secs: null,
				record_type: 'room',
			};
			store.rooms.set(room.id, room);
			ids.rooms.push(room.id);
			for (let j = 0; j < nSessions; j++) {
				// every second room keeps its last session active
				const active = j === nSessions - 1 && seq % 2 === 1;
				const sCreated = created + window * 0.8 * ((j + prng.next() * 0.5) / nSessions) + hourOffset(prng);
				const dur = prng.int(120, 7200) * SEC;
				const sEnded = active ? null : sCreated + dur;
				const session = {
					id: prng.uuid(), room_id: room.id, active,
					created_at: iso(sCreated), updated_at: iso(active ? sCreated + 5 * SEC : sEnded),
					ended_at: active ? null : iso(sEnded), record_type: 'room_session',
				};
				store.sessions.set(session.id, session);
				ids.sessions.push(session.id);
				if (active) room.active_session_id = session.id;
				for (let k = 0; k < nParticipants; k++) {
					const joined = sCreated + prng.int(1, 120) * SEC + prng.next();
					const present = active && k === nParticipants - 1;
					const left = present ? null : joined + prng.next() * ((sEnded || sCreated + dur) - joined);
					const p = {
						id: prng.uuid(), session_id: session.id,
						context: CONTEXTS[(seq + j + k) % CONTEXTS.length],
						joined_at: iso(joined), left_at: left === null ? null : iso(left),
						updated_at: iso(left === null ? joined : left), record_type: 'room_participant',
					};
					store.participants.set(p.id, p);
					ids.participants.push(p.id);
				}
			}
		}
	};
	addRooms(o.rooms, o.sessionsPerRoom, o.participantsPerSession);

	// Recordings and compositions hang off existing participants/sessions; when there are
	// none, one room with one session and two participants is created for them.
	if ((o.recordings > 0 && store.participants.size === 0) || (o.compositions > 0 && store.sessions.size === 0)) {
		addRooms(1, 1, 2);
	}

	// --- recordings: spread evenly over the window (independent of their session's date,
	// so that 10,000 recordings over a handful of sessions still slice well by date) -------
	if (o.recordings > 0) {
		const pool = ids.participants.length ? ids.participants : [...store.participants.keys()];
		for (let i = 0; i < o.recordings; i++) {
			const p = store.participants.get(pool[i % pool.length]);
			const session = store.sessions.get(p.session_id);
			const type = prng.chance(0.5) ? 'audio' : 'video';
			const started = start + span * ((i + prng.next()) / o.recordings);
			const dur = prng.int(5, 3600);
			const ended = started + dur * SEC;
			const completed = prng.chance(0.9);
			const completedAt = completed ? ended + prng.int(5, 120) * SEC + prng.next() : null;
			const id = prng.uuid();
			const rec = {
				id, room_id: session ? session.room_id : null, session_id: p.session_id, participant_id: p.id,
				status: completed ? 'completed' : 'processing', type,
				codec: type === 'audio' ? 'opus' : prng.pick(['vp8', 'vp8', 'h264']),
				duration_secs: dur,
				size_mb: round2(dur * (type === 'audio' ? 0.012 : 0.09) * (0.8 + prng.next() * 0.4)),
				download_url: completed ? downloadUrl(sb.url, 'recordings', id, type) : null,
				created_at: iso(started), updated_at: iso(completedAt || ended),
				started_at: iso(started), ended_at: iso(ended),
				completed_at: completedAt ? iso(completedAt) : null,
				record_type: 'room_recording',
			};
			store.recordings.set(id, rec);
			ids.recordings.push(id);
		}
	}

	// --- compositions of (preferably ended) sessions ------------------------------------
	if (o.compositions > 0) {
		let pool = (ids.sessions.length ? ids.sessions : [...store.sessions.keys()]);
		const ended = pool.filter((id) => !store.sessions.get(id).active);
		if (ended.length) pool = ended;
		for (let i = 0; i < o.compositions; i++) {
			const s = store.sessions.get(pool[i % pool.length]);
			const sEnd = Date.parse(s.ended_at || s.updated_at);
			const created = sEnd + prng.int(60, 3600) * SEC + prng.next();
			const r = prng.next();
			const status = r < 0.7 ? 'completed' : r < 0.85 ? 'processing' : 'enqueued';
			const dur = Math.max(1, Math.round((sEnd - Date.parse(s.created_at)) / SEC));
			const started = created + prng.int(2, 30) * SEC;
			const done = started + prng.int(30, 600) * SEC;
			const id = prng.uuid();
			const c = {
				id, room_id: s.room_id, session_id: s.id, user_id: USER_ID, status,
				format: 'mp4', resolution: '1280x720',
				video_layout: { first: { x_pos: 0, y_pos: 0, z_pos: 0, width: 1280, height: 720, video_sources: ['*'] } },
				duration_secs: status === 'completed' ? dur : null,
				size_mb: status === 'completed' ? round2(dur * 0.15) : null,
				download_url: status === 'completed' ? downloadUrl(sb.url, 'compositions', id) : null,
				created_at: iso(created), updated_at: iso(status === 'completed' ? done : created),
				started_at: status === 'enqueued' ? null : iso(started),
				ended_at: status === 'completed' ? iso(done - SEC) : null,
				completed_at: status === 'completed' ? iso(done) : null,
				webhook_event_url: o.webhookEventUrl, webhook_event_failover_url: null, webhook_timeout_secs: null,
				record_type: 'composition',
			};
			store.compositions.set(id, c);
			ids.compositions.push(id);
		}
	}
	return ids;
}

// Sessions start at working hours-ish offsets, not all at midnight.
function hourOffset(prng) { return prng.int(7, 18) * 3600 * SEC + prng.int(0, 3599) * SEC; }

module.exports = { seedStore, USER_ID, CONTEXTS };
