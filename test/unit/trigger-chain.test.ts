/**
 * The hand-back chain a room's URL carries (nodes/TelnyxVideoTrigger/chain.ts), as pure functions.
 */
import { formatChain, isN8nWebhookUrl, parseChain, release, subscribe } from '../../nodes/TelnyxVideoTrigger/chain';
import type { Holder } from '../../nodes/TelnyxVideoTrigger/chain';

const A_ID = '5b1f0c4e-7d0a-4a55-9d8e-2f6b3c1a9e01';
const B_ID = '7d3c1b2a-9e8f-4a6b-8c5d-1e2f3a4b5c6d';
const A: Holder = { url: `https://n8n.example.com/webhook/${A_ID}/webhook`, webhookId: A_ID, test: false };
const A_TEST: Holder = { url: `https://n8n.example.com/webhook-test/${A_ID}/webhook`, webhookId: A_ID, test: true };
const B: Holder = { url: `https://n8n.example.com/webhook/${B_ID}/webhook`, webhookId: B_ID, test: false };

describe('parseChain / formatChain', () => {
	it.each([
		'https://crm.example.com/hook?token=a%26b&x=1#frag',
		'https://crm.example.com/hööks/ä?q=ü',
		'https://crm.example.com/hook?previous=https%3A%2F%2Fevil.example.com&via=x',
	])('round-trips a previous URL exactly: %s', (previous) => {
		const url = formatChain({ hops: [A], previous, released: false }) as string;
		expect(parseChain(url)).toEqual({ hops: [A], previous, released: false });
	});

	it('reads a URL of no trigger as the previous URL itself, and no URL as none', () => {
		expect(parseChain('https://crm.example.com/hook')).toEqual({ hops: [], previous: 'https://crm.example.com/hook', released: false });
		expect(parseChain(null)).toEqual({ hops: [], previous: null, released: false });
	});

	it('tells n8n webhook URLs from others', () => {
		expect(isN8nWebhookUrl(A.url)).toBe(true);
		expect(isN8nWebhookUrl(`https://x.example.com/webhook-test/${B_ID}`)).toBe(true);
		expect(isN8nWebhookUrl('https://crm.example.com/webhook/telnyx')).toBe(false);
		expect(isN8nWebhookUrl(null)).toBe(false);
	});
});

describe('subscribe / release', () => {
	it('never records one of its own URLs as the previous URL', () => {
		const leftover = formatChain({ hops: [A_TEST], previous: 'https://crm.example.com/hook', released: false });
		const again = subscribe(leftover, A_TEST, false);
		expect(again.kind === 'set' || again.kind === 'unchanged').toBe(true);
		const production = subscribe(leftover, A, false);
		expect(production).toMatchObject({ kind: 'set', chain: { hops: [A], previous: 'https://crm.example.com/hook' } });
	});

	it('drops test URLs buried under the holder', () => {
		const held = formatChain({ hops: [A_TEST, A], previous: null, released: false });
		expect(subscribe(held, B, true)).toMatchObject({ kind: 'set', chain: { hops: [B, A] } });
	});

	it('a released room is free for anyone and stays released when let go again', () => {
		const released = `${A.url}?released=1`;
		expect(subscribe(released, B, false)).toMatchObject({ kind: 'set', url: B.url });
		expect(release(released, A)).toEqual({ kind: 'unchanged' });
	});
});
