'use strict';
// n8n's CLI against a user folder (each command boots n8n: seconds): import credentials and
// workflows, execute a saved workflow and read its raw output.

const fs = require('fs');
const path = require('path');
const { cli, tail } = require('./n8n-process');

async function cliOrThrow(opts, args) {
	const res = await cli(opts, args);
	if (res.code !== 0) {
		throw new Error(`n8n ${args.join(' ')} exited ${res.code}\n${tail(res.stdout)}\n${tail(res.stderr)}`);
	}
	return res;
}

/** Writes data (object/array) to a temp JSON file, or passes a file path through. */
function asJsonFile(userFolder, data, prefix) {
	if (typeof data === 'string') return data;
	const dir = path.join(userFolder, 'import');
	fs.mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/** Imports credentials (array of { id, name, type, data } with plaintext data, or a file path). */
function importCredentials(opts, credentials) {
	const file = asJsonFile(opts.userFolder, credentials, 'credentials');
	return cliOrThrow(opts, ['import:credentials', `--input=${file}`]);
}

/** Imports one workflow object, an array of workflows, or a file. Keep `id` fixed in fixtures. */
function importWorkflow(opts, workflow) {
	const file = asJsonFile(opts.userFolder, workflow, 'workflow');
	return cliOrThrow(opts, ['import:workflow', `--input=${file}`]);
}

/**
 * Runs a saved workflow once with `n8n execute --id --rawOutput` (boots n8n: 3.5-6 s; inside a
 * running instance runManually() takes ~0.3 s). Resolves the run: { status, data: { resultData:
 * { runData, error } }, ... }. A failed run resolves too (status "error", n8n exits 1).
 */
async function executeWorkflow(opts, workflowId) {
	const res = await cli(opts, ['execute', `--id=${workflowId}`, '--rawOutput']);
	const run = parseRawOutput(res.stdout);
	if (!run) {
		throw new Error(`n8n execute --id=${workflowId} gave no JSON (exit ${res.code})\n${tail(res.stdout)}\n${tail(res.stderr)}`);
	}
	run.ms = res.ms;
	return run;
}

/** --rawOutput prints log lines before the JSON: parse from the first line starting with `{`. */
function parseRawOutput(stdout) {
	const start = stdout.search(/^\{/m);
	const end = stdout.lastIndexOf('}');
	if (start < 0 || end < start) return undefined;
	try {
		return JSON.parse(stdout.slice(start, end + 1));
	} catch {
		return undefined;
	}
}

/** The output items (json only) of one node in a run. */
function nodeItems(run, nodeName, output = 0) {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run`);
	return (runs[runs.length - 1].data.main[output] || []).map((i) => i.json);
}

module.exports = { importCredentials, importWorkflow, executeWorkflow, parseRawOutput, nodeItems };
