/**
 * The operation table against the official spec: every endpoint is declared exactly once, and
 * every query key and body property we send exists there, and every filter the spec offers is
 * offered in the editor. Prism cannot catch misspelled query keys; this does.
 */
import type { INodeProperties } from 'n8n-workflow';

import { TelnyxVideo } from '../../nodes/TelnyxVideo/TelnyxVideo.node';
import { OPERATIONS } from '../../nodes/TelnyxVideo/operations';
import { TelnyxVideoTrigger } from '../../nodes/TelnyxVideoTrigger/TelnyxVideoTrigger.node';
import { bodyProperties, queryKeys, spec, specPaths } from '../support/spec';

const apiOperations = OPERATIONS.filter((op) => op.output !== 'download');
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

describe('operation table vs the official spec', () => {
	it('declares each of the 25 spec endpoints exactly once, plus 2 downloads', () => {
		const specEndpoints = specPaths().flatMap((path) =>
			Object.keys(spec.paths[path])
				.filter((method) => method !== 'parameters')
				.map((method) => key(method, path)),
		);
		const ours = apiOperations.map((op) => key(op.method, op.path));
		expect(specEndpoints).toHaveLength(25);
		expect([...ours].sort()).toEqual([...specEndpoints].sort());
		expect(OPERATIONS.filter((op) => op.output === 'download').map((op) => op.resource).sort()).toEqual([
			'roomComposition',
			'roomRecording',
		]);
	});

	it.each(OPERATIONS.map((op) => [`${op.resource}.${op.value}`, op] as const))(
		'%s sends only query keys and body properties the spec defines, and offers every filter',
		(_, op) => {
			const allowed = queryKeys(op.method, op.path);
			const ours = [...(op.filters ?? []), ...(op.query ?? [])].map((field) => field.wire);
			for (const wire of ours) expect(allowed).toContain(wire);
			const filtersAndIncludes = allowed.filter((name) => !name.startsWith('page['));
			expect([...new Set(ours)].sort()).toEqual(filtersAndIncludes.sort());
			const properties = bodyProperties(op.method, op.path);
			if (op.body) {
				expect(properties).toBeDefined();
				// two editor fields may fill one property (Video Layout: the form or JSON)
				expect([...new Set(op.body.map((field) => field.wire))].sort()).toEqual([...(properties ?? [])].sort());
			} else {
				expect(properties).toBeUndefined();
			}
		},
	);

	it('marks every body the spec requires as required', () => {
		for (const op of apiOperations) {
			const required = spec.paths[op.path][op.method.toLowerCase()].requestBody?.required === true;
			expect({ op: key(op.method, op.path), required: op.bodyRequired === true }).toEqual({
				op: key(op.method, op.path),
				required,
			});
		}
	});
});

