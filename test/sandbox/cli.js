#!/usr/bin/env node
'use strict';
// node test/sandbox/cli.js --port 4010 [--host 127.0.0.1] [--api-key KEY]
//   [--seed demo | --rooms N --sessions-per-room N --participants-per-session N --recordings N --compositions N]
//   [--webhook-url URL] [--latency MS] [--rate-limit PER_SEC] [--error-style spec|errors] [--prng-seed N]
// Prints one JSON line {"url","publicKey","port"} once listening; runs until SIGTERM/SIGINT.
const { startSandbox } = require('./index');

const DEMO = { rooms: 3, sessionsPerRoom: 2, participantsPerSession: 2, recordings: 10, compositions: 2 };
const NUM = {
	'--rooms': 'rooms', '--sessions-per-room': 'sessionsPerRoom', '--participants-per-session': 'participantsPerSession',
	'--recordings': 'recordings', '--compositions': 'compositions',
};

function parse(argv) {
	const o = { port: 4010, host: '127.0.0.1', seed: null, config: {} };
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		const val = () => {
			const x = argv[++i];
			if (x === undefined) throw new Error(`${a} needs a value`);
			return x;
		};
		if (a === '--port') o.port = Number(val());
		else if (a === '--host') o.host = val();
		else if (a === '--api-key') o.apiKey = val();
		else if (a === '--prng-seed') o.prngSeed = Number(val());
		else if (a === '--seed') {
			const v = val();
			if (v !== 'demo') throw new Error('--seed accepts only "demo" (use --rooms/--recordings/... otherwise)');
			o.seed = { ...DEMO, ...(o.seed || {}) };
		} else if (NUM[a]) o.seed = { ...(o.seed || {}), [NUM[a]]: Number(val()) };
		else if (a === '--webhook-url') o.seed = { ...(o.seed || {}), webhookEventUrl: val() };
		else if (a === '--latency') o.config.latencyMs = Number(val());
		else if (a === '--rate-limit') o.config.rateLimit = { perSecond: Number(val()) };
		else if (a === '--error-style') o.config.errorStyle = val();
		else if (a === '--help' || a === '-h') {
			process.stdout.write(`${require('node:fs').readFileSync(__filename, 'utf8').split('\n').slice(2, 6).join('\n')}\n`);
			process.exit(0);
		} else throw new Error(`unknown argument ${a}`);
	}
	return o;
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
