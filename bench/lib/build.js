'use strict';
/*
 * Compiles what the bench runs, without touching dist/ or any tracked file:
 *   - the working tree (nodes, credentials, test/harness) into .cache/bench-build with
 *     bench/tsconfig.json;
 *   - optionally a variant: a copy of those sources with a patch applied (`patch -p1`), compiled
 *     into .cache/bench-variants/<name>/build. That is how a proposed transport change is
 *     measured before anyone edits the real file.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const SOURCES = ['nodes', 'credentials', path.join('test', 'harness')];

function tsc(project) {
	execFileSync(process.execPath, [TSC, '-p', project], { cwd: ROOT, stdio: 'inherit' });
}

function buildWorkingTree() {
	tsc(path.join(ROOT, 'bench', 'tsconfig.json'));
	return path.join(ROOT, '.cache', 'bench-build');
}

function buildVariant(patchFile) {
	const name = path.basename(patchFile).replace(/\.(patch|diff)$/, '');
	const base = path.join(ROOT, '.cache', 'bench-variants', name);
	const src = path.join(base, 'src');
	fs.rmSync(base, { recursive: true, force: true });
	for (const dir of SOURCES) fs.cpSync(path.join(ROOT, dir), path.join(src, dir), { recursive: true });
	execFileSync('patch', ['-p1', '--forward', '--quiet', '-d', src, '-i', path.resolve(patchFile)], { stdio: 'inherit' });
	const tsconfig = {
		extends: path.join(ROOT, 'tsconfig.json'),
		compilerOptions: {
			rootDir: src,
			outDir: path.join(base, 'build'),
			declaration: false,
			sourceMap: false,
			noUnusedLocals: false,
			types: ['node'],
			typeRoots: [path.join(ROOT, 'node_modules', '@types')],
		},
		include: SOURCES.map((dir) => path.join(src, dir, '**', '*.ts')).concat(path.join(src, 'nodes', '**', '*.json')),
	};
	const project = path.join(base, 'tsconfig.json');
	fs.writeFileSync(project, JSON.stringify(tsconfig, null, '\t'));
	tsc(project);
	return path.join(base, 'build');
}

module.exports = { ROOT, buildWorkingTree, buildVariant };
