#!/usr/bin/env node
'use strict';
/*
 * Lints what users see in the editor. Our node properties are built at run time from the
 * operation table, and n8n's lint rules only read object literals, so linting the sources says
 * nothing about the fields. This step builds the package, instantiates every node and credential
 * listed in package.json `n8n`, writes each one as a static TypeScript module (description and
 * fields as literals) under build/lint-description/, and lints those modules with this repo's
 * eslint.config.mjs (n8n's default config), inline config disabled as n8n's scanner does. It also
 * checks each node's codex file: `node` = <package>.<node name>, known categories only, no
 * subcategories, https documentation links.
 *
 * Usage: node scripts/lint-description.js [--skip-build] [--package <dir>] [--out <dir>]
 * Exit 0 when clean; 1 on any finding (errors and warnings); 2 when the step itself fails.
 */
// eslint-plugin-n8n-nodes-base treats every file as a node file when NODE_ENV is "test" (as under
// jest); this step must judge file names exactly as n8n's scanner does.
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV;

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const { cleanEnv } = require('./lib/clean-env.js');
const { parseFlags } = require('./lib/args');

const ROOT = path.resolve(__dirname, '..');
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
// n8n's node panel taxonomy, as documented for codex files and as the coming
// @n8n/community-nodes/valid-codex-categories rule lists it (not yet in the 0.32.0 plugin).
const CODEX_CATEGORIES = new Set([
	'AI', 'Analytics', 'Communication', 'Core Nodes', 'Data & Storage', 'Developer Tools', 'Development', 'ECM',
	'Finance & Accounting', 'HITL', 'Marketing & Content', 'Miscellaneous', 'Productivity', 'Sales', 'Utility',
]);

function parseOptions(argv) {
	const { values } = parseFlags(argv, {
		'skip-build': { type: 'boolean', default: false },
		package: { type: 'string', default: ROOT, hint: 'dir' },
		out: { type: 'string', default: path.join(ROOT, 'build', 'lint-description'), hint: 'dir' },
	});
	const options = { skipBuild: values['skip-build'], packageDir: path.resolve(values.package), outDir: path.resolve(values.out) };
	const relative = path.relative(options.outDir, options.packageDir);
	if (relative === '' || !relative.startsWith('..')) {
		throw new Error(`--out ${options.outDir} must not contain the package (it is deleted on every run)`);
	}
	return options;
}

