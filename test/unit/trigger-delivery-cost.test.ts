/**
 * What n8n 2.41 does on every delivery depends on two things in the trigger's description
 * (issue #15; the figures are in `npm run test:reliability:load`):
 * - a webhook node at typeVersion 1 gets an expression evaluated in a fresh isolate per delivery,
 *   so new workflows get version 2 (same behaviour) and saved version-1 workflows still load;
 * - a resource-locator regex is re-run in a VM before every execution, so the trigger's room
 *   picker has none (activation refuses a non-UUID ID itself: trigger-subscription.test.ts).
 */
import type { INodeProperties } from 'n8n-workflow';

import { TelnyxVideo } from '../../nodes/TelnyxVideo/TelnyxVideo.node';
import { TelnyxVideoTrigger } from '../../nodes/TelnyxVideoTrigger/TelnyxVideoTrigger.node';

function findProperty(properties: INodeProperties[] | undefined, name: string): INodeProperties | undefined {
	for (const property of properties ?? []) {
		if (property.name === name) return property;
		const nested = (property.options ?? []) as Array<INodeProperties & { values?: INodeProperties[] }>;
		const found = findProperty(nested.flatMap((o) => o.values ?? (o.name && 'type' in o ? [o] : [])), name);
		if (found) return found;
	}
	return undefined;
}

describe('Telnyx Video Trigger: per-delivery cost in n8n', () => {
	const description = new TelnyxVideoTrigger().description;

	it('new workflows get version 2; version 1 stays loadable', () => {
		expect(description.defaultVersion).toBe(2);
		expect(description.version).toEqual([1, 2]);
	});

	it('the room picker carries no regex for n8n to re-run on every delivery', () => {
		const roomId = findProperty(description.properties, 'roomId');
		expect(roomId?.type).toBe('resourceLocator');
		expect(roomId?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
		for (const mode of roomId?.modes ?? []) expect(mode.validation).toBeUndefined();
	});

	it('the action node keeps its editor check on IDs (it runs once per execution, not per delivery)', () => {
		const action = new TelnyxVideo().description;
		const withRegex = action.properties.filter((p) => p.type === 'resourceLocator' && p.modes?.some((m) => m.validation?.length));
		expect(withRegex.length).toBeGreaterThan(0);
	});
});
