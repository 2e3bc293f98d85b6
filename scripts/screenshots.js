#!/usr/bin/env node
'use strict';
/*
 * Screenshots of the editor, taken in the real `npm start` n8n by headless Chromium (Debian's
 * /usr/bin/chromium, driven by the dev dependency playwright-core), one or two per item of
 * issue #12 (file names start with the item's number):
 *
 *   node scripts/screenshots.js                 # the working tree  -> docs/screenshots/after/
 *   node scripts/screenshots.js --ref 8479c40   # a commit (0.1.0)  -> docs/screenshots/before/
 *   options: [--out <dir>] [--port=5690] [--sandbox-port=4090] [--skip-build] [--only 05]
 *
 * Starts that checkout's own scripts/start.js (so a commit is shown with its own build, examples
 * and demo set-up) on the given ports (not the demo's 5678/4010), signs in through the sign-in
 * form, sets up one workflow per shot over REST, opens each node's panel by URL and saves a PNG
 * per shot. `--ref` unpacks the commit with `git archive` into a temporary folder that borrows
 * this checkout's node_modules (a superset of 0.1.0's dev dependencies), and removes it after.
 * Stops everything it started. `apt-get install -y chromium` if missing.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { cleanEnv } = require('./lib/clean-env');
const { parseStartBanner } = require('./lib/start-banner');
const { parseFlags } = require('./lib/args');
const { chromium } = require('playwright-core');
const n8n = require('../test/e2e/lib/n8n.js');

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
];
const CREDENTIALS = { telnyxVideoApi: { id: 'telnyxSandboxDemo', name: 'Telnyx Video (local sandbox)' } };
const TELNYX = 'n8n-nodes-telnyx-video.telnyxVideo';

function args() {
	const { values } = parseFlags(process.argv.slice(2), {
		ref: { type: 'string', hint: 'commit' },
		out: { type: 'string', hint: 'dir' },
		port: { type: 'number', default: 5690 },
		'sandbox-port': { type: 'number', default: 4090 },
		'skip-build': { type: 'boolean', default: false },
		only: { type: 'string', default: '', hint: 'prefix' },
	});
	const ref = values.ref;
	return {
		ref,
		out: path.resolve(ROOT, values.out || (ref ? 'docs/screenshots/before' : 'docs/screenshots/after')),
		port: values.port,
		sandboxPort: values['sandbox-port'],
		skipBuild: values['skip-build'],
		only: values.only,
	};
}

const say = (msg) => process.stdout.write(`[screenshots] ${msg}\n`);

/** The commit's files in a temporary folder, with this checkout's node_modules linked in. */
function checkoutRef(ref) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telnyx-video-screenshots-'));
	const tar = path.join(dir, 'ref.tar');
	const archive = spawnSync('git', ['-C', ROOT, 'archive', '--format=tar', '-o', tar, ref], { encoding: 'utf8' });
	if (archive.status !== 0) throw new Error(`git archive ${ref} failed: ${archive.stderr}`);
	const untar = spawnSync('tar', ['-xf', tar, '-C', dir], { encoding: 'utf8' });
	if (untar.status !== 0) throw new Error(`unpacking ${ref} failed: ${untar.stderr}`);
	fs.rmSync(tar);
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	return dir;
}

/**
 * `npm start` of `checkout` on our ports, in its own process group; resolves the banner's URL, login
 * and sandbox API URL.
 */
function startDemo(opts, checkout) {
	const cli = [path.join(checkout, 'scripts', 'start.js'), `--port=${opts.port}`, `--sandbox-port=${opts.sandboxPort}`];
	if (opts.skipBuild) cli.push('--skip-build');
	const child = spawn(process.execPath, cli, { cwd: checkout, env: cleanEnv(), detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
	const exited = new Promise((resolve) => child.once('exit', resolve));
	let text = '';
	const ready = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('npm start printed no banner in 10 minutes')), 600000);
		child.stdout.on('data', (chunk) => {
			text += chunk;
			const banner = parseStartBanner(text);
			const api = /local sandbox at (http:\/\/\S+)/.exec(text);
			if (banner && api) {
				clearTimeout(timer);
				resolve({ ...banner, apiUrl: api[1] });
			}
		});
		child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`npm start exited (${code}): ${text.slice(-800)}`))));
	});
	/** SIGTERM to the group (start.js stops n8n and the sandbox); SIGKILL if it is not gone in 60 s. */
	const stop = async () => {
		const kill = (signal) => {
			try {
				process.kill(-child.pid, signal);
			} catch {
				// already gone
			}
		};
		kill('SIGTERM');
		const timer = setTimeout(() => kill('SIGKILL'), 60000);
		await exited;
		clearTimeout(timer);
	};
	return { ready, stop, child };
}

