/** The poll cursor's pure rules: window, pruning, the floor, and what a stored value must look like. */
import { addDays, advance, newCursor, readCursor, seenIds, windowStart } from '../../nodes/TelnyxVideoPollTrigger/cursor';

const at = (iso: string) => Date.parse(iso);

test('a new cursor starts at the activation (or backfill) day; the window reaches back the lookback', () => {
	const cursor = newCursor('k', at('2026-03-10T12:00:00Z'), at('2026-03-10T12:00:00Z'));
	expect(cursor).toMatchObject({ day: '2026-03-10', floor: '', from: '2026-03-10T12:00:00.000Z', seen: {} });
	expect(windowStart(cursor, 1)).toBe('2026-03-09');
	expect(windowStart(newCursor('k', at('2026-02-01T00:00:00Z'), at('2026-03-10T12:00:00Z')), 2)).toBe('2026-01-30');
	expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
});

test('advance: IDs kept by their date field, days that left the window dropped, the floor never goes back', () => {
	let cursor = newCursor('k', at('2026-03-10T12:00:00Z'), at('2026-03-10T12:00:00Z'));
	const since = windowStart(cursor, 1);
	cursor = advance(cursor, [
		{ id: 'a', date: '2026-03-09T23:59:59.999999Z' },
		{ id: 'b', date: '2026-03-10T08:00:00Z' },
		{ id: 'old', date: '2026-02-01T00:00:00Z' }, // listed although older than asked: kept with the window's first day
		{ id: 'undated', date: undefined },
	], since, at('2026-03-10T12:01:00Z'), 1);
	expect(cursor.seen).toEqual({ '2026-03-09': ['a', 'old'], '2026-03-10': ['b', 'undated'] });
	expect(cursor.floor).toBe('2026-03-09');
	// Two days later (lookback 1): only the 11th and later can still be listed.
	cursor = advance(cursor, [{ id: 'c', date: '2026-03-12T01:00:00Z' }], windowStart(cursor, 1), at('2026-03-12T01:05:00Z'), 1);
	expect(cursor).toMatchObject({ day: '2026-03-12', floor: '2026-03-11', seen: { '2026-03-12': ['c'] } });
	// A longer lookback later: the window stops at the floor, where the IDs are still known.
	expect(windowStart(cursor, 7)).toBe('2026-03-11');
	expect([...seenIds(cursor)]).toEqual(['c']);
	// A clock that jumps back does not move the day back.
	expect(advance(cursor, [], '2026-03-11', at('2026-03-01T00:00:00Z'), 1).day).toBe('2026-03-12');
});

test('readCursor accepts only a well-formed cursor of the same configuration', () => {
	const good = newCursor('k', at('2026-03-10T12:00:00Z'), at('2026-03-10T12:00:00Z'));
	expect(readCursor(JSON.parse(JSON.stringify(good)), 'k')).toEqual(good);
	expect(readCursor(good, 'other')).toBeUndefined();
	expect(readCursor({ ...good, version: 0 }, 'k')).toBeUndefined();
	expect(readCursor({ ...good, day: '10/03/2026' }, 'k')).toBeUndefined();
	expect(readCursor({ ...good, from: 'soon' }, 'k')).toBeUndefined();
	expect(readCursor(null, 'k')).toBeUndefined();
	expect(readCursor({ ...good, seen: { '2026-03-10': ['x', 1], nonsense: ['y'] }, floor: 7 }, 'k')).toMatchObject({
		seen: { '2026-03-10': ['x', '1'] },
		floor: '',
	});
});
