import type { Operation } from '../model';
import { tokenTtl } from './sharedFields';

export const clientTokenOperations: Operation[] = [
	{
		resource: 'clientToken',
		value: 'generate',
		name: 'Generate',
		action: 'Generate a join token for a room',
		description: 'Create a client token (and a refresh token) that lets one participant join the room with the given ID',
		method: 'POST',
		path: '/rooms/{room_id}/actions/generate_join_client_token',
		target: 'room',
		bodyRequired: true,
		body: [
			tokenTtl,
			{
				name: 'refreshTokenTtlSecs',
				displayName: 'Refresh Token TTL (Seconds)',
				wire: 'refresh_token_ttl_secs',
				kind: 'integer',
				min: 60,
				max: 86400,
				default: 3600,
				description: 'How long the refresh token is valid (60–86400 seconds)',
			},
		],
	},
	{
		resource: 'clientToken',
		value: 'refresh',
		name: 'Refresh',
		action: 'Refresh a join token with its refresh token',
		description: 'Exchange a refresh token from Generate for a new client token to the same room before the old one expires',
		method: 'POST',
		path: '/rooms/{room_id}/actions/refresh_client_token',
		target: 'room',
		bodyRequired: true,
		body: [
			{
				name: 'refreshToken',
				displayName: 'Refresh Token',
				wire: 'refresh_token',
				kind: 'string',
				required: true,
				password: true,
				description: 'The refresh token returned by Generate',
			},
			tokenTtl,
		],
	},
];
