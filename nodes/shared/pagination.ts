/**
 * Reading lists: one page checked for what it claims, a count of what the filters select, and
 * Return All that reads a list whole while it changes (overlapping reads), or a Limit's pages.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { mapWithConcurrency } from './concurrency';
import type { TelnyxContext, TelnyxRequest, TransportSettings } from './send';
import { DEFAULT_TRANSPORT, telnyxRequest } from './send';
import { MAX_PAGE_SIZE } from './settings';

/** Far beyond any real account (250 × 100,000 records); a larger count is a broken response. */
const MAX_SANE_PAGES = 100_000;

interface Page {
	records: IDataObject[];
	totalPages: number;
	totalResults?: number;
}

function readPage(ctx: TelnyxContext, request: TelnyxRequest, body: IDataObject | undefined, itemIndex?: number): Page {
	const data = body?.data;
	const meta = (body?.meta ?? {}) as IDataObject;
	const totalPages = Number(meta.total_pages);
	const totalResults = meta.total_results === undefined ? undefined : Number(meta.total_results);
	const broken = (reason: string) =>
		new NodeApiError(
			ctx.getNode(),
			{ request: `${request.method} ${request.path}` },
			{
				message: `Telnyx returned an unusable list page: ${reason}`,
				description: 'The list was not returned, so that no record is lost silently. Try again; if it persists, report it to Telnyx.',
				itemIndex,
			},
		);
	if (!Array.isArray(data)) throw broken('no "data" array');
	if (!Number.isInteger(totalPages) || totalPages < 0 || totalPages > MAX_SANE_PAGES) {
		throw broken(`meta.total_pages is ${JSON.stringify(meta.total_pages)}`);
	}
	if (totalResults !== undefined && (!Number.isInteger(totalResults) || totalResults < 0)) {
		throw broken(`meta.total_results is ${JSON.stringify(meta.total_results)}`);
	}
	return { records: data as IDataObject[], totalPages, totalResults };
}

/** Total of a list from one `page[size]=1` read: how many records the filters select right now. */
export async function countRecords(
	this: TelnyxContext,
	request: TelnyxRequest,
	settings: Partial<TransportSettings> = {},
): Promise<number> {
	const qs = { ...request.qs, 'page[number]': 1, 'page[size]': 1 };
	const page = readPage(this, request, await telnyxRequest.call(this, { ...request, qs }, settings), settings.itemIndex);
	if (page.totalResults === undefined) {
		throw new NodeApiError(
			this.getNode(),
			{ request: `${request.method} ${request.path}` },
			{
				message: 'Telnyx did not say how many records match (no meta.total_results)',
				description: 'The count is needed to check the operation, so nothing was changed. Try again; if it persists, report it to Telnyx.',
				itemIndex: settings.itemIndex,
			},
		);
	}
	return page.totalResults;
}

/**
 * One read of a list: the records at positions [offset, offset + size) at the moment it is served.
 * Telnyx pages by number, so a read can only start at a multiple of its size.
 */
interface Window {
	offset: number;
	size: number;
}

/** Consecutive reads overlap by at least this many positions, so a list that moved by fewer is still read whole. */
const MIN_OVERLAP = 16;
const MAX_OVERLAP = 48;
/** Smaller reads would mean too many requests just to line up with the previous one. */
const MIN_WINDOW_SIZE = 100;

/** The read that starts in [from, to] and reaches furthest. */
function windowStartingIn(from: number, to: number): Window {
	if (from <= 0) return { offset: 0, size: MAX_PAGE_SIZE };
	let best: Window | undefined;
	for (let size = MAX_PAGE_SIZE; size >= MIN_WINDOW_SIZE; size--) {
		const offset = Math.floor(to / size) * size;
		if (offset >= from && (!best || offset + size > best.offset + best.size)) best = { offset, size };
	}
	return best ?? windowStartingIn(from - MAX_OVERLAP, to);
}

interface WindowRead extends Window {
	records: IDataObject[];
	totalResults?: number;
}

function listChanged(ctx: TelnyxContext, request: TelnyxRequest, reads: number, itemIndex?: number): NodeApiError {
	return new NodeApiError(
		ctx.getNode(),
		{ request: `${request.method} ${request.path}` },
		{
			message: `Could not read the whole list: it changed faster than it could be read (${reads} requests)`,
			description:
				'Nothing was returned, so that no record is lost silently. Run the node again when the account is less busy, or narrow the filters.',
			itemIndex,
		},
	);
}

/**
 * Return All on a list that may change while it is read (records added or removed between two
 * page reads move every record after them). Reads overlap: each must contain a record already
 * taken, so it continues the list exactly where the records taken so far end, whatever moved in
 * between. Records keep their relative order (creation order), so a record that existed for the
 * whole read lies either among those taken or after that shared record, inside the new read or
 * after it; a read shorter than its size ends the list. New records may or may not appear; each
 * record appears once, in API order. Reads are planned ahead and fetched concurrently; one that
 * does not line up (the list moved further than the overlap) is planned again with more overlap.
 */