const key = (name) => (IDENTIFIER.test(name) ? name : JSON.stringify(name));
const access = (base, names) => names.reduce((text, name) => text + (IDENTIFIER.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`), base);

/**
 * Writes a run-time value as TypeScript source. Functions become methods that delegate to the
 * compiled instance, so rules about a class's shape (webhook lifecycle, execute) see what n8n sees.
 */
class ModuleWriter {
	constructor(connectionTypes) {
		this.connectionTypeNames = new Map(Object.entries(connectionTypes).map(([name, value]) => [value, name]));
		this.usesConnectionTypes = false;
	}

	value(value, trail, indent, seen = new Set()) {
		const pad = '\t'.repeat(indent + 1);
		const end = '\t'.repeat(indent);
		if (value === null || typeof value === 'boolean') return String(value);
		if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `Number(${JSON.stringify(String(value))})`;
		if (typeof value === 'string') {
			const parent = trail[trail.length - 2];
			if ((parent === 'inputs' || parent === 'outputs') && this.connectionTypeNames.has(value)) {
				this.usesConnectionTypes = true;
				return `NodeConnectionTypes.${this.connectionTypeNames.get(value)}`;
			}
			return JSON.stringify(value);
		}
		if (typeof value === 'function') return this.method(trail[trail.length - 1], access('compiled', trail));
		if (typeof value !== 'object') throw new Error(`cannot write ${typeof value} at ${trail.join('.')}`);
		if (seen.has(value)) throw new Error(`circular value at ${trail.join('.')}`);
		seen.add(value);
		let text;
		if (Array.isArray(value)) {
			const items = value.map((item, index) => this.value(item, [...trail, String(index)], indent + 1, seen));
			text = items.length === 0 ? '[]' : `[\n${items.map((item) => `${pad}${item},\n`).join('')}${end}]`;
		} else {
			const prototype = Object.getPrototypeOf(value);
			if (prototype !== Object.prototype && prototype !== null) {
				throw new Error(`cannot write a ${prototype.constructor?.name ?? 'non-plain'} object at ${trail.join('.')}`);
			}
			const entries = Object.entries(value).filter(([, item]) => item !== undefined);
			const lines = entries.map(([name, item]) => {
				const written = this.value(item, [...trail, name], indent + 1, seen);
				return typeof item === 'function' ? `${pad}${written},\n` : `${pad}${key(name)}: ${written},\n`;
			});
			text = lines.length === 0 ? '{}' : `{\n${lines.join('')}${end}}`;
		}
		seen.delete(value);
		return text;
	}

	method(name, target) {
		return `${key(name)}(this: unknown, ...args: unknown[]) {\n\t\treturn ${target}.apply(this, args);\n\t}`;
	}
}

function prototypeMethods(Class) {
	const names = new Set();
	for (let proto = Class.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
		for (const name of Object.getOwnPropertyNames(proto)) {
			const descriptor = Object.getOwnPropertyDescriptor(proto, name);
			if (name !== 'constructor' && typeof descriptor.value === 'function') names.add(name);
		}
	}
	return [...names];
}

/** The static module for one compiled class: its instance fields as literals, its methods delegating. */
function writeModule({ Class, exportName, kind, compiledFile, moduleFile, connectionTypes }) {
	const instance = new Class();
	const writer = new ModuleWriter(connectionTypes);
	const members = Object.entries(instance)
		.filter(([, value]) => value !== undefined)
		.map(([name, value]) => {
			if (typeof value === 'function') return `\t${writer.value(value, [name], 1)}`;
			const type = kind === 'node' && name === 'description' ? ': INodeTypeDescription' : '';
			return `\t${key(name)}${type} = ${writer.value(value, [name], 1)};`;
		});
	const methods = prototypeMethods(Class).map(
		(name) => `\t${writer.method(name, access(`${exportName}Compiled.prototype`, [name]))}`,
	);
	const usesInstance = members.some((line) => line.includes('compiled.'));
	const interfaceName = kind === 'node' ? 'INodeType' : 'ICredentialType';
	const typeImports = kind === 'node' ? [interfaceName, 'INodeTypeDescription'] : [interfaceName];
	let compiledImport = path.relative(path.dirname(moduleFile), compiledFile).replace(/\\/g, '/');
	if (!compiledImport.startsWith('.')) compiledImport = `./${compiledImport}`;
	const lines = [
		`// Generated by scripts/lint-description.js from ${path.basename(compiledFile)}: the editor description as literals.`,
		`import type { ${typeImports.join(', ')} } from 'n8n-workflow';`,
		...(writer.usesConnectionTypes ? [`import { NodeConnectionTypes } from 'n8n-workflow';`] : []),
		...(usesInstance || methods.length > 0
			? [`import { ${exportName} as ${exportName}Compiled } from ${JSON.stringify(compiledImport)};`]
			: []),
		'',
		...(usesInstance ? [`const compiled = new ${exportName}Compiled();`, ''] : []),
		`export class ${exportName} implements ${interfaceName} {`,
		[...members, ...methods].join('\n\n'),
		'}',
		'',
	];
	fs.mkdirSync(path.dirname(moduleFile), { recursive: true });
	fs.writeFileSync(moduleFile, lines.join('\n'));
	return instance;
}

function exportedClasses(file) {
	const exported = require(file);
	return Object.entries(exported).filter(
		([, value]) => typeof value === 'function' && /^class\b/.test(Function.prototype.toString.call(value)),
	);
}

function copyAssets(fromDir, toDir) {
	for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
		const from = path.join(fromDir, entry.name);
		const to = path.join(toDir, entry.name);
		if (entry.isDirectory()) copyAssets(from, to);
		else if (!/\.(js|ts|map)$/.test(entry.name)) {
			fs.mkdirSync(toDir, { recursive: true });
			fs.copyFileSync(from, to);
		}
	}
}

