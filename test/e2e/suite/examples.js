'use strict';
// examples/*.json in the suite: which example runs where, each made runnable here, and the
// recording-cleanup example as shipped (Dry Run) and gone live.

const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');

const n8n = require('../lib/n8n');
const { byId, nodeJson, TELNYX_TRIGGER } = require('../lib/workflows');
const { takeRequests } = require('./common');

const EXAMPLES = path.resolve(__dirname, '../../../examples');
/** Per example file: the workflow id the suite gives it and how it is driven. */
const EXAMPLE_IDS = {
	'recording-cleanup.json': 'e2eExCleanup0001',
	'room-events-to-chat.json': 'e2eExChat0000001',
	'recording-archive.json': 'e2eExArchive0001',
};
/** Examples another script runs (they need more than this suite starts). */
const EXAMPLES_RUN_ELSEWHERE = {
	'ai-agent-meeting.json': 'test/e2e/ai-agent.js (npm run test:ai)',
	'recording-poll-archive.json': 'test/e2e/poll.js (npm run test:e2e:poll)',
};

/** examples/*.json, as files. */
function exampleFiles() {
	return fs
		.readdirSync(EXAMPLES)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((file) => ({ file, workflow: JSON.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8')) }));
}

/**
 * An example made runnable here: a fixed id, chosen rooms in its trigger, and every
 * `https://<name>.example.com` placeholder URL pointed at the sink (`<sink>/<name>/...`).
 */
function prepareExample(example, { id, sinkUrl, roomIds = [] }) {
	const wf = JSON.parse(JSON.stringify(example));
	wf.id = id;
	wf.active = false;
	for (const node of wf.nodes) {
		if (node.type === TELNYX_TRIGGER) node.parameters.rooms = { room: roomIds.map((r) => ({ roomId: byId(r) })) };
		if (node.type === 'n8n-nodes-base.httpRequest') {
			node.parameters.url = node.parameters.url.replace(/https:\/\/([a-z]+)\.example\.com/, `${sinkUrl}/$1`);
		}
	}
	return wf;
}

/** The recording-cleanup example as shipped (Dry Run on), then with Dry Run off. */
async function cleanupExampleChecks(rep, { sb, session, examples, traffic }) {
	// --- example: scheduled recording cleanup, safe to click, then gone live -----------------
	const cutoffAt = () => new Date(Date.now() - 30 * 86400000).toISOString().slice(0, 10);
	const splitByAge = () => {
		const cutoff = cutoffAt();
		const all = [...sb.store.recordings.values()];
		return {
			cutoff,
			old: all.filter((r) => r.ended_at.slice(0, 10) <= cutoff).map((r) => r.id),
			keep: all.filter((r) => r.ended_at.slice(0, 10) > cutoff).map((r) => r.id),
		};
	};
	await rep.step('example recording-cleanup.json as shipped: Delete Many with Dry Run deletes nothing and says how to go live', async () => {
		const { cutoff, old, keep } = splitByAge();
		assert.ok(old.length > 10 && keep.length >= 5, `seed: ${old.length} old, ${keep.length} recent`);
		const shipped = examples.cleanup.nodes.find((n) => n.parameters.operation === 'deleteMany');
		assert.equal(shipped && shipped.parameters.dryRun, true, 'the shipped example must run Delete Many with Dry Run on');
		const sticky = examples.cleanup.nodes.find((n) => n.type === 'n8n-nodes-base.stickyNote');
		assert.match(sticky.parameters.content, /DRY RUN[\s\S]*To go live[\s\S]*Dry Run\*\* off/);
		const before = [...sb.store.recordings.keys()].sort();
		takeRequests(sb, traffic);
		const run = await n8n.runManually(session, examples.cleanup.id, { triggerName: 'Every day at 03:00' });
		assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error || {}));
		const [summary] = nodeJson(run, 'Summary');
		assert.equal(summary.dry_run, true);
		assert.equal(summary.recordings_count, old.length);
		assert.ok([cutoff, cutoffAt()].includes(summary.ended_on_or_before), summary.ended_on_or_before);
		assert.deepEqual([...summary.recording_ids].sort(), [...old].sort());
		assert.equal(typeof summary.size_mb, 'number');
		assert.match(summary.next_step, /nothing was deleted.*turn off Dry Run/);
		assert.deepEqual([...sb.store.recordings.keys()].sort(), before, 'a dry run deletes nothing');
		const api = takeRequests(sb, traffic);
		assert.deepEqual([...new Set(api.map((r) => r.method))], ['GET'], 'a dry run only reads');
		const list = api.find((r) => r.path === '/room_recordings');
		assert.equal(list.query['filter[date_ended_at][lte]'], summary.ended_on_or_before);
		return `would delete ${summary.recordings_count} (${summary.size_mb} MB), deleted none`;
	});
	await rep.step('example recording-cleanup.json with Dry Run off: deletes only the recordings older than 30 days', async () => {
		const { old, keep } = splitByAge();
		takeRequests(sb, traffic);
		const run = await n8n.runManually(session, examples.cleanupLive.id, { triggerName: 'Every day at 03:00' });
		assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error || {}));
		const [summary] = nodeJson(run, 'Summary');
		assert.equal(summary.dry_run, false);
		assert.equal(summary.recordings_count, old.length);
		assert.match(summary.next_step, new RegExp(`^Deleted ${old.length} recordings`));
		assert.deepEqual([...sb.store.recordings.keys()].sort(), [...keep].sort(), 'only the recent recordings are left');
		const api = takeRequests(sb, traffic);
		const deletes = api.filter((r) => r.method === 'DELETE');
		assert.ok(deletes.length >= 1 && deletes.every((r) => r.path === '/room_recordings' && r.query['filter[date_ended_at][lte]']), 'bulk deletes, always filtered');
		return `deleted ${summary.recordings_count} in ${deletes.length} call(s), kept ${keep.length}`;
	});
}

module.exports = { EXAMPLE_IDS, EXAMPLES_RUN_ELSEWHERE, exampleFiles, prepareExample, cleanupExampleChecks };
