'use strict';
/** Starts bench/lib/sandbox-child.js and talks to it over IPC. */
const { fork } = require('node:child_process');
const path = require('node:path');

async function startSandboxProcess(opts) {
	const child = fork(path.join(__dirname, 'sandbox-child.js'), [JSON.stringify(opts)], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const pending = new Map();
	let nextId = 1;
	const { url, httpsPort } = await new Promise((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`sandbox exited early (${code})`)));
		child.on('message', (msg) => {
			if (msg.ready) return resolve(msg.ready);
			const waiter = pending.get(msg.id);
			if (!waiter) return;
			pending.delete(msg.id);
			if (msg.ok) waiter.resolve(msg.value);
			else waiter.reject(new Error(msg.error));
		});
	});
	const call = (cmd, arg) =>
		new Promise((resolve, reject) => {
			const id = nextId++;
			pending.set(id, { resolve, reject });
			child.send({ id, cmd, arg });
		});
	return {
		url,
		httpsPort,
		pid: child.pid,
		configure: (partial) => call('configure', partial),
		stats: () => call('stats'),
		resetStats: () => call('resetStats'),
		usage: () => call('usage'),
		ids: (n) => call('ids', n),
		requests: () => call('requests'),
		close: () =>
			new Promise((resolve) => {
				child.once('exit', resolve);
				child.disconnect();
				setTimeout(() => child.kill('SIGTERM'), 3000).unref();
			}),
	};
}

module.exports = { startSandboxProcess };
