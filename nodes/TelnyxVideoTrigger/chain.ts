/**
 * Who holds a room, and to whom it goes back, written into the room's own webhook URL.
 *
 * n8n saves no static data for a test listen and saves production static data only after
 * activation succeeds, and a kill -9 loses whatever was in memory. The room's URL is the one
 * record that survives all of that, so the trigger sets
 *
 *   <holder URL>?via=<URL>&via=<URL>&previous=<URL>      (values URL-encoded)
 *
 * - holder: the trigger URL that receives the room's events now;
 * - via: production URLs of other trigger workflows the room was taken over from, nearest first;
 * - previous: the URL the room had before any trigger workflow; absent when it had none.
 * n8n routes webhooks by path and ignores the query string, so deliveries still reach the holder.
 *
 * Telnyx cannot clear a room's URL (webhook_event_url is a non-nullable URI), so a room that had
 * none is left on `<last holder URL>?released=1` when the last trigger lets go; deliveries that
 * carry `released` are acknowledged and ignored, and the next activation treats the room as free.
 */
import { UUID_PATTERN } from '../shared/ids';

/** Beyond this a chain refuses to grow; common HTTP stacks limit URLs to about 2,000 characters. */
export const MAX_URL_LENGTH = 2000;

const VIA = 'via';
const PREVIOUS = 'previous';
export const RELEASED = 'released';

const UUID = UUID_PATTERN.slice(1, -1);
/** `…/<endpoint>/<webhookId>/webhook`: a Telnyx Video Trigger URL, from any n8n. */
const TRIGGER_PATH = new RegExp(`/([^/]+)/(${UUID})/webhook/?$`, 'i');
/** `…/webhook/<uuid>…` or `…/webhook-test/<uuid>…`: any other n8n webhook with a generated path. */
const N8N_WEBHOOK_PATH = new RegExp(`/webhook(-test)?/${UUID}(/|$)`, 'i');

/** One trigger URL (query dropped). */
export interface Hop {
	url: string;
	webhookId: string;
	/** A "listen for test event" URL (n8n's `/webhook-test/` endpoint). */
	test: boolean;
}

export interface Chain {
	/** The holder first, then the `via` hops. Empty when no trigger holds the room. */
	hops: Hop[];
	/** The URL before any trigger; `null` when the room had none. */
	previous: string | null;
	/** The room had no URL and its last trigger let go (`?released=1`). */
	released: boolean;
}

/** The trigger whose rooms are being changed: its URL in the current mode and its webhook ID. */
export interface Holder {
	url: string;
	webhookId: string;
	test: boolean;
}

function splitUrl(url: string): { base: string; query: URLSearchParams } | undefined {
	try {
		const parsed = new URL(url);
		// A copy: `searchParams` is live and would empty with `search` below.
		const query = new URLSearchParams(parsed.search);
		parsed.search = '';
		parsed.hash = '';
		return { base: parsed.toString(), query };
	} catch {
		return undefined;
	}
}

/** The trigger URL `url` points at (query ignored), or `undefined` when it is no trigger's URL. */
export function parseHop(url: string): Hop | undefined {
	const split = splitUrl(url);
	if (!split) return undefined;
	const match = TRIGGER_PATH.exec(new URL(split.base).pathname);
	if (!match) return undefined;
	return { url: split.base, webhookId: match[2].toLowerCase(), test: /test/i.test(match[1]) };
}

/** Whether a URL looks like some n8n workflow's webhook (a trigger's or a Webhook node's). */
export function isN8nWebhookUrl(url: string | null): boolean {
	if (url === null) return false;
	if (parseHop(url)) return true;
	const split = splitUrl(url);
	return Boolean(split && N8N_WEBHOOK_PATH.test(new URL(split.base).pathname));
}

/** Reads the chain a room's current URL carries. A URL of no trigger is itself the previous URL. */
export function parseChain(url: string | null): Chain {
	const holder = url === null ? undefined : parseHop(url);
	if (!holder) return { hops: [], previous: url, released: false };
	const { query } = splitUrl(url as string)!;
	if (query.has(RELEASED)) return { hops: [holder], previous: null, released: true };
	const via = query
		.getAll(VIA)
		.map(parseHop)
		.filter((hop): hop is Hop => hop !== undefined);
	const previous = query.get(PREVIOUS);
	return { hops: [holder, ...via], previous: previous === null || previous === '' ? null : previous, released: false };
}

/**
 * The URL that expresses a chain; `null` when it is "no URL", which Telnyx cannot express
 * (the caller releases the room instead).
 */
