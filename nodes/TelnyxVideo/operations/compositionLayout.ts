/** Local checks for the composition fields whose limits live in prose rather than in the schema. */
import { UUID_PATTERN } from '../model';

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
