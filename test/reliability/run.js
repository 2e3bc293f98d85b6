#!/usr/bin/env node
'use strict';
// npm run test:reliability: runs the reliability jest suite (test/reliability/jest.config.js),
// then the real-n8n load run (load.js) unless --skip-load, merges the figures every part wrote
// into one folder, and prints them as a JSON summary on the LAST line of output.
//
//   node test/reliability/run.js [--skip-load] [-- <load.js args, e.g. --deliveries 1000 --concurrency 16>]
//
// Exit code: 0 when the jest suite passed and the load run passed or was skipped (n8n not
// installed, or --skip-load); 1 otherwise.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { readFlags } = require('../../scripts/lib/args');

const ROOT = path.resolve(__dirname, '..', '..');
// Everything after `--` is load.js's: util.parseArgs hands it over as positionals.
const { values: FLAGS, positionals: loadArgs } = readFlags({ 'skip-load': { type: 'boolean', env: 'RELIABILITY_SKIP_LOAD' } }, { positionals: 'after --' });
const skipLoad = FLAGS['skip-load'] === true;

const figuresDir = fs.mkdtempSync(path.join(os.tmpdir(), 'telnyx-reliability-figures-'));
const env = { ...process.env, RELIABILITY_FIGURES_DIR: figuresDir };
// The quick run (part of npm test) drives a share of the trigger invariant's 1,000 sequences.
if (skipLoad && env.TRIGGER_SEQUENCES === undefined) env.TRIGGER_SEQUENCES = '200';
const started = Date.now();

const jest = spawnSync(process.execPath, [require.resolve('jest/bin/jest', { paths: [ROOT] }), '-c', path.join(__dirname, 'jest.config.js')], {
	cwd: ROOT,
	env,
	stdio: 'inherit',
});
const jestMs = Date.now() - started;

let loadCode = null;
if (!skipLoad) {
	const load = spawnSync(process.execPath, [path.join(__dirname, 'load.js'), ...loadArgs], { cwd: ROOT, env, stdio: 'inherit' });
	loadCode = load.status;
}

const parts = {};
for (const file of fs.readdirSync(figuresDir).filter((f) => f.endsWith('.json'))) {
	parts[path.basename(file, '.json')] = JSON.parse(fs.readFileSync(path.join(figuresDir, file), 'utf8'));
}
fs.rmSync(figuresDir, { recursive: true, force: true });

const from = (part, key) => (parts[part] && parts[part][key] !== undefined ? parts[part][key] : null);
const sum = (...values) => (values.every((v) => v === null) ? null : values.reduce((a, v) => a + (v || 0), 0));
const knownBugs = ['faults', 'hostile-responses', 'secrets'].flatMap((part) => from(part, 'known_bugs') || []);
const jestPassed = jest.status === 0;
const loadPassed = loadCode === null ? null : loadCode === 0 ? true : loadCode === 2 ? null : false;

const summary = {
	faults_injected: sum(from('faults', 'faults_injected'), from('hostile-responses', 'faults_injected'), from('secrets', 'faults_injected')),
	random_faults_injected: from('faults', 'faults_injected'),
	records_expected: from('faults', 'records_expected'),
	records_returned_unique: from('faults', 'records_returned_unique'),
	records_lost: from('faults', 'records_lost'),
	records_duplicated: from('faults', 'records_duplicated'),
	gets_ok: from('faults', 'gets_ok'),
	gets_failed_clearly: from('faults', 'gets_failed_clearly'),
	creates_succeeded: from('faults', 'creates_succeeded'),
	creates_failed_ambiguous: from('faults', 'creates_failed_ambiguous'),
	rooms_created_on_sandbox: from('faults', 'rooms_created_on_sandbox'),
	duplicate_creates: from('faults', 'duplicate_creates'),
	failed_page_runs_refused: from('faults', 'failed_page_runs_refused'),
	bad_inputs_tried: from('bad-input', 'bad_inputs_tried'),
	bad_inputs_clear: from('bad-input', 'bad_inputs_clear'),
	requests_on_bad_input: from('bad-input', 'requests_on_bad_input'),
	hostile_cases: from('hostile-responses', 'hostile_cases'),
	hostile_clear_errors: from('hostile-responses', 'hostile_clear_errors'),
	hostile_correct_results: from('hostile-responses', 'hostile_correct_results'),
	hostile_crashes: from('hostile-responses', 'hostile_crashes'),
	fuzz_seed: from('webhook-fuzz', 'fuzz_seed'),
	fuzz_cases: from('webhook-fuzz', 'fuzz_cases'),
	fuzz_executions: from('webhook-fuzz', 'fuzz_executions'),
	fuzz_throws: from('webhook-fuzz', 'fuzz_throws'),
	deliveries: from('load', 'deliveries_accepted') ?? (skipLoad ? null : from('load', 'deliveries')),
	forged_deliveries: from('load', 'forged_deliveries'),
	forged_accepted: from('load', 'forged_accepted'),
	executions: from('load', 'executions'),
	deliveries_per_s: from('load', 'deliveries_per_s'),
	baseline_builtin_webhook_per_s: from('load', 'baseline_builtin_webhook_per_s'),
	webhook_header_auth_per_s: from('load', 'webhook_header_auth_per_s'),
	trigger_vs_webhook_header_auth: from('load', 'trigger_vs_webhook_header_auth'),
	load: skipLoad ? 'skipped (--skip-load)' : from('load', 'load_skipped') || (loadPassed ? 'passed' : 'failed'),
	secret_leaks: from('secrets', 'secret_leaks'),
	secret_leaks_with_echoing_api: from('secrets', 'secret_leaks_with_echoing_api'),
	secret_sent_on_cross_origin_redirect: from('secrets', 'secret_sent_on_cross_origin_redirect'),
	secret_surfaces_checked: from('secrets', 'secret_surfaces_checked'),
	secret_log_lines_captured: from('secrets', 'secret_log_lines_captured'),
	known_bugs: knownBugs.length,
	known_bug_list: knownBugs,
	jest_passed: jestPassed,
	jest_ms: jestMs,
	total_ms: Date.now() - started,
};

process.stdout.write(`${JSON.stringify(summary)}\n`);
process.exit(jestPassed && loadPassed !== false ? 0 : 1);
