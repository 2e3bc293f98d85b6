'use strict';
// Reads n8n's executions straight from its Postgres (faster than 1,000 REST calls), with the
// `pg` and `flatted` that n8n itself ships, so the test needs no dependency of its own.

const path = require('path');
const { cachePaths } = require('../../../scripts/install-n8n.js');

function fromN8n(version, name) {
	const { n8nBin } = cachePaths(version);
	return require(require.resolve(name, { paths: [path.dirname(n8nBin)] }));
}

async function connect(version, pg) {
	const { Client } = fromN8n(version, 'pg');
	const flatted = fromN8n(version, 'flatted');
	const client = new Client({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: pg.database });
	await client.connect();
	const db = {
		query: (sql, params) => client.query(sql, params).then((r) => r.rows),
		/** [{ id, status, mode, finished }] of a workflow's executions (id as string). */
		async executions(workflowId) {
			const rows = await db.query(
				'SELECT id::text AS id, status, mode, finished FROM execution_entity WHERE "workflowId" = $1 ORDER BY id',
				[workflowId],
			);
			return rows;
		},
		/** Executions with their run data decoded: [{ id, status, data }]. */
		async executionsWithData(workflowId, ids) {
			const rows = await db.query(
				`SELECT e.id::text AS id, e.status, d.data FROM execution_entity e JOIN execution_data d ON d."executionId" = e.id
				 WHERE e."workflowId" = $1 ${ids ? 'AND e.id = ANY($2::int[])' : ''} ORDER BY e.id`,
				ids ? [workflowId, ids.map(Number)] : [workflowId],
			);
			return rows.map((r) => ({ id: r.id, status: r.status, data: flatted.parse(r.data) }));
		},
		/** Waits until the workflow has `count` executions and none is still queued or running. */
		async settle(workflowId, { count, timeoutMs = 180000, intervalMs = 500 } = {}) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const rows = await db.executions(workflowId);
				const open = rows.filter((r) => ['new', 'running', 'waiting'].includes(r.status));
				if (rows.length >= count && open.length === 0) return rows;
				if (Date.now() > deadline) {
					throw new Error(`timed out waiting for ${count} finished executions of ${workflowId}: ${rows.length} exist, ${open.length} open`);
				}
				await new Promise((r) => setTimeout(r, intervalMs));
			}
		},
		close: () => client.end(),
	};
	return db;
}

/** The first output item (json) of a node in decoded run data; for a run that never started
 * (queued, then crashed) the trigger's item is still on the execution stack. */
function firstItem(data, nodeName) {
	const runs = data.resultData && data.resultData.runData && data.resultData.runData[nodeName];
	if (runs && runs[0] && runs[0].data) return runs[0].data.main[0][0].json;
	const stack = (data.executionData && data.executionData.nodeExecutionStack) || [];
	for (const entry of stack) {
		const item = entry.data && entry.data.main && entry.data.main[0] && entry.data.main[0][0];
		if (item) return item.json;
	}
	return undefined;
}

module.exports = { connect, firstItem, fromN8n };
