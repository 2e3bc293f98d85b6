/**
 * Where runtime code may import from. Each node's folder imports only from itself and from
 * nodes/shared; nodes/shared and the credential import from no node's folder; and outside
 * nodes/shared the transport is reached only through its one entry, nodes/shared/transport.ts
 * (so every request goes through the same credential read and retry loop).
 */
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const NODES = path.join(ROOT, 'nodes');
const SHARED = path.join(NODES, 'shared');
/** The transport's parts; everything else imports the entry, `transport.ts`. */
const TRANSPORT_PARTS = ['send', 'network', 'pagination', 'download'].map((name) => path.join(SHARED, name));

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

/** Every relative module a file imports or re-exports, resolved to an absolute path without extension. */
function relativeImports(file: string): string[] {
	const text = fs.readFileSync(file, 'utf8');
	const specifiers = [...text.matchAll(/\b(?:from|import|require)\s*\(?\s*'([^']+)'/g)].map((match) => match[1]);
	return specifiers.filter((spec) => spec.startsWith('.')).map((spec) => path.resolve(path.dirname(file), spec));
}

const inside = (dir: string, target: string) => target === dir || target.startsWith(`${dir}${path.sep}`);
const nodeFolders = fs
	.readdirSync(NODES, { withFileTypes: true })
	.filter((entry) => entry.isDirectory() && entry.name !== 'shared')
	.map((entry) => path.join(NODES, entry.name));
const show = (file: string) => path.relative(ROOT, file);

describe('runtime import boundaries', () => {
	it('finds the three node folders, nodes/shared and the credential', () => {
		expect(nodeFolders.map((dir) => path.basename(dir)).sort()).toEqual([
			'TelnyxVideo',
			'TelnyxVideoPollTrigger',
			'TelnyxVideoTrigger',
		]);
		expect(sourceFiles(SHARED).length).toBeGreaterThan(5);
		expect(sourceFiles(path.join(ROOT, 'credentials'))).toHaveLength(1);
	});

	it.each(nodeFolders.map((dir) => [path.basename(dir), dir]))(
		'nodes/%s imports only from itself and nodes/shared',
		(_, dir) => {
			const outside = sourceFiles(dir).flatMap((file) =>
				relativeImports(file)
					.filter((target) => !inside(dir, target) && !inside(SHARED, target))
					.map((target) => `${show(file)} → ${show(target)}`),
			);
			expect(outside).toEqual([]);
		},
	);

	it('nodes/shared and the credential import from no node folder', () => {
		const files = [...sourceFiles(SHARED), ...sourceFiles(path.join(ROOT, 'credentials'))];
		const intoNodes = files.flatMap((file) =>
			relativeImports(file)
				.filter((target) => nodeFolders.some((dir) => inside(dir, target)))
				.map((target) => `${show(file)} → ${show(target)}`),
		);
		expect(intoNodes).toEqual([]);
	});

	it('outside nodes/shared, the transport is imported only through nodes/shared/transport', () => {
		const files = nodeFolders.flatMap(sourceFiles);
		const bypasses = files.flatMap((file) =>
			relativeImports(file)
				.filter((target) => TRANSPORT_PARTS.includes(target))
				.map((target) => `${show(file)} → ${show(target)}`),
		);
		expect(bypasses).toEqual([]);
		// The entry is what they do use: a check that the test reads imports at all.
		const viaEntry = files.filter((file) => relativeImports(file).includes(path.join(SHARED, 'transport')));
		expect(viaEntry.length).toBeGreaterThan(5);
	});
});
