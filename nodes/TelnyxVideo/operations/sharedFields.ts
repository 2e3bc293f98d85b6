import type { Field } from '../model';

/** The three webhook settings rooms and compositions share. */
export function webhookFields(events: string): Field[] {
	return [
		{
			name: 'webhookEventUrl',
			displayName: 'Webhook Event URL',
			wire: 'webhook_event_url',
			kind: 'url',
			placeholder: 'e.g. https://example.com/telnyx/video',
			description: `Where Telnyx sends ${events} (must include http:// or https://)`,
		},
		{
			name: 'webhookEventFailoverUrl',
			displayName: 'Webhook Event Failover URL',
			wire: 'webhook_event_failover_url',
			kind: 'url',
			nullable: true,
			placeholder: 'e.g. https://backup.example.com/telnyx/video',
			description: 'Where Telnyx sends events when the main webhook URL fails',
		},
		{
			name: 'webhookTimeoutSecs',
			displayName: 'Webhook Timeout (Seconds)',
			wire: 'webhook_timeout_secs',
			kind: 'integer',
			min: 0,
			max: 30,
			startsEmpty: true,
			nullable: true,
			placeholder: 'e.g. 10',
			description: 'How long Telnyx waits for the webhook URL to answer (0–30 seconds)',
		},
	];
}

export const tokenTtl: Field = {
	name: 'tokenTtlSecs',
	displayName: 'Token TTL (Seconds)',
	wire: 'token_ttl_secs',
	kind: 'integer',
	min: 10,
	max: 3600,
	default: 600,
	description: 'How long the client token is valid (10–3600 seconds)',
};
