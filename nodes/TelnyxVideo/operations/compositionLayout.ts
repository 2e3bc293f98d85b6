/** Local checks for the composition fields whose limits live in prose rather than in the schema. */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { UUID_PATTERN } from '../../shared/ids';

const UUID = new RegExp(UUID_PATTERN);
const MAX_SIDE = 1280;
const MAX_AREA = 1280 * 720;

export function checkResolution(value: unknown): string | undefined {
	const match = /^(\d+)x(\d+)$/.exec(String(value));
	if (!match) return `must look like 1280x720 (WIDTHxHEIGHT), got "${String(value)}"`;
	const [width, height] = [Number(match[1]), Number(match[2])];
	if (width < 16 || height < 16 || width > MAX_SIDE || height > MAX_SIDE) {
		return `each side must be 16–${MAX_SIDE} pixels, got ${width}x${height}`;
	}
	if (width * height > MAX_AREA) return `must be at most 1280x720 in area, got ${width}x${height}`;
	return undefined;
}

interface IntegerRule {
	min?: number;
	max?: number;
}

const REGION_INTEGERS: Record<string, IntegerRule> = {
	x_pos: {},
	y_pos: {},
	z_pos: { min: -99, max: 99 },
	width: { min: 16 },
	height: { min: 16 },
	max_columns: { min: 1, max: 1000 },
	max_rows: { min: 1, max: 1000 },
};

function checkRegion(name: string, region: unknown): string | undefined {
	if (region === null || typeof region !== 'object' || Array.isArray(region)) {
		return `region "${name}" must be an object`;
	}
	for (const [key, value] of Object.entries(region as Record<string, unknown>)) {
		if (key === 'video_sources') {
			if (!Array.isArray(value)) return `region "${name}": video_sources must be an array`;
			const bad = value.find((source) => source !== '*' && !(typeof source === 'string' && UUID.test(source)));
			if (bad !== undefined) {
				return `region "${name}": video_sources entries must be recording IDs or "*", got ${JSON.stringify(bad)}`;
			}
			continue;
		}
		const rule = REGION_INTEGERS[key];
		if (!rule) return `region "${name}": unknown property "${key}"`;
		if (value === null) continue;
		if (!Number.isInteger(value)) return `region "${name}": ${key} must be a whole number`;
		const number = value as number;
		if ((rule.min !== undefined && number < rule.min) || (rule.max !== undefined && number > rule.max)) {
			const range = `${rule.min ?? '…'}–${rule.max ?? '…'}`;
			return `region "${name}": ${key} must be in ${range}, got ${number}`;
		}
	}
	return undefined;
}

/** The layout is a map of region name → region. */
export function checkVideoLayout(layout: unknown): string | undefined {
	if (layout === null || typeof layout !== 'object' || Array.isArray(layout)) {
		return 'must be a JSON object mapping region names to regions';
	}
	for (const [name, region] of Object.entries(layout as Record<string, unknown>)) {
		const problem = checkRegion(name, region);
		if (problem) return problem;
	}
	return undefined;
}

export const DEFAULT_RESOLUTION = '1280x720';

/** Common output sizes within Telnyx's 1280×720 limit; "Custom" takes any other. */
export const RESOLUTION_OPTIONS = [
	{ name: '1280×720 (HD, 16:9)', value: '1280x720' },
	{ name: '960×540 (16:9)', value: '960x540' },
	{ name: '640×360 (16:9)', value: '640x360' },
	{ name: '320×180 (16:9)', value: '320x180' },
	{ name: '960×720 (4:3)', value: '960x720' },
	{ name: '640×480 (4:3)', value: '640x480' },
	{ name: '720×720 (Square)', value: '720x720' },
	{ name: 'Custom', value: 'custom', description: 'Any WIDTHxHEIGHT within the limits' },
];

const whole = (minValue?: number, maxValue?: number) => ({ typeOptions: { minValue, maxValue, numberPrecision: 0 } });

