import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/shared/settings';

export class TelnyxVideoApi implements ICredentialType {
	name = 'telnyxVideoApi';

	displayName = 'Telnyx Video API';

	icon: Icon = { light: 'file:../icons/telnyx.svg', dark: 'file:../icons/telnyx.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-telnyx-video/n8n-nodes-telnyx-video#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'An API v2 key from the Telnyx Mission Control portal, under Auth → API Keys',
		},
		{
			displayName: 'Public Key',
			name: 'publicKey',
			type: 'string',
			default: '',
			placeholder: 'e.g. 0hv0uT5x6pP9zXfR6u7s0X0TgqzS7n2hVv8oQ6a1x8E=',
			description:
				'Your account’s webhook public key (base64), from Mission Control under Keys & Credentials → Public Key. The Telnyx Video Trigger uses it to check that events really come from Telnyx.',
		},
		{
			displayName:
				'No public key yet: the Telnyx Video Trigger needs it to check that events come from Telnyx, and will not activate without it. Copy it from Mission Control → Keys & Credentials → Public Key. The action node and the Poll Trigger work without it.',
			name: 'publicKeyMissingNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { publicKey: [''] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description: 'Change only to go through a proxy or a local test server',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.apiKey}}' },
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: `={{($credentials.baseUrl || "${DEFAULT_BASE_URL}").replace(/\\/+$/, "")}}`,
			url: '/rooms',
			qs: { 'page[size]': 1 },
		},
		// What to check, instead of n8n's bare "Unauthorized" / "Not Found".
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Telnyx rejected the API key. Paste an API v2 key from Mission Control → Auth → API Keys (it starts with KEY), without spaces, and check Base URL.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The API key is valid but may not use Video rooms. Check the key’s permissions in Mission Control.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message: `Nothing answers at Base URL + /rooms. Leave Base URL at ${DEFAULT_BASE_URL} unless you use a proxy.`,
				},
			},
		],
	};
}
