'use strict';
// n8n in queue mode on one host: one main (`n8n start`: editor, activation, pollers), workers
// (`n8n worker`: executions) and one webhook process (`n8n webhook`: production webhooks), all
// sharing the encryption key (n8nEnv sets the same one), Postgres, Redis and one user folder
// (so the community package is installed once for all). Each process gets its own ports.

const path = require('path');
const n8n = require('../../e2e/lib/n8n');
const { freePort } = require('./services');

/** The settings every process of the cluster shares. */
function sharedEnv({ pg, redis, webhookUrl, extra = {} }) {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: pg.password,
		// Production webhook URLs (what the trigger writes into the rooms) lead to the webhook process.
		N8N_WEBHOOK_URL: webhookUrl,
		// Per-execution lines "Worker started/finished execution <id>" tell which worker ran what.
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...extra,
	};
}

/**
 * Starts the cluster: main first (it runs the migrations), then the webhook process and the
 * workers in parallel. Resolves { main, webhook, workers, processes(), all(), stop() }.
 * `logDir` gets one log per process; `roleEnv` adds settings per role ({ main, webhook, worker }).
 */
/** freePort(), but never one this run has handed out already (the OS may offer a released port again). */
function portAllocator() {
	const given = new Set();
	return async function uniquePort() {
		for (;;) {
			const port = await freePort();
			if (!given.has(port)) {
				given.add(port);
				return port;
			}
		}
	};
}

async function startCluster({ version, userFolder, pg, redis, workers = 2, logDir, extraEnv = {}, roleEnv = {}, say = () => {} }) {
	const uniquePort = portAllocator();
	const webhookPort = await uniquePort();
	const webhookUrl = `http://127.0.0.1:${webhookPort}/`;
	const env = sharedEnv({ pg, redis, webhookUrl, extra: extraEnv });
	const started = [];
	const start = async (label, command, own = {}) => {
		const port = own.port || (await uniquePort());
		const brokerPort = await uniquePort();
		const healthPort = await uniquePort();
		const instance = await n8n.startN8n({
			version,
			userFolder,
			command,
			port,
			brokerPort,
			env: { ...env, QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort), ...own.env },
			logFile: path.join(logDir, `${label}.log`),
			timeoutMs: 180000,
		});
		instance.label = label;
		instance.healthPort = healthPort;
		started.push(instance);
		say(`${label} (n8n ${command}) up: pid ${instance.pid}, port ${instance.port}, broker ${instance.brokerPort}, health ${healthPort}, boot ${(instance.bootMs / 1000).toFixed(1)} s`);
		return instance;
	};
	const cluster = {
		webhookUrl,
		main: undefined,
		webhook: undefined,
		workers: [],
		/** [{ label, pid }] of the n8n processes still running. */
		processes: () => started.filter((i) => i.exitCode === undefined).map((i) => ({ label: i.label, pid: i.pid })),
		all: () => started.slice(),
		async stop() {
			await Promise.all(started.map((i) => i.stop()));
		},
	};
	try {
		cluster.main = await start('main', 'start', { env: roleEnv.main });
		const [webhook, ...ws] = await Promise.all([
			start('webhook', 'webhook', { port: webhookPort, env: roleEnv.webhook }),
			...Array.from({ length: workers }, (_, i) => start(`worker-${i + 1}`, 'worker', { env: roleEnv.worker })),
		]);
		cluster.webhook = webhook;
		cluster.workers = ws;
	} catch (err) {
		await cluster.stop();
		throw err;
	}
	for (const i of started) i.exited.then(() => (i.exitCode = 'exited'));
	return cluster;
}

/** Execution ids a worker logged as started / finished / errored (its own output). */
function workerExecutions(worker) {
	const out = worker.output();
	const ids = (re) => new Set([...out.matchAll(re)].map((m) => m[1]));
	const finished = ids(/Worker finished execution (\d+)/g);
	const errored = ids(/Worker errored while running execution (\d+)/g);
	return {
		started: ids(/Worker started execution (\d+)/g),
		finished,
		errored,
		/** finished or errored: the worker is done with it */
		done: new Set([...finished, ...errored]),
	};
}

module.exports = { startCluster, sharedEnv, workerExecutions };
