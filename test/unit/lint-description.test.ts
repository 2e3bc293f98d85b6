/**
 * The description lint step (scripts/lint-description.js) on a small compiled package: an action
 * node, a polling trigger and a credential, listed only in package.json `n8n`. Clean, it passes;
 * with a violation planted in each generated description and a codex file, it fails and names each.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'lint-description.js');
// Under the repo so the generated modules resolve n8n-workflow like the real ones.
const WORK = path.join(ROOT, 'build', `test-lint-description-${process.pid}`);

interface Plants {
	pollTriggerDisplayName?: string;
	credentialTokenPassword?: boolean;
	getManyDescription?: string;
	codex?: Record<string, unknown>;
}

function writeFixture(dir: string, plants: Plants = {}): void {
	const write = (file: string, text: string) => {
		fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
		fs.writeFileSync(path.join(dir, file), text);
	};
	const icon = `icon: { light: 'file:../../icons/demo.svg', dark: 'file:../../icons/demo.dark.svg' },`;
	write('icons/demo.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
	write('dist/icons/demo.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
	write('dist/icons/demo.dark.svg', '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>');
	write(
		'package.json',
		JSON.stringify({
			name: 'n8n-nodes-demo',
			version: '0.0.1',
			n8n: {
				n8nNodesApiVersion: 1,
				strict: true,
				credentials: ['dist/credentials/DemoApi.credentials.js'],
				nodes: ['dist/nodes/Demo/Demo.node.js', 'dist/nodes/DemoTrigger/DemoTrigger.node.js'],
			},
		}),
	);
	const codex = (node: string) =>
		JSON.stringify({
			node,
			nodeVersion: '1.0',
			codexVersion: '1.0',
			categories: ['Development'],
			resources: {
				primaryDocumentation: [{ url: 'https://example.com/docs' }],
				credentialDocumentation: [{ url: 'https://example.com/docs#credentials' }],
			},
		});
	write('dist/nodes/Demo/Demo.node.json', codex('n8n-nodes-demo.demo'));
	write(
		'dist/nodes/DemoTrigger/DemoTrigger.node.json',
		JSON.stringify({ ...JSON.parse(codex('n8n-nodes-demo.demoTrigger')), ...plants.codex }),
	);
	write(
		'dist/nodes/Demo/Demo.node.js',
		`'use strict';
class Demo {
	constructor() {
		this.description = {
			displayName: 'Demo', name: 'demo', ${icon} group: ['transform'], version: 1,
			subtitle: '={{$parameter["operation"]}}', description: 'Demo records', defaults: { name: 'Demo' },
			usableAsTool: true, inputs: ['main'], outputs: ['main'], credentials: [{ name: 'demoApi', required: true }],
			properties: [
				{
					displayName: 'Operation', name: 'operation', type: 'options', noDataExpression: true,
					options: [
						{ name: 'Get', value: 'get', action: 'Get a record', description: 'Get one record' },
						{ name: 'Get Many', value: 'getAll', action: 'Get many records', description: ${JSON.stringify(plants.getManyDescription ?? 'List many records')} },
					],
					default: 'get',
				},
			],
		};
	}
	async execute() {
		return [this.getInputData().map((item, index) => ({ json: item.json, pairedItem: { item: index } }))];
	}
}
exports.Demo = Demo;
`,
	);
	write(
		'dist/nodes/DemoTrigger/DemoTrigger.node.js',
		`'use strict';
class DemoTrigger {
	constructor() {
		this.description = {
			displayName: 'Demo Trigger', name: 'demoTrigger', ${icon} group: ['trigger'], version: 1,
			subtitle: '={{$parameter["roomId"]}}', description: 'Starts the workflow when a demo record changes',
			defaults: { name: 'Demo Trigger' }, polling: true, inputs: [], outputs: ['main'],
			credentials: [{ name: 'demoApi', required: true }],
			properties: [
				{ displayName: ${JSON.stringify(plants.pollTriggerDisplayName ?? 'Room ID')}, name: 'roomId', type: 'string', default: '', description: 'The room to watch' },
			],
		};
	}
	async poll() {
		return null;
	}
}
exports.DemoTrigger = DemoTrigger;
`,
	);
	write(
		'dist/credentials/DemoApi.credentials.js',
		`'use strict';
class DemoApi {
	constructor() {
		this.name = 'demoApi';
		this.displayName = 'Demo API';
		this.${icon.replace(': ', ' = ').replace(/,$/, ';').replace(/\.\.\/\.\.\//g, '../')}
		this.documentationUrl = 'https://example.com/docs';
		this.properties = [
			{ displayName: 'Access Token', name: 'accessToken', type: 'string', ${plants.credentialTokenPassword === false ? '' : 'typeOptions: { password: true }, '}default: '' },
		];
		this.authenticate = { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } } };
		this.test = { request: { baseURL: 'https://example.com', url: '/me' } };
	}
}
exports.DemoApi = DemoApi;
`,
	);
}

function runStep(name: string, plants?: Plants) {
	const packageDir = path.join(WORK, name, 'package');
	const outDir = path.join(WORK, name, 'lint');
	writeFixture(packageDir, plants);
	const env = { ...process.env };
	delete env.NODE_ENV;
	const result = spawnSync(process.execPath, [SCRIPT, '--skip-build', '--package', packageDir, '--out', outDir], {
		cwd: ROOT,
		env,
		encoding: 'utf8',
	});
	return { status: result.status, output: `${result.stdout}${result.stderr}`, outDir };
}

afterAll(() => fs.rmSync(WORK, { recursive: true, force: true }));

test('a clean package: every node in package.json n8n and the credential are generated and pass', () => {
	const { status, output, outDir } = runStep('clean');
	expect(output).toMatch(/lint-description: 3 generated modules .*, 0 findings; codex: 0 problems/);
	expect(status).toBe(0);
	const trigger = fs.readFileSync(path.join(outDir, 'nodes/DemoTrigger/DemoTrigger.node.ts'), 'utf8');
	expect(trigger).toContain('displayName: "Room ID"');
	expect(trigger).toContain('polling: true');
	expect(trigger).toContain('NodeConnectionTypes.Main');
	expect(fs.existsSync(path.join(outDir, 'credentials/DemoApi.credentials.ts'))).toBe(true);
});

test('violations planted in generated descriptions fail the step and name each rule', () => {
	const { status, output } = runStep('planted', {
		pollTriggerDisplayName: 'Room id',
		credentialTokenPassword: false,
		getManyDescription: 'List all records',
		codex: { node: 'n8n-nodes-demo', categories: ['Video'], subcategories: { Development: ['Video'] } },
	});
	expect(status).toBe(1);
	expect(output).toMatch(/DemoTrigger\.node\.ts[\s\S]*n8n-nodes-base\/node-param-display-name-miscased-id/);
	expect(output).toMatch(/Demo\.node\.ts[\s\S]*n8n-nodes-base\/node-param-operation-option-description-wrong-for-get-many/);
	expect(output).toMatch(/DemoApi\.credentials\.ts[\s\S]*@n8n\/community-nodes\/credential-password-field/);
	// "Room id" breaks two display-name rules (the "ID" and title case), so four findings in all.
	expect(output).toMatch(/DemoTrigger\.node\.ts[\s\S]*n8n-nodes-base\/node-param-display-name-miscased\s/);
	expect(output).toMatch(/lint-description: 3 generated modules .*, 4 findings; codex: 3 problems/);
	expect(output).toMatch(/DemoTrigger\.node\.json: "node" is "n8n-nodes-demo", must be "n8n-nodes-demo\.demoTrigger"/);
	expect(output).toMatch(/DemoTrigger\.node\.json: category "Video" is not one of n8n's/);
	expect(output).toMatch(/DemoTrigger\.node\.json: "subcategories" is only for/);
});