async function readWholeList(
	ctx: TelnyxContext,
	request: TelnyxRequest,
	transport: Partial<TransportSettings>,
	pageConcurrency: number,
): Promise<IDataObject[]> {
	let reads = 0;
	const fetchWindow = async (window: Window): Promise<WindowRead> => {
		reads++;
		const qs = { ...request.qs, 'page[number]': window.offset / window.size + 1, 'page[size]': window.size };
		const body = await telnyxRequest.call(ctx, { ...request, qs }, transport);
		const page = readPage(ctx, request, body, transport.itemIndex);
		return { ...window, records: page.records, totalResults: page.totalResults ?? page.totalPages * window.size };
	};
	const taken: IDataObject[] = [];
	const takenIds = new Set<unknown>();
	const take = (records: IDataObject[]) => {
		for (const record of records) {
			const id = record?.id;
			if (id !== undefined && takenIds.has(id)) continue;
			if (id !== undefined) takenIds.add(id);
			taken.push(record);
		}
	};

	const first = await fetchWindow({ offset: 0, size: MAX_PAGE_SIZE });
	take(first.records);
	if (first.records.length < first.size) return taken;
	/** Where the last record taken stood when it was read: the next read must start before it. */
	let end = first.offset + first.records.length;
	/** The list's total when `end` was seen: if it shrank since, `end` has moved left by about as much. */
	let endTotal = first.totalResults ?? end;
	let expected = endTotal;
	let overlap = { min: MIN_OVERLAP, max: MAX_OVERLAP };
	let repairing = false;
	// Bounded by the size the list had at the start: a list growing faster than it can be read fails.
	const readBudget = 4 * Math.ceil(expected / MIN_WINDOW_SIZE) + 20;
	const batchSize = Math.max(32, pageConcurrency * 4);

	for (;;) {
		// While lining up again, one read at a time: each read of a busy list lets it move further.
		const plan: Window[] = [];
		const planned = repairing ? 1 : batchSize;
		for (let from = end; plan.length === 0 || (from < expected && plan.length < planned); ) {
			const window = windowStartingIn(from - overlap.max, from - overlap.min);
			plan.push(window);
			from = window.offset + window.size;
		}
		if (reads + plan.length > readBudget) throw listChanged(ctx, request, reads, transport.itemIndex);
		const results = await mapWithConcurrency(plan, pageConcurrency, fetchWindow);

		let lined = true;
		let smallestTotal = Infinity;
		for (const read of results) {
			const total = read.totalResults ?? 0;
			expected = Math.max(expected, total);
			smallestTotal = Math.min(smallestTotal, total);
			// The last record of this read that was already taken: the read continues from there.
			let shared = -1;
			for (let i = read.records.length - 1; i >= 0 && shared < 0; i--) {
				if (takenIds.has(read.records[i]?.id)) shared = i;
			}
			if (shared < 0 && read.offset === 0 && read.records.length < read.size) {
				// The whole list, read at once: nothing taken is left in it (all deleted meanwhile).
				take(read.records);
				return taken;
			}
			if (shared < 0) {
				// Nothing in it was taken yet, so it lies after the last record taken: that one now stands before it.
				lined = false;
				end = Math.min(end, read.offset);
				break;
			}
			take(read.records.slice(shared + 1));
			const lastTaken = taken[taken.length - 1]?.id;
			const lastIndex = read.records.findIndex((record) => record?.id === lastTaken);
			if (lastIndex >= 0) {
				end = read.offset + lastIndex + 1;
				endTotal = total;
			}
			if (read.records.length < read.size) return taken;
		}
		repairing = !lined;
		if (!lined) {
			// The list moved further than the overlap: look again from where the last record taken
			// should be now (left by as much as the list shrank), with more overlap.
			end = Math.max(1, end - Math.max(0, endTotal - smallestTotal));
			endTotal = Math.min(endTotal, smallestTotal);
			overlap = { min: Math.min(overlap.min * 2, MAX_PAGE_SIZE / 2), max: Math.min(overlap.max * 2, MAX_PAGE_SIZE) };
		}
	}
}

/**
 * Fetches a list and returns the records in API order, each once. With `limit`, only the pages
 * needed are asked for (page 1 first, then the rest concurrently). Return All reads the whole
 * list even while it changes (see `readWholeList`), or throws rather than return a silently
 * incomplete list.
 */
export async function requestAllPages(
	this: TelnyxContext,
	request: TelnyxRequest,
	settings: Partial<TransportSettings> & { limit?: number } = {},
): Promise<IDataObject[]> {
	const { limit, ...transport } = settings;
	const pageConcurrency = Math.max(1, transport.pageConcurrency ?? DEFAULT_TRANSPORT.pageConcurrency);
	if (limit === undefined) return await readWholeList(this, request, transport, pageConcurrency);

	const pageSize = Math.max(1, Math.min(MAX_PAGE_SIZE, limit));
	const fetchPage = async (number: number) => {
		const qs = { ...request.qs, 'page[number]': number, 'page[size]': pageSize };
		const body = await telnyxRequest.call(this, { ...request, qs }, transport);
		return readPage(this, request, body, transport.itemIndex);
	};
	const first = await fetchPage(1);
	const wanted = Math.min(first.totalPages, Math.ceil(limit / pageSize));
	const rest = await mapWithConcurrency(
		Array.from({ length: Math.max(0, wanted - 1) }, (_, i) => i + 2),
		pageConcurrency,
		fetchPage,
	);
	const seen = new Set<unknown>();
	const records: IDataObject[] = [];
	for (const page of [first, ...rest]) {
		for (const record of page.records) {
			const id = record?.id;
			if (id !== undefined && seen.has(id)) continue;
			if (id !== undefined) seen.add(id);
			records.push(record);
		}
	}
	return records.slice(0, limit);
}
