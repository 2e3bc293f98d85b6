#!/usr/bin/env node
'use strict';
/*
 * Screenshots of the editor, taken in the real `npm start` n8n by headless Chromium (Debian's
 * /usr/bin/chromium, driven by the dev dependency playwright-core):
 *
 *   node scripts/screenshots.js [--out docs/screenshots] [--port=5690] [--sandbox-port=4090] [--skip-build]
 *
 * Starts scripts/start.js on the given ports (not the demo's 5678/4010), signs in through the
 * sign-in form, sets up one workflow per shot over REST, opens each node's panel by URL and saves
 * a PNG per shot into --out. Stops everything it started. `apt-get install -y chromium` if missing.
 */
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
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
		out: { type: 'string', default: 'docs/screenshots', hint: 'dir' },
		port: { type: 'number', default: 5690 },
		'sandbox-port': { type: 'number', default: 4090 },
		'skip-build': { type: 'boolean', default: false },
	});
	return { out: path.resolve(ROOT, values.out), port: values.port, sandboxPort: values['sandbox-port'], skipBuild: values['skip-build'] };
}

const say = (msg) => process.stdout.write(`[screenshots] ${msg}\n`);

/** `npm start` on our ports, in its own process group; resolves the banner's URL and login. */
function startDemo(opts) {
	const cli = ['scripts/start.js', `--port=${opts.port}`, `--sandbox-port=${opts.sandboxPort}`];
	if (opts.skipBuild) cli.push('--skip-build');
	const child = spawn(process.execPath, cli, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
	let text = '';
	const ready = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('npm start printed no banner in 10 minutes')), 600000);
		child.stdout.on('data', (chunk) => {
			text += chunk;
			const banner = parseStartBanner(text);
			if (banner) {
				clearTimeout(timer);
				resolve(banner);
			}
		});
		child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`npm start exited (${code}): ${text.slice(-800)}`))));
	});
	const stop = () => {
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			// already gone
		}
	};
	return { ready, stop, child };
}

async function api(state, method, urlPath) {
	const res = await fetch(`${state.apiUrl}${urlPath}`, { method, headers: { authorization: `Bearer ${state.apiKey}` } });
	return (await res.json()).data;
}

const rl = (value, name) => ({ __rl: true, mode: 'list', value, ...(name ? { cachedResultName: name } : {}) });

