'use strict';
// Postgres and Redis for the queue-mode test: installed from Debian packages when missing,
// started on 127.0.0.1 on free ports with their data in a throwaway folder, stopped by PID.
// Postgres refuses to run as root, so it runs as the `postgres` user its package creates.

const fs = require('fs');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { freePort } = require('../../e2e/lib/n8n');

const children = new Set(); // every server we started and have not stopped yet

/** SIGKILLs the process group we created (detached: true). */
function killGroup(pid, signal = 'SIGKILL') {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

process.on('exit', () => {
	for (const child of children) killGroup(child.pid);
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The newest installed Postgres server's bin folder (Debian: /usr/lib/postgresql/<major>/bin). */
function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return undefined;
	const majors = fs
		.readdirSync(base)
		.filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(base, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return majors.length ? path.join(base, majors[0], 'bin') : undefined;
}

function redisServerBin() {
	for (const dir of (process.env.PATH || '').split(':').concat(['/usr/bin', '/usr/local/bin'])) {
		const bin = path.join(dir, 'redis-server');
		if (dir && fs.existsSync(bin)) return bin;
	}
	return undefined;
}

/**
 * Installs the Debian packages whose programs are missing (`apt-get update` once, then
 * `apt-get install -y`). Package scripts must not start system-wide servers of their own on the
 * default ports, so a policy-rc.d denying service starts is in place while apt runs (unless the
 * machine already has one). Returns the packages installed.
 */
function ensureDebianPackages(log = console.log) {
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!redisServerBin()) missing.push('redis-server');
	if (missing.length === 0) return [];
	if (process.getuid && process.getuid() !== 0) {
		throw new Error(`missing ${missing.join(', ')}: install them (apt-get install -y ${missing.join(' ')}) or run as root`);
	}
	const policy = '/usr/sbin/policy-rc.d';
	const ownPolicy = !fs.existsSync(policy);
	if (ownPolicy) fs.writeFileSync(policy, '#!/bin/sh\n# written by test/queue for the duration of apt-get\nexit 101\n', { mode: 0o755 });
	try {
		const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
		for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...missing]]) {
			log(`apt-get ${args.join(' ')}`);
			const res = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
			if (res.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (${res.status}):\n${(res.stdout + res.stderr).slice(-3000)}`);
		}
	} finally {
		if (ownPolicy) fs.rmSync(policy, { force: true });
	}
	if (!postgresBinDir() || !redisServerBin()) throw new Error(`apt-get installed ${missing.join(', ')} but the servers are still not found`);
	return missing;
}

/**
 * Spawns a server in its own process group, keeps its output, resolves once `readyPattern`
 * shows up (or rejects with the output when it exits or times out).
 */
async function spawnServer(name, bin, args, { readyPattern, timeoutMs = 60000, uid, gid, cwd, env }) {
	const child = spawn(bin, args, {
		cwd,
		env: env || process.env,
		uid,
		gid,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	children.add(child);
	let out = '';
	const onData = (d) => {
		out = (out + d).slice(-200000);
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	exited.then(() => children.delete(child));
	const server = {
		name,
		pid: child.pid,
		output: () => out,
		exited,
		async stop(graceMs = 10000) {
			if (child.exitCode === null && child.signalCode === null) {
				killGroup(child.pid, 'SIGTERM');
				const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
				await exited;
				clearTimeout(timer);
			}
			killGroup(child.pid, 'SIGKILL');
		},
	};
	const deadline = Date.now() + timeoutMs;
	while (!readyPattern.test(out)) {
		if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
			await server.stop();
			throw new Error(`${name} did not start (${child.exitCode ?? child.signalCode ?? 'timeout'}):\n${out.slice(-3000)}`);
		}
		await sleep(100);
	}
	return server;
}

/** uid/gid of a system user (from /etc/passwd). */
function systemUser(name) {
	const line = fs
		.readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((l) => l.startsWith(`${name}:`));
	if (!line) throw new Error(`no system user "${name}" (the postgresql package creates it)`);
	const [, , uid, gid] = line.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throwaway Postgres: initdb into <dir>/data (owned by `postgres`), socket in <dir>/socket,
 * TCP on 127.0.0.1:<free port>, trust auth, no fsync (test data only). Creates database `n8n`
 * owned by role `n8n`. Resolves { host, port, user, password, database, pid, stop() }.
 */
async function startPostgres(dir) {
	const bin = postgresBinDir();
	if (!bin) throw new Error('postgres is not installed');
	const isRoot = process.getuid && process.getuid() === 0;
	const user = isRoot ? systemUser('postgres') : {};
	const dataDir = path.join(dir, 'data');
	const socketDir = path.join(dir, 'socket');
	fs.mkdirSync(dir, { recursive: true });
	fs.chmodSync(path.dirname(dir), 0o755); // the postgres user must reach its folder
	fs.chmodSync(dir, 0o755);
	for (const d of [dataDir, socketDir]) {
		fs.mkdirSync(d, { recursive: true, mode: 0o700 });
		if (isRoot) fs.chownSync(d, user.uid, user.gid);
	}
	const asUser = { uid: user.uid, gid: user.gid, cwd: dir, env: { PATH: process.env.PATH, HOME: dir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } };
	const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'n8n', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
		...asUser,
		encoding: 'utf8',
	});
	if (init.status !== 0) throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
	const port = await freePort();
	const server = await spawnServer(
		'postgres',
		path.join(bin, 'postgres'),
		[
			'-D', dataDir,
			'-k', socketDir,
			'-h', '127.0.0.1',
			'-p', String(port),
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ ...asUser, readyPattern: /database system is ready to accept connections/ },
	);
	const created = spawnSync(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n'], { encoding: 'utf8' });
	if (created.status !== 0) {
		await server.stop();
		throw new Error(`createdb failed: ${created.stderr}`);
	}
	return { ...server, host: '127.0.0.1', port, user: 'n8n', password: 'n8n', database: 'n8n', version: path.basename(path.dirname(bin)) };
}

/** A throwaway Redis on 127.0.0.1:<free port>, nothing persisted, working dir <dir>. */
async function startRedis(dir) {
	const bin = redisServerBin();
	if (!bin) throw new Error('redis-server is not installed');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const server = await spawnServer(
		'redis',
		bin,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--protected-mode', 'yes'],
		{ cwd: dir, readyPattern: /Ready to accept connections/ },
	);
	return { ...server, host: '127.0.0.1', port };
}

/** Stops every server still running (for signal handlers). */
async function stopAllServers() {
	await Promise.all([...children].map((child) => {
		killGroup(child.pid, 'SIGTERM');
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				killGroup(child.pid, 'SIGKILL');
				resolve();
			}, 5000);
			child.once('exit', () => {
				clearTimeout(timer);
				resolve();
			});
		});
	}));
}

module.exports = { ensureDebianPackages, startPostgres, startRedis, stopAllServers, freePort, postgresBinDir, redisServerBin };