/** The Video Layout form: one entry per region of the output. */
export const LAYOUT_FORM: Omit<INodeProperties, 'name' | 'displayName' | 'description'> = {
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Region',
	default: {},
	options: [
		{
			displayName: 'Region',
			name: 'region',
			values: [
				{ displayName: 'Height', name: 'height', type: 'number', default: 0, ...whole(0, 1280), description: 'Height in pixels (at least 16); 0 means the full height of the Resolution' },
				{ displayName: 'Max Columns', name: 'maxColumns', type: 'number', default: 0, ...whole(0, 1000), description: 'Most videos side by side (1–1000); 0 leaves it to Telnyx' },
				{ displayName: 'Max Rows', name: 'maxRows', type: 'number', default: 0, ...whole(0, 1000), description: 'Most videos stacked (1–1000); 0 leaves it to Telnyx' },
				{ displayName: 'Name', name: 'name', type: 'string', default: 'main', description: 'Name of the region, unique in the layout' },
				{
					displayName: 'Recording IDs',
					name: 'recordingIds',
					type: 'string',
					default: '',
					placeholder: 'e.g. 0ccc7b54-4df3-4bca-a65a-3da1ecc777f0, 7b61621f-62e0-4aad-ab11-9fd19e272e73',
					description: 'Comma-separated IDs of the session’s recordings shown in this region',
					displayOptions: { show: { sources: ['specific'] } },
				},
				{
					displayName: 'Video Sources',
					name: 'sources',
					type: 'options',
					default: 'all',
					options: [
						{ name: 'All Recordings', value: 'all', description: 'Every video recording of the session' },
						{ name: 'Specific Recordings', value: 'specific', description: 'Only the recordings listed' },
					],
					description: 'Which of the session’s video recordings this region shows',
				},
				{ displayName: 'Width', name: 'width', type: 'number', default: 0, ...whole(0, 1280), description: 'Width in pixels (at least 16); 0 means the full width of the Resolution' },
				{ displayName: 'X Position', name: 'xPos', type: 'number', default: 0, ...whole(0), description: 'Left edge, in pixels from the left of the output' },
				{ displayName: 'Y Position', name: 'yPos', type: 'number', default: 0, ...whole(0), description: 'Top edge, in pixels from the top of the output' },
				{ displayName: 'Z Position', name: 'zPos', type: 'number', default: 0, ...whole(-99, 99), description: 'Stacking order (-99–99): a higher region covers a lower one' },
			],
		},
	],
};

function size(resolution: string): { width: number; height: number } {
	const [width, height] = resolution.split('x').map(Number);
	return { width, height };
}

/** One region covering the whole output: the layout when none is given. */
export function fullFrameLayout(resolution: string): IDataObject {
	const { width, height } = size(resolution);
	return { main: { x_pos: 0, y_pos: 0, z_pos: 0, width, height, video_sources: ['*'] } };
}

/** Regions must lie within the output. */
function checkFits(layout: IDataObject, resolution: string): string | undefined {
	const out = size(resolution);
	for (const [name, region] of Object.entries(layout as Record<string, IDataObject>)) {
		const right = Number(region.x_pos ?? 0) + Number(region.width ?? 0);
		const bottom = Number(region.y_pos ?? 0) + Number(region.height ?? 0);
		if (right > out.width || bottom > out.height) {
			return `region "${name}" reaches ${right}x${bottom}, outside the ${resolution} Resolution; make it smaller or the Resolution larger`;
		}
	}
	return undefined;
}

function layoutFromForm(regions: IDataObject[], resolution: string): IDataObject | string {
	const out = size(resolution);
	const layout: IDataObject = {};
	for (const [index, region] of regions.entries()) {
		const name = String(region.name ?? '').trim() || `region${index + 1}`;
		if (name in layout) return `two regions are named "${name}"`;
		const number = (key: string) => Number(region[key] ?? 0) || 0;
		const ids = String(region.recordingIds ?? '')
			.split(/[\s,]+/)
			.filter(Boolean);
		if (region.sources === 'specific' && ids.length === 0) return `region "${name}": add Recording IDs, or choose All Recordings`;
		layout[name] = {
			x_pos: number('xPos'),
			y_pos: number('yPos'),
			z_pos: number('zPos'),
			width: number('width') || out.width - number('xPos'),
			height: number('height') || out.height - number('yPos'),
			...(number('maxColumns') ? { max_columns: number('maxColumns') } : {}),
			...(number('maxRows') ? { max_rows: number('maxRows') } : {}),
			video_sources: region.sources === 'specific' ? ids : ['*'],
		};
	}
	return layout;
}

/**
 * Composition → Create: the layout from the form or the JSON field (not both), checked against
 * the Resolution; with a Resolution but no layout, one region fills that Resolution.
 */
export function finishCompositionBody(
	body: IDataObject,
	optional: IDataObject,
): IDataObject | { field: string; problem: string } {
	const resolution = typeof body.resolution === 'string' ? body.resolution : DEFAULT_RESOLUTION;
	const regions = ((optional.videoLayoutForm as IDataObject | undefined)?.region ?? []) as IDataObject[];
	if (regions.length && body.video_layout !== undefined) {
		return { field: 'Video Layout', problem: 'is set twice: use the form or Video Layout (JSON), not both' };
	}
	if (regions.length) {
		const layout = layoutFromForm(regions, resolution);
		const problem = typeof layout === 'string' ? layout : (checkVideoLayout(layout) ?? checkFits(layout, resolution));
		if (problem) return { field: 'Video Layout', problem };
		return { ...body, video_layout: layout as IDataObject };
	}
	if (body.video_layout !== undefined) {
		const problem = checkFits(body.video_layout as IDataObject, resolution);
		return problem ? { field: 'Video Layout (JSON)', problem } : body;
	}
	return body.resolution === undefined ? body : { ...body, video_layout: fullFrameLayout(resolution) };
}