export function formatChain(chain: Chain): string | null {
	const [holder, ...via] = chain.hops;
	if (!holder) return chain.previous;
	const query = new URLSearchParams();
	if (chain.released) {
		query.append(RELEASED, '1');
	} else {
		for (const hop of via) query.append(VIA, hop.url);
		if (chain.previous !== null) query.append(PREVIOUS, chain.previous);
	}
	const search = query.toString();
	return search === '' ? holder.url : `${holder.url}?${search}`;
}

function isOwn(hop: Hop, node: Holder): boolean {
	return hop.webhookId === node.webhookId;
}

/**
 * The hops this node gives up when its current mode lets go: in production, every URL of this
 * node (a test URL left over from a listen n8n could not finish included); in a test listen,
 * only its test URLs, so the production URL it took the room from keeps its place.
 */
function isLettingGo(hop: Hop, node: Holder): boolean {
	if (!isOwn(hop, node)) return false;
	return node.test ? hop.test || hop.url === node.url : true;
}

/**
 * A test URL below the holder can only ever be dead weight: a listen that lost the room does not
 * get it back, and one cut off by a crash would hand the room to a dead URL later.
 */
function withoutBuriedTests(hops: Hop[]): Hop[] {
	return hops.filter((hop, index) => index === 0 || !hop.test);
}

export type SubscribeOutcome =
	| { kind: 'unchanged'; chain: Chain }
	| { kind: 'set'; chain: Chain; url: string; repaired?: Hop }
	| { kind: 'foreign'; chain: Chain };

/**
 * The chain after `node` takes the room. Refuses (kind 'foreign') when another n8n workflow holds
 * it, unless `takeOver`; that workflow then stays in the chain so the room goes back to it.
 */
export function subscribe(current: string | null, node: Holder, takeOver: boolean): SubscribeOutcome {
	const chain = parseChain(current);
	const free: Chain = chain.released ? { hops: [], previous: null, released: false } : chain;
	const holder = free.hops[0];
	// Production that is already in the chain (taken over by someone else, or holding it) stays put.
	if (!node.test && free.hops.some((hop) => hop.url === node.url) && !(holder && isOwn(holder, node) && holder.test)) {
		return { kind: 'unchanged', chain };
	}
	const leftover = holder && isOwn(holder, node) && holder.test ? holder : undefined;
	const rest = free.hops.filter((hop) => !isLettingGo(hop, node));
	const next = rest[0];
	const foreign = next ? !isOwn(next, node) : isN8nWebhookUrl(free.previous);
	if (foreign && !takeOver) return { kind: 'foreign', chain };
	const updated: Chain = {
		hops: withoutBuriedTests([{ url: node.url, webhookId: node.webhookId, test: node.test }, ...rest]),
		previous: free.previous,
		released: false,
	};
	const url = formatChain(updated) as string;
	if (url === current) return { kind: 'unchanged', chain: updated };
	return { kind: 'set', chain: updated, url, repaired: leftover };
}

export type ReleaseOutcome =
	| { kind: 'unchanged' }
	| { kind: 'set'; url: string; chain: Chain }
	/** The room had no URL: it stays on `url`, marked released, because Telnyx cannot clear it. */
	| { kind: 'released'; url: string; chain: Chain };

/** The chain after `node` lets go of the room: the next hop takes it, or its previous URL returns. */
export function release(current: string | null, node: Holder): ReleaseOutcome {
	const chain = parseChain(current);
	if (chain.released || !chain.hops.some((hop) => isLettingGo(hop, node))) return { kind: 'unchanged' };
	const hops = withoutBuriedTests(chain.hops.filter((hop) => !isLettingGo(hop, node)));
	if (hops.length === 0 && chain.previous === null) {
		const released: Chain = { hops: [chain.hops[0]], previous: null, released: true };
		return { kind: 'released', url: formatChain(released) as string, chain: released };
	}
	const updated: Chain = { hops, previous: chain.previous, released: false };
	const url = formatChain(updated) as string;
	return url === current ? { kind: 'unchanged' } : { kind: 'set', url, chain: updated };
}

/** The URL that releases a room which had no URL (see the top of this file). */
export function releasedUrl(node: Holder): string {
	return formatChain({ hops: [node], previous: null, released: true }) as string;
}

/** Whether `node` is in the room's chain (holding it, or taken over and due to get it back). */
export function holds(current: string | null, node: Holder): boolean {
	const chain = parseChain(current);
	if (chain.released) return false;
	const holder = chain.hops[0];
	if (node.test) return holder?.url === node.url;
	// This node's own test URL on top is a listen's leftover (or a live listen): activation repairs it.
	if (holder && isOwn(holder, node) && holder.test) return false;
	return chain.hops.some((hop) => hop.url === node.url);
}