describe('derived editor description', () => {
	const { description } = new TelnyxVideo();
	const properties = description.properties as INodeProperties[];
	const operationSelectors = properties.filter((p) => p.name === 'operation');

	it('is usable as an AI tool and lists six resources', () => {
		expect(description.usableAsTool).toBe(true);
		const resource = properties.find((p) => p.name === 'resource');
		expect(resource?.options?.map((o) => (o as { value: string }).value).sort()).toEqual(
			['clientToken', 'room', 'roomComposition', 'roomParticipant', 'roomRecording', 'roomSession'],
		);
	});

	it('gives every operation an action text, sorted alphabetically per resource', () => {
		const options = operationSelectors.flatMap((p) => p.options as Array<{ name: string; action: string }>);
		expect(options).toHaveLength(27);
		for (const option of options) expect(option.action).toMatch(/^[A-Z][a-z]+ /);
		for (const selector of operationSelectors) {
			const names = (selector.options as Array<{ name: string }>).map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		}
	});

	it('gives every list Return All and a Limit shown only without it', () => {
		for (const op of OPERATIONS.filter((o) => o.output === 'list')) {
			const shownFor = (p: INodeProperties) =>
				p.displayOptions?.show?.resource?.includes(op.resource) && p.displayOptions?.show?.operation?.includes(op.value);
			const returnAll = properties.find((p) => p.name === 'returnAll' && shownFor(p));
			const limit = properties.find((p) => p.name === 'limit' && shownFor(p));
			expect(returnAll?.type).toBe('boolean');
			expect(limit?.displayOptions?.show?.returnAll).toEqual([false]);
			expect(limit?.typeOptions?.minValue).toBe(1);
		}
	});

	it('makes each record ID a resource locator with From List and a UUID-checked By ID mode', () => {
		const locators = properties.filter((p) => p.type === 'resourceLocator');
		expect(locators.length).toBeGreaterThanOrEqual(20);
		for (const locator of locators) {
			const [list, byId] = locator.modes ?? [];
			expect(list.name).toBe('list');
			expect(list.typeOptions?.searchListMethod).toMatch(/^search/);
			expect(byId.name).toBe('id');
			expect(JSON.stringify(byId.validation)).toContain('[0-9a-fA-F]{8}');
		}
		const methods = Object.keys(new TelnyxVideo().methods.listSearch);
		for (const locator of locators) {
			expect(methods).toContain(locator.modes?.[0].typeOptions?.searchListMethod);
		}
	});

	it.each(['kick', 'mute', 'unmute'])('%s: participants picked from the session; Exclude only with All Participants', (operation) => {
		const shown = (p: INodeProperties) =>
			p.displayOptions?.show?.resource?.includes('roomSession') && p.displayOptions?.show?.operation?.includes(operation);
		const ids = properties.find((p) => p.name === 'participantsIds' && shown(p))!;
		const exclude = properties.find((p) => p.name === 'exclude' && shown(p))!;
		for (const picker of [ids, exclude]) {
			expect(picker.type).toBe('multiOptions');
			expect(picker.typeOptions).toEqual({
				loadOptionsMethod: 'getSessionParticipants',
				loadOptionsDependsOn: ['roomSessionId.value'],
			});
			expect(Object.keys(new TelnyxVideo().methods.loadOptions)).toContain(picker.typeOptions?.loadOptionsMethod);
		}
		expect(ids.displayOptions?.show?.participants).toEqual(['specific']);
		expect(exclude.displayOptions?.show?.participants).toEqual(['all']);
		const additional = properties.find((p) => p.name === 'additionalFields' && shown(p));
		expect(additional).toBeUndefined();
	});

	it('reads the canvas subtitle as words: "Get Many: Recordings"', () => {
		const subtitle = String(description.subtitle);
		const lookup = (resource: string, operation: string) => {
			const body = subtitle.replace(/^=\{\{/, '').replace(/\}\}$/, '');
			const $parameter = { resource, operation };
			return new Function('$parameter', `return ${body}`)($parameter) as string;
		};
		expect(lookup('roomRecording', 'getAll')).toBe('Get Many: Recordings');
		expect(lookup('roomRecording', 'deleteMany')).toBe('Delete Many: Recordings');
		expect(lookup('roomSession', 'kick')).toBe('Kick: Session');
		expect(lookup('room', 'get')).toBe('Get: Room');
		for (const op of OPERATIONS) expect(lookup(op.resource, op.value)).toMatch(/^[A-Z][A-Za-z ]+: [A-Z][A-Za-z ]+$/);
	});

	it('offers the Room / Session / Participant ID filters as pickers that keep their wire keys', () => {
		const byWire = new Map<string, string>();
		for (const op of OPERATIONS) {
			for (const filter of op.filters ?? []) {
				if (!/^filter\[(room|session|participant)_id\]$/.test(filter.wire)) continue;
				byWire.set(filter.wire, filter.name);
				const collection = properties.find(
					(p) =>
						p.name === 'filters' &&
						p.displayOptions?.show?.resource?.includes(op.resource) &&
						p.displayOptions?.show?.operation?.includes(op.value),
				);
				const property = (collection?.options as INodeProperties[]).find((p) => p.name === filter.name);
				expect(property?.type).toBe('resourceLocator');
				expect(property?.required).toBeFalsy();
				expect(property?.modes?.map((m) => m.name)).toEqual(['list', 'id']);
			}
		}
		expect(Object.fromEntries(byWire)).toEqual({
			'filter[room_id]': 'roomId',
			'filter[session_id]': 'sessionId',
			'filter[participant_id]': 'participantId',
		});
	});

	it('reads the trigger subtitle as event names: "Participant Joined"', () => {
		const body = String(new TelnyxVideoTrigger().description.subtitle).replace(/^=\{\{/, '').replace(/\}\}$/, '');
		const subtitle = (events: string[]) => new Function('$parameter', `return ${body}`)({ events }) as string;
		expect(subtitle(['video.room.participant.joined'])).toBe('Participant Joined');
		expect(subtitle(['video.room.session.started', 'video.room.recording.completed'])).toBe('Session Started, Recording Completed');
		expect(subtitle(['*'])).toBe('All Events');
	});
});
