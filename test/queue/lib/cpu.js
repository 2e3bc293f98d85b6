'use strict';
// CPU seconds used per process group (Linux /proc), to show where a load phase spends its time
// (n8n main, webhook process, workers, Postgres with its backends, Redis, this test).

const fs = require('fs');

const TICKS_PER_S = 100; // USER_HZ on Linux

/** { pgid: cpu seconds (user + system) } summed over every live process in each group. */
function cpuByGroup() {
	const out = {};
	for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
		} catch {
			continue;
		}
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const pgrp = Number(fields[2]);
		const ticks = Number(fields[11]) + Number(fields[12]);
		out[pgrp] = (out[pgrp] || 0) + ticks / TICKS_PER_S;
	}
	return out;
}

/** Starts a measurement over `groups` ({ label: pgid }); stop() gives { label: cpu s } used since. */
function measureCpu(groups) {
	const before = cpuByGroup();
	const self = process.cpuUsage();
	const t0 = Date.now();
	return {
		stop() {
			const after = cpuByGroup();
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

module.exports = { measureCpu, cpuByGroup };
