'use strict';
// The action node on a worker: Return All, Delete Many and Download -> upload, every API call
// made by the worker that ran the execution.

const assert = require('assert/strict');
const n8n = require('../../e2e/lib/n8n');
const { byId, telnyx, workflow } = require('../../e2e/lib/workflows');
const { countByOrigin } = require('../lib/origin');
const { workerExecutions } = require('../lib/cluster');
const { RECORDINGS } = require('../lib/options');
const { figures, step, secs } = require('../lib/report');
const { webhookTrigger, uploadBinary } = require('../lib/workflows');

async function actionChecks(ctx) {
	const { session, sb, cluster, db, origin, sink, bulk } = ctx;
	/** Fires a Webhook-started workflow through the webhook process; resolves its finished execution. */
	const runViaWebhook = async (wf, webhookPath) => {
		const res = await fetch(`${cluster.webhookUrl}webhook/${webhookPath}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
		assert.equal(res.status, 200, `webhook ${webhookPath}: ${res.status} ${await res.text()}`);
		const [row] = await db.settle(wf.id, { count: 1, timeoutMs: 180000 });
		const [execution] = await db.executionsWithData(wf.id, [row.id]);
		return execution;
	};
	const workerOf = (executionId) => cluster.workers.filter((w) => workerExecutions(w).finished.has(executionId)).map((w) => w.label);
	const items = (execution, node) => {
		const runs = execution.data.resultData.runData[node];
		assert.ok(runs, `node "${node}" did not run: ${JSON.stringify(execution.data.resultData.error || {}).slice(0, 500)}`);
		return runs[runs.length - 1].data.main[0];
	};

	await step(`action node in a worker: Return All of ${RECORDINGS} recordings, each once, every page requested by that worker`, async () => {
		const trigger = webhookTrigger('Webhook', 'queue-return-all');
		const wf = await n8n.createWorkflow(session, workflow(undefined, 'queue: return all', [[telnyx('All recordings', 'roomRecording', 'getAll', { returnAll: true, filters: { dateStartedAtLte: bulk.lastDay } })]], { trigger }));
		await n8n.activate(session, wf.id);
		origin.clear();
		const t0 = Date.now();
		const execution = await runViaWebhook(wf, 'queue-return-all');
		const ms = Date.now() - t0;
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}).slice(0, 800));
		const ids = items(execution, 'All recordings').map((i) => i.json.id);
		assert.equal(ids.length, RECORDINGS, 'items');
		assert.equal(new Set(ids).size, RECORDINGS, 'unique');
		assert.deepEqual([...ids].sort(), [...bulk.ids].sort(), 'exactly the seeded recordings');
		const ran = workerOf(execution.id);
		assert.equal(ran.length, 1, `execution ${execution.id} finished by ${ran}`);
		// Reads of up to 250 that overlap a little (so a list that moves is still read whole).
		const pages = origin.requests.filter((r) => r.method === 'GET' && r.path === '/room_recordings');
		assert.ok(pages.length >= Math.ceil(RECORDINGS / 250) && pages.length <= Math.ceil(RECORDINGS / 200) + 1, `${pages.length} reads`);
		assert.deepEqual(countByOrigin(pages), { [ran[0]]: pages.length }, 'pages requested by the worker that ran it');
		await n8n.deactivate(session, wf.id);
		figures.return_all = { recordings: RECORDINGS, ms, worker: ran[0] };
		return `${RECORDINGS} items in ${secs(ms)} (webhook to finished), ${pages.length} pages, all from ${ran[0]} (execution ${execution.id})`;
	});

	await step('action node in a worker: Delete Many (dry run off, with a filter) deletes exactly what the filter selects', async () => {
		const cutoff = bulk.deleteCutoff;
		const doomed = bulk.ids.filter((id) => sb.store.recordings.get(id).started_at.slice(0, 10) <= cutoff);
		const kept = [...sb.store.recordings.keys()].filter((id) => !doomed.includes(id));
		assert.ok(doomed.length > RECORDINGS / 50 && kept.length > RECORDINGS / 2, `seed: ${doomed.length} to delete, ${kept.length} to keep`);
		const trigger = webhookTrigger('Webhook', 'queue-delete-many');
		const wf = await n8n.createWorkflow(session, workflow(undefined, 'queue: delete many', [[telnyx('Delete old recordings', 'roomRecording', 'deleteMany', { dryRun: false, filters: { dateStartedAtLte: cutoff } })]], { trigger }));
		await n8n.activate(session, wf.id);
		origin.clear();
		sb.clearRequests();
		const execution = await runViaWebhook(wf, 'queue-delete-many');
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}).slice(0, 800));
		const [out] = items(execution, 'Delete old recordings').map((i) => i.json);
		assert.equal(out.dryRun, false);
		assert.equal(out.deleted, doomed.length, 'deleted count');
		assert.deepEqual([...sb.store.recordings.keys()].sort(), kept.sort(), 'exactly the others are left');
		const deletes = sb.requests.filter((r) => r.method === 'DELETE');
		assert.equal(deletes.length, 1, 'one bulk DELETE');
		assert.equal(deletes[0].query['filter[date_started_at][lte]'], cutoff);
		const ran = workerOf(execution.id);
		assert.equal(ran.length, 1, `execution ${execution.id} finished by ${ran}`);
		assert.deepEqual(countByOrigin(origin.requests), { [ran[0]]: origin.requests.length }, 'API calls from the worker that ran it');
		await n8n.deactivate(session, wf.id);
		return `${doomed.length} deleted (started on or before ${cutoff}), ${kept.length} kept; ${origin.requests.length} API calls from ${ran[0]}`;
	});

	await step('action node in a worker: Download -> the next node uploads the same bytes (binary data mode "database", the queue-mode default)', async () => {
		const recording = [...sb.store.recordings.values()].find((r) => r.status === 'completed' && r.type === 'video');
		assert.ok(recording, 'a completed video recording');
		const trigger = webhookTrigger('Webhook', 'queue-download');
		const wf = await n8n.createWorkflow(
			session,
			workflow(undefined, 'queue: download', [[
				telnyx('Download recording', 'roomRecording', 'download', { roomRecordingId: byId(recording.id), binaryPropertyName: 'file' }),
				uploadBinary('Upload', `=${sink.url}/storage/{{ $binary.file.fileName }}`, 'file'),
			]], { trigger }),
		);
		await n8n.activate(session, wf.id);
		sink.clear();
		const execution = await runViaWebhook(wf, 'queue-download');
		assert.equal(execution.status, 'success', JSON.stringify(execution.data.resultData.error || {}).slice(0, 800));
		const [file] = items(execution, 'Download recording');
		const binary = file.binary && file.binary.file;
		assert.ok(binary, 'binary property "file"');
		assert.equal(binary.mimeType, 'video/webm');
		assert.equal(binary.fileName, `${recording.id}.webm`);
		assert.match(String(binary.id), /^database:/, `binary stored in the database (id ${binary.id})`);
		assert.equal(binary.data, 'database', 'no inline bytes in the run data');
		const original = Buffer.from(await (await fetch(recording.download_url)).arrayBuffer());
		const upload = sink.requests.find((r) => r.url.startsWith('/storage/'));
		assert.ok(upload, 'nothing uploaded');
		assert.equal(upload.url, `/storage/${recording.id}.webm`);
		assert.ok(upload.bytes.equals(original), `uploaded ${upload.bytes.length} bytes, the file has ${original.length}`);
		const stored = await db.query('SELECT "sourceType", "fileSize" FROM binary_data WHERE "sourceId" = $1', [execution.id]);
		assert.ok(stored.length >= 1, 'a binary_data row for the execution');
		const ran = workerOf(execution.id);
		assert.equal(ran.length, 1);
		await n8n.deactivate(session, wf.id);
		figures.binary_data_mode = 'database';
		return `${original.length} bytes byte-identical; binary id ${binary.id.slice(0, 20)}…, ${stored.length} row(s) in Postgres binary_data (${stored.map((r) => `${r.sourceType} ${r.fileSize} B`).join(', ')}); ran on ${ran[0]}`;
	});
}

module.exports = { actionChecks };
