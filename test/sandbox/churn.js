'use strict';
// A busy account: after every list read, records of the listed collection are added and removed,
// so the next page is read from a list that has moved. Seeded, so a failing run reproduces.
//
//   sb.configure({ listChurn: { inserts: 2, deletes: 1.5, insertAt: 'head', deleteAt: 'anywhere', seed: 7 } })
//
// `inserts` / `deletes` are per list read; a fraction is a probability for one more (0.5 = every
// second read). `insertAt`: 'head' | 'tail' | 'both' (a newest-first or oldest-first list);
// `deleteAt`: 'head' | 'tail' | 'both' | 'anywhere'. New records copy a random existing one (so they
// match the same filters) under a new id. Every change is logged in `sb.churnLog`
// ({ read, path, inserted: [ids], insertedAtHead: [ids], deleted: [ids] }, in order), so a test knows which
// records existed throughout and where new ones went.
const { createPrng } = require('./prng');

const COLLECTION_BY_OPERATION = {
	ListRooms: 'rooms',
	ListRoomSessions: 'sessions',
	RetrieveListRoomSessions: 'sessions',
	ListRoomParticipants: 'participants',
	RetrieveListRoomParticipants: 'participants',
	ListRoomRecordings: 'recordings',
	ListRoomCompositions: 'compositions',
};
const PLACES = { insertAt: ['head', 'tail', 'both'], deleteAt: ['head', 'tail', 'both', 'anywhere'] };

function createChurn(opts) {
	const o = { inserts: 0, deletes: 0, insertAt: 'tail', deleteAt: 'anywhere', seed: 1, ...opts };
	for (const [key, allowed] of Object.entries(PLACES)) {
		if (!allowed.includes(o[key])) throw new Error(`listChurn.${key} must be one of ${allowed.join(', ')}`);
	}
	// Its own stream: the seed data's ids come from createPrng(seed) too, and must not repeat.
	const prng = createPrng((o.seed ^ 0x63687572) >>> 0);
	const howMany = (rate) => Math.floor(rate) + (prng.next() < rate % 1 ? 1 : 0);
	let reads = 0;

	/** Called after a list read was answered; changes the collection it listed. */
	return function afterListRead(sb, operationId, path) {
		const name = COLLECTION_BY_OPERATION[operationId];
		if (!name) return;
		reads++;
		const map = sb.store[name];
		const inserted = [];
		const insertedAtHead = [];
		const deleted = [];
		for (let n = howMany(o.deletes); n > 0 && map.size > 0; n--) {
			const list = map.list();
			const place = o.deleteAt === 'both' ? prng.pick(['head', 'tail']) : o.deleteAt;
			const victim = place === 'head' ? list[0] : place === 'tail' ? list[list.length - 1] : prng.pick(list);
			map.delete(victim.id);
			deleted.push(victim.id);
		}
		const head = [];
		for (let n = howMany(o.inserts); n > 0 && map.size > 0; n--) {
			let id = prng.uuid();
			while (map.has(id)) id = prng.uuid();
			const copy = { ...prng.pick(map.list()), id };
			const place = o.insertAt === 'both' ? prng.pick(['head', 'tail']) : o.insertAt;
			if (place === 'tail') map.set(copy.id, copy);
			else {
				insertedAtHead.push(copy.id);
				head.unshift(copy); // each one goes before the ones inserted before it
			}
			inserted.push(copy.id);
		}
		if (head.length) {
			const old = [...map.entries()];
			map.clear();
			for (const record of head) map.set(record.id, record);
			for (const [id, record] of old) map.set(id, record);
		}
		if (inserted.length || deleted.length) sb.churnLog.push({ read: reads, path, inserted, insertedAtHead, deleted });
	};
}

module.exports = { createChurn, COLLECTION_BY_OPERATION };