/** The shots: a workflow each, and the node whose panel is opened (none: the canvas). */
async function shots(session, state) {
	const sessions = await api(state, 'GET', '/room_sessions?page[size]=250');
	const live = sessions.find((s) => s.active) || sessions[0];
	const room = await api(state, 'GET', `/rooms/${live.room_id}`);
	const node = (name, parameters, position = [300, 0]) => ({
		id: `00000000-0000-4000-8000-${String(Math.floor(Math.random() * 1e12)).padStart(12, '0')}`,
		name,
		type: TELNYX,
		typeVersion: 1,
		position,
		credentials: CREDENTIALS,
		parameters,
	});
	const all = (await session.request('GET', '/rest/workflows')) || [];
	const list = Array.isArray(all) ? all : all.data || [];
	const byName = (re) => list.find((w) => re.test(w.name));
	const cleanup = byName(/cleanup|delete recordings/i);
	const trigger = byName(/events to chat|room events/i) || byName(/trigger|events/i);
	const sessionName = `${live.active ? 'Live' : 'Ended'} session in ${room.unique_name}`;
	return [
		{ file: '01-cleanup-example-dry-run.png', workflowId: cleanup && cleanup.id },
		{ file: '02-cleanup-delete-many-panel.png', workflowId: cleanup && cleanup.id, openNode: /Delete recordings/ },
		{
			file: '03-kick-participants-from-session.png',
			nodes: [node('Kick', { resource: 'roomSession', operation: 'kick', roomSessionId: rl(live.id, sessionName), participants: 'specific' })],
			openNode: /Kick/,
			click: 'Participant Names or IDs',
		},
		{
			file: '04-mute-all-with-exclude.png',
			nodes: [node('Mute', { resource: 'roomSession', operation: 'mute', roomSessionId: rl(live.id, sessionName), participants: 'all' })],
			openNode: /Mute/,
			click: 'Exclude Participant Names or IDs',
		},
		{
			file: '05-session-picker-names-room.png',
			nodes: [node('Get session', { resource: 'roomSession', operation: 'get', roomSessionId: rl('') })],
			openNode: /Get session/,
			click: 'Room Session',
		},
		{
			file: '06-recording-filters-pickers.png',
			nodes: [node('Get recordings', { resource: 'roomRecording', operation: 'getAll', filters: { roomId: rl(room.id, room.unique_name), sessionId: rl('') } })],
			openNode: /Get recordings/,
		},
		{
			file: '07-composition-resolution-layout-form.png',
			nodes: [
				node('Create composition', {
					resource: 'roomComposition',
					operation: 'create',
					sessionId: rl(live.id, sessionName),
					additionalFields: {
						resolution: '960x540',
						videoLayoutForm: { region: [{ name: 'speaker', sources: 'all' }, { name: 'pip', xPos: 720, yPos: 405, zPos: 1, width: 240, height: 135, sources: 'all' }] },
					},
				}),
			],
			openNode: /Create composition/,
		},
		{ file: '08-trigger-panel-demo-room.png', workflowId: trigger && trigger.id, openNode: /Room events|Trigger|Recording completed/ },
		{
			file: '09-canvas-subtitles.png',
			nodes: [
				node('Get Many recordings', { resource: 'roomRecording', operation: 'getAll' }, [0, 0]),
				node('Kick', { resource: 'roomSession', operation: 'kick', roomSessionId: rl(live.id), participants: 'all' }, [300, 0]),
				node('Create composition', { resource: 'roomComposition', operation: 'create', sessionId: rl(live.id) }, [600, 0]),
			],
		},
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

async function take(page, demo, session, shot, out) {
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
	if (shot.click) {
		try {
			const label = page.getByText(shot.click, { exact: true }).first();
			const box = label.locator('xpath=ancestor::*[contains(@class, "parameter-item") or contains(@data-test-id, "parameter-item")][1]');
			// a resource locator's value box, else the field's own input
			const rlc = box.locator('[data-test-id="rlc-input"]');
			const input = (await rlc.count()) ? rlc.first() : box.locator('input, .el-select, [role="combobox"]').first();
			await input.click({ timeout: 5000 });
			await page.waitForTimeout(2000);
		} catch (error) {
			say(`${shot.file}: could not open "${shot.click}" (${error.message.split('\n')[0]}); saving the panel as it is`);
		}
	}
	await page.screenshot({ path: path.join(out, shot.file) });
	say(`saved ${path.relative(ROOT, path.join(out, shot.file))}`);
}

async function main() {
	const opts = args();
	if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium`);
	fs.mkdirSync(opts.out, { recursive: true });
	const demo = startDemo(opts);
	let browser;
	try {
		const ready = await demo.ready;
		say(`n8n is up at ${ready.url}`);
		const state = JSON.parse(fs.readFileSync(path.join(ROOT, '.e2e', 'demo', 'demo.json'), 'utf8'));
		say('signing in over REST and in Chromium ...');
		const session = await n8n.login({ url: ready.url, version: '2.41.1' }, { email: ready.email, password: ready.password });
		browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
		const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
		await signIn(page, ready);
		say('signed in');
		for (const shot of await shots(session, state)) {
			try {
				await take(page, ready, session, shot, opts.out);
			} catch (error) {
				say(`FAILED ${shot.file}: ${error.message.split('\n')[0]}`);
				process.exitCode = 1;
			}
		}
	} finally {
		if (browser) await browser.close();
		demo.stop();
	}
}

main().catch((error) => {
	process.stderr.write(`[screenshots] ${error.stack || error.message}\n`);
	process.exit(1);
});
