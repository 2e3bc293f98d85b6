#!/usr/bin/env node
'use strict';
/*
 * Lints what we publish, the way n8n's verification scanner does, without the network: `npm pack`,
 * unpack to a temp folder, and lint the tarball's dist/**\/*.js and package.json with inline
 * config disabled, twice:
 *   1. the community rules this repo is held to (@n8n/eslint-plugin-community-nodes, as pinned by
 *      @n8n/node-cli) plus the n8n-nodes-base package.json rules and no-console;
 *   2. the scanner's own rule set (@n8n/scan-community-package's buildScanConfig, which pins its own
 *      plugin version), on the tarball and on the source files it lints from the attested commit
 *      (package.json + {nodes,credentials}/**\/*.{js,ts,json}; here: the working tree).
 * Warnings count as findings.
 *
 * Usage: node scripts/lint-package.js [--skip-build] [--package <dir>]
 * Exit 0 when clean; 1 on any finding; 2 when the step itself fails.
 */
if (process.env.NODE_ENV === 'test') delete process.env.NODE_ENV; // see lint-description.js

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { createRequire } = require('node:module');
const { pathToFileURL } = require('node:url');
const { cleanEnv } = require('./lib/clean-env.js');
const { parseFlags } = require('./lib/args');

const ROOT = path.resolve(__dirname, '..');
const rootRequire = createRequire(path.join(ROOT, 'package.json'));
/** The version of package `name` that `file` belongs to (not all packages export package.json). */
function versionOf(name, file) {
	for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const file = path.join(dir, 'package.json');
		if (fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8')).name === name) {
			return JSON.parse(fs.readFileSync(file, 'utf8')).version;
		}
	}
	throw new Error(`cannot find the version of ${name}`);
}

function parseOptions(argv) {
	const { values } = parseFlags(argv, {
		'skip-build': { type: 'boolean', default: false },
		package: { type: 'string', default: ROOT, hint: 'dir' },
	});
	return { skipBuild: values['skip-build'], packageDir: path.resolve(values.package) };
}

function run(command, args, cwd) {
	const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
	return result.stdout;
}

/** Packs the package and unpacks the tarball; returns the tarball name and the unpacked folder. */
function packAndUnpack(packageDir, tempDir) {
	const [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', tempDir], packageDir));
	const unpacked = path.join(tempDir, 'package');
	fs.mkdirSync(unpacked);
	run('tar', ['-xzf', path.join(tempDir, packed.filename), '-C', unpacked, '--strip-components=1'], tempDir);
	return { tarball: packed.filename, unpacked };
}

/** The community rules we lint sources with, arranged as the scanner arranges its tarball leg. */
function communityConfig() {
	const { n8nCommunityNodesPlugin } = rootRequire('@n8n/eslint-plugin-community-nodes');
	const n8nNodesBase = rootRequire('eslint-plugin-n8n-nodes-base');
	const { parser } = rootRequire('typescript-eslint');
	return [
		n8nCommunityNodesPlugin.configs.recommended,
		{ rules: { 'no-console': 'error' } },
		{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
		{ files: ['package.json'], rules: { ...n8nNodesBase.configs.community.rules } },
		{ files: ['**/*.json'], languageOptions: { parser } },
	];
}

async function lintFiles(cwd, patterns, config, glob) {
	const { ESLint } = rootRequire('eslint');
	const files = glob.sync(patterns, { cwd, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	if (files.length === 0) throw new Error(`nothing to lint in ${cwd} (${patterns.join(', ')})`);
	const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, allowInlineConfig: false });
	const results = await eslint.lintFiles(files);
	const report = await (await eslint.loadFormatter('stylish')).format(results);
	const findings = results.reduce((sum, r) => sum + r.errorCount + r.warningCount, 0);
	return { files: files.length, findings, report };
}

async function main() {
	const started = Date.now();
	const options = parseOptions(process.argv.slice(2));
	if (!options.skipBuild) run('npm', ['run', 'build'], options.packageDir);

	const scannerFile = rootRequire.resolve('@n8n/scan-community-package/scanner/scanner.mjs');
	// The scanner makes a temp folder on import; let tmp remove it when we exit.
	createRequire(scannerFile)('tmp').setGracefulCleanup();
	const scanner = await import(pathToFileURL(scannerFile).href);
	const scannerRequire = createRequire(scannerFile);
	const glob = scannerRequire('fast-glob'); // the scanner's own file matcher

	const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-package-'));
	try {
		const { tarball, unpacked } = packAndUnpack(options.packageDir, tempDir);
		const tarballFiles = ['**/*.js', 'package.json'];
		const legs = [
			{
				name: `tarball, community rules ${versionOf('@n8n/eslint-plugin-community-nodes', rootRequire.resolve('@n8n/eslint-plugin-community-nodes'))}`,
				...(await lintFiles(unpacked, tarballFiles, communityConfig(), glob)),
			},
			{
				name: `tarball, scanner ${versionOf('@n8n/scan-community-package', scannerFile)} rules (community ${versionOf('@n8n/eslint-plugin-community-nodes', scannerRequire.resolve('@n8n/eslint-plugin-community-nodes'))})`,
				...(await lintFiles(unpacked, tarballFiles, await scanner.buildScanConfig(), glob)),
			},
			{
				name: 'source, scanner rules',
				...(await lintFiles(options.packageDir, scanner.SOURCE_FILE_PATTERNS, await scanner.buildScanConfig(), glob)),
			},
		];
		for (const leg of legs) if (leg.report) process.stdout.write(`${leg.name}:${leg.report}`);
		const total = legs.reduce((sum, leg) => sum + leg.findings, 0);
		const seconds = ((Date.now() - started) / 1000).toFixed(1);
		console.log(`lint-package: ${tarball}; ${legs.map((l) => `${l.name}: ${l.files} files, ${l.findings} findings`).join('; ')}; ${seconds} s`);
		process.exitCode = total === 0 ? 0 : 1;
	} finally {
		fs.rmSync(tempDir, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`lint-package: ${error.message}`);
	process.exitCode = 2;
});
