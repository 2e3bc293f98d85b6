'use strict';
/*
 * A client process: runs the node (through the n8n-core harness) or the official SDK when the
 * orchestrator asks, and times it. One process per group of measurements, so that its peak RSS
 * belongs to that group only.
 *
 * Messages in:  { id, cmd, arg }  (see `commands` below)
 * Messages out: { id, ok, value | error }
 */
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { mapWithConcurrency, times } = require('../../scripts/lib/pool');

const API_KEY = 'KEY_bench';
let harness;
let TelnyxVideo;
let TelnyxVideoApi;
let Telnyx;
let inputs = {};

const cpuMs = (u) => (u.user + u.system) / 1000;

/** A GET-JSON function on bare node:http or node:https (by the URL's scheme), one agent for all. */
function rawClient(url, keepAlive) {
	const lib = url.startsWith('https:') ? require('node:https') : require('node:http');
	const agent = new lib.Agent({ keepAlive, maxSockets: 64, ...(keepAlive ? {} : { maxCachedSessions: 0 }) });
	const get = (p) =>
		new Promise((resolve, reject) => {
			const req = lib.get(`${url}${p}`, { agent, headers: { authorization: `Bearer ${API_KEY}`, accept: 'application/json' } }, (res) => {
				const chunks = [];
				res.on('data', (c) => chunks.push(c));
				res.on('end', () => {
					try {
						resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
					} catch (error) {
						reject(error);
					}
				});
				res.on('error', reject);
			});
			req.on('error', reject);
		});
	get.agent = agent;
	return get;
}

/** The node's own defaults for Page Concurrency and Concurrency, read from its description. */
function nodeDefaults() {
	const found = {};
	const walk = (props) => {
		for (const p of props || []) {
			if ((p.name === 'pageConcurrency' || p.name === 'concurrency') && typeof p.default === 'number') found[p.name] ??= p.default;
			walk(p.options);
			walk(p.values);
		}
	};
	walk(new TelnyxVideo().description.properties);
	return found;
}