async function api(state, method, urlPath) {
	const res = await fetch(`${state.apiUrl}${urlPath}`, { method, headers: { authorization: `Bearer ${state.apiKey}` } });
	return (await res.json()).data;
}

const rl = (value, name) => ({ __rl: true, mode: 'list', value, ...(name ? { cachedResultName: name } : {}) });

/** 0.1.0's Video Layout default, as a user adding the field saw it. */
const OLD_DEFAULT_LAYOUT = JSON.stringify(
	{ main: { x_pos: 0, y_pos: 0, z_pos: 0, width: 1280, height: 720, video_sources: ['*'] } },
	null,
	2,
);

/**
 * The shots: a workflow each (or a credential), the node whose panel is opened (none: the canvas),
 * what to click (the first label found) and whether to execute the node. `before`: the commit under
 * --ref, whose ID filters and layout field were plain text; the task shown is the same.
 */
async function shots(session, state, before) {
	const sessions = await api(state, 'GET', '/room_sessions?page[size]=250');
	const live = sessions.find((s) => s.active) || sessions[0];
	const room = await api(state, 'GET', `/rooms/${live.room_id}`);
	const recordings = await api(state, 'GET', '/room_recordings?page[size]=250');
	const other = recordings.find((r) => r.room_id !== room.id) || recordings[0];
	const otherRoom = await api(state, 'GET', `/rooms/${other.room_id}`);
	const node = (name, parameters, position = [300, 0]) => ({
		id: `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
		name,
		type: TELNYX,
		typeVersion: 1,
		position,
		credentials: CREDENTIALS,
		parameters,
	});
	const idFilter = (id, name) => (before ? id : rl(id, name));
	const all = (await session.request('GET', '/rest/workflows')) || [];
	const list = Array.isArray(all) ? all : all.data || [];
	const byName = (re) => list.find((w) => re.test(w.name));
	const cleanup = byName(/cleanup|delete recordings/i);
	const trigger = byName(/events to chat|room events/i) || byName(/trigger|events/i);
	const sessionName = `${live.active ? 'Live' : 'Ended'} session in ${room.unique_name}`;
	const kick = (participants) => ({ resource: 'roomSession', operation: 'kick', roomSessionId: rl(live.id, sessionName), participants });
	return [
		{
			file: '01-kick-participant-picker.png',
			nodes: [node('Kick', kick('specific'))],
			openNode: /Kick/,
			click: ['Participant Names or IDs', 'Participant IDs'],
		},
		{
			file: '01-mute-all-exclude.png',
			// 0.1.0 had Exclude under Additional Fields, shown whoever was chosen
			nodes: [node('Mute', { ...kick('all'), operation: 'mute', ...(before ? { additionalFields: { exclude: '' } } : {}) })],
			openNode: /Mute/,
			click: ['Exclude Participant Names or IDs', 'Exclude Participant IDs'],
		},
		{
			file: '02-session-picker.png',
			nodes: [node('Get session', { resource: 'roomSession', operation: 'get', roomSessionId: rl('') })],
			openNode: /Get session/,
			click: ['Room Session'],
		},
		{
			file: '02-recording-filters.png',
			nodes: [
				node('Get recordings', {
					resource: 'roomRecording',
					operation: 'getAll',
					filters: { roomId: idFilter(room.id, room.unique_name), sessionId: before ? '' : rl('') },
				}),
			],
			openNode: /Get recordings/,
		},
		{
			file: '03-composition-create.png',
			nodes: [
				node('Create composition', {
					resource: 'roomComposition',
					operation: 'create',
					sessionId: rl(live.id, sessionName),
					additionalFields: before
						? { resolution: '960x540', videoLayout: OLD_DEFAULT_LAYOUT }
						: {
								resolution: '960x540',
								videoLayoutForm: { region: [{ name: 'speaker', sources: 'all' }, { name: 'pip', xPos: 720, yPos: 405, zPos: 1, width: 240, height: 135, sources: 'all' }] },
							},
				}),
			],
			openNode: /Create composition/,
		},
		{ file: '04-cleanup-example.png', workflowId: cleanup && cleanup.id },
		{
			file: '05-delete-many-panel.png',
			nodes: [node('Delete old recordings', { resource: 'roomRecording', operation: 'deleteMany', dryRun: true, filters: { dateEndedAtLte: '2025-01-01T00:00:00' } })],
			openNode: /Delete old recordings/,
		},
		{
			file: '05-delete-many-output.png',
			nodes: [
				node('Delete one room’s recordings', {
					resource: 'roomRecording',
					operation: 'deleteMany',
					dryRun: false,
					filters: { roomId: idFilter(otherRoom.id, otherRoom.unique_name) },
				}),
			],
			openNode: /Delete one room/,
			execute: true,
		},
		{ file: '06-credential-no-public-key.png', credential: { apiKey: state.apiKey, publicKey: '', baseUrl: state.apiUrl } },
		{
			file: '07-canvas-subtitles.png',
			nodes: [
				node('Get Many recordings', { resource: 'roomRecording', operation: 'getAll' }, [0, 0]),
				node('Kick', { resource: 'roomSession', operation: 'kick', roomSessionId: rl(live.id), participants: 'all' }, [300, 0]),
				node('Create composition', { resource: 'roomComposition', operation: 'create', sessionId: rl(live.id) }, [600, 0]),
			],
		},
		{ file: '08-kick-output.png', nodes: [node('Kick everyone', kick('all'))], openNode: /Kick everyone/, execute: true },
		{ file: '09-trigger-example.png', workflowId: trigger && trigger.id, openNode: /Room events|Trigger|Recording completed/ },
	];
}

async function signIn(page, demo) {
	await page.goto(`${demo.url}/signin`, { waitUntil: 'networkidle' });
	await page.locator('input[name="emailOrLdapLoginId"], input[name="email"], input[type="email"]').first().fill(demo.email);
	await page.locator('input[name="password"], input[type="password"]').first().fill(demo.password);
	await page.locator('button[type="submit"], [data-test-id="form-submit-button"]').first().click();
	await page.waitForURL((url) => !/signin/.test(String(url)), { timeout: 30000 });
}

/** Closes whatever n8n pops up over a fresh editor (tours, "what's new", cookie notices). */
async function dismissPopups(page) {
	await page.keyboard.press('Escape').catch(() => {});
}

/** Clicks the first of `labels` shown (a picker opens its list); the panel is saved either way. */
async function clickField(page, labels, file) {
	for (const text of labels) {
		const label = page.getByText(text, { exact: true }).first();
		if (!(await label.count()) || !(await label.isVisible())) continue;
		try {
			const box = label.locator('xpath=ancestor::*[contains(@class, "parameter-item") or contains(@data-test-id, "parameter-item")][1]');
			// a resource locator's value box, else the field's own input
			const rlc = box.locator('[data-test-id="rlc-input"]');
			const input = (await rlc.count()) ? rlc.first() : box.locator('input, textarea, .el-select, [role="combobox"]').first();
			await input.click({ timeout: 5000 });
			await page.waitForTimeout(2000);
		} catch (error) {
			say(`${file}: could not open "${text}" (${error.message.split('\n')[0]}); saving the panel as it is`);
		}
		return;
	}
	say(`${file}: none of "${labels.join('", "')}" is shown; saving the panel as it is`);
}

/** The panel's "Execute step", then the output as JSON (what the next node gets). */
async function executeNode(page, file) {
	try {
		await page.locator('[data-test-id="node-execute-button"]').first().click({ timeout: 5000 });
		await page.waitForTimeout(6000);
		// the output panel's Schema / Table / JSON switch (the input panel is empty: no input)
		const inOutput = page.locator('[data-test-id="ndv-output-panel"]').getByText('JSON', { exact: true });
		const json = (await inOutput.count()) ? inOutput.first() : page.getByText('JSON', { exact: true }).last();
		await json.click({ timeout: 3000 });
		await page.waitForTimeout(1000);
	} catch (error) {
		say(`${file}: could not execute (${error.message.split('\n')[0]}); saving the panel as it is`);
	}
}

/** A credential saved over REST, opened in the editor's credential dialog. */
async function takeCredential(page, demo, session, shot, out) {
	const created = await session.request('POST', '/rest/credentials', {
		name: 'Telnyx Video (no public key)',
		type: 'telnyxVideoApi',
		data: shot.credential,
	});
	await page.goto(`${demo.url}/home/credentials/${created.id}`, { waitUntil: 'networkidle' });
	await page.getByText('Public Key', { exact: true }).first().waitFor({ timeout: 15000 });
	await page.waitForTimeout(3000); // the dialog tests the credential on opening
	await save(page, shot, out);
}

async function save(page, shot, out) {
	await page.screenshot({ path: path.join(out, shot.file) });
	say(`saved ${path.relative(ROOT, path.join(out, shot.file))}`);
}

async function take(page, demo, session, shot, out) {
	if (shot.credential) return await takeCredential(page, demo, session, shot, out);
	let workflowId = shot.workflowId;
	if (shot.nodes) {
		const created = await n8n.createWorkflow(session, {
			name: `screenshot: ${shot.file}`,
			nodes: shot.nodes,
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		workflowId = created.id;
	}
	if (!workflowId) return say(`skipped ${shot.file}: its workflow was not found`);
	const full = await session.request('GET', `/rest/workflows/${workflowId}`);
	const target = shot.openNode && full.nodes.find((n) => shot.openNode.test(n.name));
	const url = `${demo.url}/workflow/${workflowId}${target ? `/${target.id}` : ''}`;
	await page.goto(url, { waitUntil: 'networkidle' });
	await page.waitForSelector('.vue-flow__node', { timeout: 30000 });
	await page.waitForTimeout(1000);
	await dismissPopups(page);
	if (target && !(await page.getByText('Parameters', { exact: true }).first().isVisible())) {
		// the URL did not open the panel: double-click the node like a user
		await page.locator(`.vue-flow__node[data-id="${target.id}"]`).first().dblclick();
	}
	if (target) await page.getByText('Parameters', { exact: true }).first().waitFor({ timeout: 15000 });
	await page.waitForTimeout(1000);
	if (shot.click) await clickField(page, shot.click, shot.file);
	if (shot.execute) await executeNode(page, shot.file);
	await save(page, shot, out);
}

async function main() {
	const opts = args();
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
	fs.mkdirSync(opts.out, { recursive: true });
	const checkout = opts.ref ? checkoutRef(opts.ref) : ROOT;
	say(opts.ref ? `${opts.ref} unpacked into ${checkout}` : 'shooting the working tree');
	const demo = startDemo(opts, checkout);
	let browser;
	try {
		const ready = await demo.ready;
		say(`n8n is up at ${ready.url}, sandbox API at ${ready.apiUrl}`);
		const state = { apiUrl: ready.apiUrl, apiKey: 'KEY_TEST' };
		say('signing in over REST and in Chromium ...');
		const session = await n8n.login({ url: ready.url, version: '2.41.1' }, { email: ready.email, password: ready.password });
		browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await signIn(page, ready);
		say('signed in');
		for (const shot of await shots(session, state, Boolean(opts.ref))) {
			if (!shot.file.startsWith(opts.only)) continue;
			try {
				await take(page, ready, session, shot, opts.out);
			} catch (error) {
				say(`FAILED ${shot.file}: ${error.message.split('\n')[0]}`);
				process.exitCode = 1;
			}
		}
	} finally {
		if (browser) await browser.close();
		await demo.stop();
		if (opts.ref) {
			fs.unlinkSync(path.join(checkout, 'node_modules')); // the link only, never our node_modules
			fs.rmSync(checkout, { recursive: true, force: true });
		}
	}
}

main().catch((error) => {
	process.stderr.write(`[screenshots] ${error.stack || error.message}\n`);
	process.exit(1);
});
