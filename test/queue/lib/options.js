'use strict';
// The queue suite's flags (see run.js's header) and fixed settings.

const path = require('path');
const { readFlags, envPairs } = require('../../../scripts/lib/args');
const { PACKAGE_NAME } = require('../../e2e/lib/n8n');

const ROOT = path.resolve(__dirname, '../../..');
const VERSION = '2.41.1';
const API_KEY = 'KEY_queue_mode_9c1d';
const POLL_TRIGGER = `${PACKAGE_NAME}.telnyxVideoPollTrigger`;

const { values: FLAGS } = readFlags({
	'skip-build': { type: 'boolean', default: false },
	keep: { type: 'boolean', default: false },
	deliveries: { type: 'number', default: 1000 },
	forged: { type: 'number', default: 100 },
	concurrency: { type: 'number', default: 16 },
	recordings: { type: 'number', default: 10000 },
	baseline: { type: 'number', default: 200 },
	env: { type: 'string', multiple: true, default: [], hint: 'KEY=VALUE' },
	'package-dir': { type: 'string', hint: 'dir' },
});
const DELIVERIES = FLAGS.deliveries;
const FORGED = FLAGS.forged;
const CONCURRENCY = FLAGS.concurrency;
const RECORDINGS = FLAGS.recordings;
/** Deliveries to n8n's own Webhook node first, through the same webhook process (0 = off). */
const BASELINE = FLAGS.baseline;
const KEEP = FLAGS.keep;
/** Extra n8n settings for every process, e.g. --env N8N_EXPRESSION_ENGINE=legacy (repeatable). */
const EXTRA_ENV = envPairs(FLAGS.env);
const BUILD = !FLAGS['skip-build'];
/** Pack this built package folder instead of the checkout (e.g. another branch's build). */
const PACKAGE_DIR = FLAGS['package-dir'] !== undefined ? path.resolve(FLAGS['package-dir']) : ROOT;
/** The reliability suite's single-process figure (test/reliability/load.js, n8n 2.41.1, same machine class). */
const SINGLE_PROCESS_PER_S = '10-12';

// A stalled job surfaces after the lock expires and the next stall check: 60 s + 30 s by
// default. Shorter here so the crash check takes seconds; the behaviour is the same.
const LOCK_ENV = { QUEUE_WORKER_LOCK_DURATION: '15000', QUEUE_WORKER_LOCK_RENEW_TIME: '3000', QUEUE_WORKER_STALLED_INTERVAL: '5000' };
// The webhook process keeps the failed executions of a killed worker as active and waits for
// them at shutdown (30 s by default): shorter, so the teardown is quick.
const SHUTDOWN_ENV = { N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5' };

module.exports = {
	ROOT,
	VERSION,
	API_KEY,
	POLL_TRIGGER,
	DELIVERIES,
	FORGED,
	CONCURRENCY,
	RECORDINGS,
	BASELINE,
	KEEP,
	EXTRA_ENV,
	BUILD,
	PACKAGE_DIR,
	SINGLE_PROCESS_PER_S,
	LOCK_ENV,
	SHUTDOWN_ENV,
};
