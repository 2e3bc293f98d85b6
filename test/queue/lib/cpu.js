'use strict';
// CPU seconds used per process tree (Linux /proc), to show where a load phase spends its time
// (n8n main, webhook process, workers, Postgres with its backends, Redis, this test).

const fs = require('fs');

const TICKS_PER_S = 100; // USER_HZ on Linux

/** [{ pid, ppid, seconds }] of every live process (user + system CPU). */
function processes() {
	const out = [];
	for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue;
		}
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		out.push({ pid: Number(pid), ppid: Number(fields[1]), seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S });
	}
	return out;
}

/**
 * { rootPid: cpu seconds } for each root and all its live descendants (Postgres backends run in
 * sessions of their own, so process groups would miss them).
 */
function cpuByTree(roots) {
	const all = processes();
	const children = new Map();
	for (const p of all) {
		if (!children.has(p.ppid)) children.set(p.ppid, []);
		children.get(p.ppid).push(p);
	}
	const byPid = new Map(all.map((p) => [p.pid, p]));
	const out = {};
	for (const root of roots) {
		let total = 0;
		const stack = byPid.has(root) ? [byPid.get(root)] : [];
		while (stack.length) {
			const p = stack.pop();
			total += p.seconds;
			stack.push(...(children.get(p.pid) || []));
		}
		out[root] = total;
	}
	return out;
}

/** Starts a measurement over `groups` ({ label: root pid }); stop() gives { label: cpu s } used since. */
function measureCpu(groups) {
	const roots = Object.values(groups);
	const before = cpuByTree(roots);
	const self = process.cpuUsage();
	const t0 = Date.now();
	return {
		stop() {
			const after = cpuByTree(roots);
			const used = {};
			for (const [label, pgid] of Object.entries(groups)) used[label] = round((after[pgid] || 0) - (before[pgid] || 0));
			const me = process.cpuUsage(self);
			used.test = round((me.user + me.system) / 1e6);
			used.wall = round((Date.now() - t0) / 1000);
			return used;
		},
	};
}

const round = (x) => Math.round(x * 10) / 10;

module.exports = { measureCpu, cpuByTree };