const commands = {
	/** Loads the compiled node + harness (ours) or the SDK; reports how long that took. */
	load({ buildDir, sdk }) {
		const t = performance.now();
		if (sdk) {
			const mod = require('telnyx');
			Telnyx = mod.default ?? mod.Telnyx ?? mod;
		} else {
			harness = require(path.join(buildDir, 'test', 'harness'));
			({ TelnyxVideo } = require(path.join(buildDir, 'nodes', 'TelnyxVideo', 'TelnyxVideo.node')));
			({ TelnyxVideoApi } = require(path.join(buildDir, 'credentials', 'TelnyxVideoApi.credentials')));
		}
		return { loadMs: performance.now() - t, rssMb: process.memoryUsage().rss / 2 ** 20, defaults: sdk ? undefined : nodeDefaults() };
	},

	setInput({ name, ids }) {
		inputs[name] = ids.map((id) => ({ id }));
		return ids.length;
	},

	/** One execution of the node in a workflow, exactly as n8n runs it. */
	async ours({ url, parameters, input, limit }) {
		const items = input ? inputs[input].slice(0, limit) : undefined;
		// time spent inside the node's execute(), to tell it apart from the engine around it
		const node = new TelnyxVideo();
		const execute = node.execute;
		let executeMs = 0;
		node.execute = async function () {
			const started = performance.now();
			try {
				return await execute.call(this);
			} finally {
				executeMs = performance.now() - started;
			}
		};
		const cpu = process.cpuUsage();
		const t = performance.now();
		const result = await harness.runNode({
			node,
			parameters,
			input: items,
			credentials: { telnyxVideoApi: { apiKey: API_KEY, publicKey: '', baseUrl: `${url}/v2` } },
			credentialTypes: [new TelnyxVideoApi()],
		});
		const ms = performance.now() - t;
		const clientCpuMs = cpuMs(process.cpuUsage(cpu));
		const out = result.items;
		const failed = out.filter((item) => item.json && item.json.error !== undefined).length;
		return {
			ms,
			engineMs: ms - executeMs,
			clientCpuMs,
			items: out.length,
			failed,
			error: result.error ? String(result.error.message) : undefined,
		};
	},

	/** What a user would write in a Code node: the SDK's auto-pager with `for await`. */
	async sdk({ url, pageSize }) {
		const client = new Telnyx({ apiKey: API_KEY, baseURL: `${url}/v2` });
		const cpu = process.cpuUsage();
		const t = performance.now();
		const all = [];
		const query = pageSize === undefined ? undefined : { 'page[size]': pageSize };
		for await (const recording of client.roomRecordings.list(query)) all.push(recording);
		const ms = performance.now() - t;
		return { ms, clientCpuMs: cpuMs(process.cpuUsage(cpu)), items: all.length, failed: 0 };
	},

	/**
	 * Where the time of one list page goes on the client: JSON.parse of a 250-record page body
	 * (fetched once with plain fetch), averaged over `repeat` parses.
	 */
	async parseCost({ url, repeat = 200 }) {
		const res = await fetch(`${url}/v2/room_recordings?page[size]=250`, {
			headers: { authorization: `Bearer ${API_KEY}` },
		});
		const text = await res.text();
		const t = performance.now();
		for (let i = 0; i < repeat; i++) JSON.parse(text);
		return { bytes: Buffer.byteLength(text), parseMs: (performance.now() - t) / repeat };
	},

	/** Plain keep-alive round trips (fetch/undici): the floor any client pays per request. */
	async rawRtt({ url, path: p, repeat = 10 }) {
		const times = [];
		for (let i = 0; i < repeat; i++) {
			const t = performance.now();
			const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${API_KEY}` } });
			await res.arrayBuffer();
			times.push(performance.now() - t);
		}
		times.sort((a, b) => a - b);
		return { minMs: times[0], medianMs: times[Math.floor(times.length / 2)] };
	},

	/**
	 * The same Return All strategy as the node (page 1, then the rest with `concurrency` lanes),
	 * written against bare Node HTTP(S) with no framework: the floor this machine and sandbox allow.
	 * `keepAlive: false` opens a connection per request, as n8n's request helper does (it builds a
	 * new agent per request, so it resumes no TLS session either: maxCachedSessions 0 here).
	 */
	async rawPager({ url, concurrency = 8, keepAlive = true }) {
		const get = rawClient(url, keepAlive);
		const cpu = process.cpuUsage();
		const t = performance.now();
		const first = await get('/v2/room_recordings?page[number]=1&page[size]=250');
		const rest = await times(Math.max(0, first.meta.total_pages - 1), concurrency, (i) => get(`/v2/room_recordings?page[number]=${i + 2}&page[size]=250`));
		const records = [first, ...rest].flatMap((p) => p.data);
		const ms = performance.now() - t;
		get.agent.destroy();
		return { ms, clientCpuMs: cpuMs(process.cpuUsage(cpu)), items: records.length, failed: 0 };
	},

	/** Per-item Gets of `input` ids on bare Node HTTP(S), `concurrency` at a time: the per-item floor. */
	async rawGets({ url, input, concurrency = 8, keepAlive = false, limit }) {
		const ids = inputs[input].slice(0, limit).map((item) => item.id);
		const get = rawClient(url, keepAlive);
		const cpu = process.cpuUsage();
		const t = performance.now();
		let items = 0;
		await mapWithConcurrency(ids, concurrency, async (id) => {
			const body = await get(`/v2/room_recordings/${id}`);
			if (body.data) items++;
		});
		const ms = performance.now() - t;
		get.agent.destroy();
		return { ms, clientCpuMs: cpuMs(process.cpuUsage(cpu)), items, failed: ids.length - items };
	},

	/** What a Code node looping over its items would write: one SDK client, one Get after another. */
	async sdkGets({ url, input, limit }) {
		const ids = inputs[input].slice(0, limit).map((item) => item.id);
		const client = new Telnyx({ apiKey: API_KEY, baseURL: `${url}/v2` });
		const cpu = process.cpuUsage();
		const t = performance.now();
		let items = 0;
		for (const id of ids) {
			const res = await client.roomRecordings.retrieve(id);
			if (res.data) items++;
		}
		const ms = performance.now() - t;
		return { ms, clientCpuMs: cpuMs(process.cpuUsage(cpu)), items, failed: ids.length - items };
	},

	usage() {
		const usage = process.resourceUsage();
		return { maxRssMb: usage.maxRSS / 1024, rssMb: process.memoryUsage().rss / 2 ** 20 };
	},

	gc() {
		if (global.gc) global.gc();
		return true;
	},
};

process.on('message', async (msg) => {
	try {
		const value = await commands[msg.cmd](msg.arg ?? {});
		process.send({ id: msg.id, ok: true, value });
	} catch (error) {
		process.send({ id: msg.id, ok: false, error: String((error && error.stack) || error) });
	}
});
process.on('disconnect', () => process.exit(0));
