/** Reads the official OpenAPI description that every request must conform to. */
import { readFileSync } from 'fs';
import { join } from 'path';

export const SPEC_PATH = join(__dirname, '..', 'spec', 'telnyx-video-openapi.json');

type Json = Record<string, any>;
export const spec: Json = JSON.parse(readFileSync(SPEC_PATH, 'utf8'));

function resolve(node: Json): Json {
	if (!node?.$ref) return node;
	return node.$ref
		.split('/')
		.slice(1)
		.reduce((object: Json, key: string) => object[key], spec);
}

export function specOperation(method: string, path: string): Json {
	const operation = spec.paths[path]?.[method.toLowerCase()];
	if (!operation) throw new Error(`spec has no ${method} ${path}`);
	return operation;
}

/** Every query key the spec allows, with deepObject parameters flattened to `filter[a][b]`. */
export function queryKeys(method: string, path: string): string[] {
	const keys: string[] = [];
	const flatten = (prefix: string, schema: Json) => {
		if (schema.type === 'object' && schema.properties) {
			for (const [name, child] of Object.entries<Json>(schema.properties)) flatten(`${prefix}[${name}]`, child);
		} else keys.push(prefix);
	};
	const operation = specOperation(method, path);
	const parameters = [...(spec.paths[path].parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
	for (const parameter of parameters) {
		if (parameter.in !== 'query') continue;
		if (parameter.style === 'deepObject') flatten(parameter.name, resolve(parameter.schema));
		else keys.push(parameter.name);
	}
	return keys;
}

/** Top-level properties of the JSON request body, or `undefined` when the spec has no body. */
export function bodyProperties(method: string, path: string): string[] | undefined {
	const body = specOperation(method, path).requestBody;
	if (!body) return undefined;
	const schema = resolve(resolve(body).content['application/json'].schema);
	return Object.keys(schema.properties ?? {});
}

/** `/rooms/{room_id}` for a concrete path template of ours (they are written the same way). */
export const specPaths = () => Object.keys(spec.paths);