/** What is wrong with a node's codex file (the .node.json next to the compiled node), as messages. */
function codexProblems(packageName, compiledFile, description) {
	const file = compiledFile.replace(/\.js$/, '.json');
	if (!fs.existsSync(file)) return [`no codex file ${path.basename(file)} next to the compiled node`];
	const codex = JSON.parse(fs.readFileSync(file, 'utf8'));
	const problems = [];
	const expectedNode = `${packageName}.${description.name}`;
	if (codex.node !== expectedNode) problems.push(`"node" is ${JSON.stringify(codex.node)}, must be "${expectedNode}"`);
	for (const field of ['nodeVersion', 'codexVersion']) {
		if (typeof codex[field] !== 'string') problems.push(`"${field}" is missing`);
	}
	if (!Array.isArray(codex.categories) || codex.categories.length === 0) problems.push('"categories" is empty');
	for (const category of codex.categories ?? []) {
		if (!CODEX_CATEGORIES.has(category)) problems.push(`category ${JSON.stringify(category)} is not one of n8n's`);
	}
	if (codex.subcategories !== undefined) problems.push('"subcategories" is only for nodes built with @n8n/ai-node-sdk');
	const documentation = [
		['primaryDocumentation', true],
		['credentialDocumentation', (description.credentials ?? []).length > 0],
	];
	for (const [kind, required] of documentation) {
		const links = codex.resources?.[kind];
		if (links === undefined && !required) continue;
		if (!Array.isArray(links) || links.length === 0) problems.push(`"resources.${kind}" has no URL`);
		for (const link of links ?? []) {
			if (!/^https:\/\/\S+$/.test(link?.url ?? '')) problems.push(`"resources.${kind}" URL ${JSON.stringify(link?.url)} is not https`);
		}
	}
	return problems.map((problem) => `${path.relative(process.cwd(), file)}: ${problem}`);
}

/** Writes the modules; returns the files written and the codex problems. */
function generate({ packageDir, outDir }) {
	const manifest = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const n8n = manifest.n8n ?? {};
	const packageRequire = createRequire(path.join(packageDir, 'package.json'));
	let connectionTypes = {};
	try {
		connectionTypes = packageRequire('n8n-workflow').NodeConnectionTypes ?? {};
	} catch {
		// A package without n8n-workflow installed keeps connection types as plain strings.
	}
	fs.rmSync(outDir, { recursive: true, force: true });
	fs.mkdirSync(outDir, { recursive: true });
	// The rules resolve icons, credentials and registrations from the module's place in the package.
	fs.copyFileSync(path.join(packageDir, 'package.json'), path.join(outDir, 'package.json'));
	const distDir = path.join(packageDir, 'dist');
	if (fs.existsSync(distDir)) copyAssets(distDir, outDir);

	const written = [];
	const codex = [];
	const entries = [
		...(n8n.nodes ?? []).map((file) => ({ file, kind: 'node' })),
		...(n8n.credentials ?? []).map((file) => ({ file, kind: 'credential' })),
	];
	for (const { file, kind } of entries) {
		const compiledFile = path.resolve(packageDir, file);
		if (!fs.existsSync(compiledFile)) throw new Error(`${file} (package.json n8n) does not exist; build first`);
		const moduleFile = path.join(outDir, file.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const classes = exportedClasses(compiledFile);
		if (classes.length === 0) throw new Error(`${file} exports no class`);
		for (const [exportName, Class] of classes) {
			const instance = writeModule({ Class, exportName, kind, compiledFile, moduleFile, connectionTypes });
			if (kind === 'node' && !instance.description) throw new Error(`${file}: ${exportName} has no description`);
			if (kind === 'node') codex.push(...codexProblems(manifest.name, compiledFile, instance.description));
			written.push(moduleFile);
		}
	}
	if (written.length === 0) throw new Error('package.json n8n lists no nodes or credentials');
	return { files: written, codex };
}

async function lint({ outDir, files }) {
	const { ESLint } = createRequire(path.join(ROOT, 'package.json'))('eslint');
	const { default: config } = await import(pathToFileURL(path.join(ROOT, 'eslint.config.mjs')).href);
	const eslint = new ESLint({ cwd: outDir, overrideConfigFile: true, overrideConfig: config, allowInlineConfig: false });
	const results = await eslint.lintFiles(files);
	const formatter = await eslint.loadFormatter('stylish');
	return { results, report: await formatter.format(results) };
}

async function main() {
	const started = Date.now();
	const options = parseOptions(process.argv.slice(2));
	if (!options.skipBuild) {
		const build = spawnSync('npm', ['run', 'build'], { cwd: options.packageDir, env: cleanEnv(), stdio: ['ignore', 'ignore', 'inherit'] });
		if (build.status !== 0) throw new Error('npm run build failed');
	}
	const { files, codex } = generate(options);
	const { results, report } = await lint({ outDir: options.outDir, files });
	const findings = results.reduce((sum, result) => sum + result.errorCount + result.warningCount, 0);
	if (report) process.stdout.write(report);
	if (codex.length > 0) process.stdout.write(`\ncodex:\n${codex.map((problem) => `  ${problem}\n`).join('')}`);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(
		`lint-description: ${files.length} generated modules (${path.relative(process.cwd(), options.outDir) || '.'}), ${findings} findings; codex: ${codex.length} problems; ${seconds} s`,
	);
	process.exitCode = findings + codex.length === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(`lint-description: ${error.message}`);
	process.exitCode = 2;
});
