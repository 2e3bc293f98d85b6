'use strict';
// A measuring client in its own process (bench/lib/worker.js): calls over IPC, one promise each.

const { fork } = require('node:child_process');
const path = require('node:path');

function startWorker(label, env = process.env) {
	const child = fork(path.join(__dirname, 'worker.js'), [label], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const pending = new Map();
	let nextId = 1;
	child.on('message', (msg) => {
		const waiter = pending.get(msg.id);
		if (!waiter) return;
		pending.delete(msg.id);
		if (msg.ok) waiter.resolve(msg.value);
		else waiter.reject(new Error(`${label}: ${msg.error}`));
	});
	child.on('exit', (code) => {
		for (const waiter of pending.values()) waiter.reject(new Error(`${label} exited (${code})`));
		pending.clear();
	});
	return {
		call: (cmd, arg) =>
			new Promise((resolve, reject) => {
				const id = nextId++;
				pending.set(id, { resolve, reject });
				child.send({ id, cmd, arg });
			}),
		close: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', resolve);
				child.disconnect();
			}),
	};
}

module.exports = { startWorker };
