#!/usr/bin/env node
'use strict';
// node test/sandbox/cli.js --port 4010 [--host 127.0.0.1] [--api-key KEY]
//   [--seed demo | --rooms N --sessions-per-room N --participants-per-session N --recordings N --compositions N]
//   [--webhook-url URL] [--latency MS] [--rate-limit PER_SEC] [--error-style spec|errors] [--prng-seed N]
// Prints one JSON line {"url","publicKey","port"} once listening; runs until SIGTERM/SIGINT.
const { startSandbox } = require('./index');
const { parseFlags } = require('../../scripts/lib/args');

const DEMO = { rooms: 3, sessionsPerRoom: 2, participantsPerSession: 2, recordings: 10, compositions: 2 };
/** Seed sizes: flag -> startSandbox seed field (given ones override --seed demo's). */
const SEED_SIZES = {
	rooms: 'rooms', 'sessions-per-room': 'sessionsPerRoom', 'participants-per-session': 'participantsPerSession',
	recordings: 'recordings', compositions: 'compositions',
};
const FLAGS = {
	port: { type: 'number', default: 4010 },
	host: { type: 'string', default: '127.0.0.1' },
	'api-key': { type: 'string' },
	seed: { type: 'string', hint: 'demo' },
	...Object.fromEntries(Object.keys(SEED_SIZES).map((name) => [name, { type: 'number' }])),
	'webhook-url': { type: 'string', hint: 'url' },
	latency: { type: 'number', hint: 'ms' },
	'rate-limit': { type: 'number', hint: 'per second' },
	'error-style': { type: 'string', hint: 'spec|errors' },
	'prng-seed': { type: 'number' },
	help: { type: 'boolean', short: 'h' },
};

function parse(argv) {
	const { values } = parseFlags(argv, FLAGS);
	if (values.help) {
		process.stdout.write(`${require('node:fs').readFileSync(__filename, 'utf8').split('\n').slice(2, 6).join('\n')}\n`);
		process.exit(0);
	}
	if (values.seed !== undefined && values.seed !== 'demo') throw new Error('--seed accepts only "demo" (use --rooms/--recordings/... otherwise)');
	let seed = values.seed === 'demo' ? { ...DEMO } : null;
	for (const [flag, field] of Object.entries(SEED_SIZES)) {
		if (values[flag] !== undefined) seed = { ...(seed || {}), [field]: values[flag] };
	}
	if (values['webhook-url'] !== undefined) seed = { ...(seed || {}), webhookEventUrl: values['webhook-url'] };
	const config = {};
	if (values.latency !== undefined) config.latencyMs = values.latency;
	if (values['rate-limit'] !== undefined) config.rateLimit = { perSecond: values['rate-limit'] };
	if (values['error-style'] !== undefined) config.errorStyle = values['error-style'];
	return { port: values.port, host: values.host, apiKey: values['api-key'], prngSeed: values['prng-seed'], seed, config };
}

async function main() {
	let o;
	try { o = parse(process.argv.slice(2)); } catch (e) {
		process.stderr.write(`${e.message}\n`);
		process.exit(2);
	}
	const sb = await startSandbox({ port: o.port, host: o.host, apiKey: o.apiKey, prngSeed: o.prngSeed, seed: o.seed || undefined, ...o.config });
	process.stdout.write(`${JSON.stringify({ url: sb.url, publicKey: sb.publicKey, port: sb.port })}\n`);
	let closing = false;
	const stop = () => {
		if (closing) return;
		closing = true;
		sb.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}

main().catch((e) => {
	process.stderr.write(`${e.stack || e.message}\n`);
	process.exit(1);
});
