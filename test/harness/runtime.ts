/**
 * Process-wide set-up of the pieces of n8n-core that the execution engine pulls
 * out of its dependency-injection container (@n8n/di) at run time.
 *
 * Nothing here replaces engine behaviour. It only makes sure that, when
 * n8n-core asks the container for `InstanceSettings` or `BinaryDataService`,
 * it gets real instances that do not touch the developer's ~/.n8n folder and
 * keep binary data in memory (n8n's "default" binary mode).
 */
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { BinaryDataService, InstanceSettings } from 'n8n-core';
import { Expression, NodeHelpers } from 'n8n-workflow';
import type { INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

type Constructor<T> = abstract new (...args: never[]) => T;

interface DiContainer {
	get<T>(type: Constructor<T>): T;
	set<T>(type: Constructor<T>, instance: T): void;
	has(type: Constructor<unknown>): boolean;
}

/**
 * `@n8n/di` and `@n8n/config` are dependencies of n8n-core, not of this
 * package. They are loaded from n8n-core's own location so that the harness
 * talks to exactly the same container instance n8n-core uses (a second copy of
 * @n8n/di would have its own, empty, container).
 */
const requireFromCore = createRequire(require.resolve('n8n-core'));

export const Container = (requireFromCore('@n8n/di') as { Container: DiContainer }).Container;

const { GlobalConfig, InstanceSettingsConfig } = requireFromCore('@n8n/config') as {
	GlobalConfig: Constructor<{ logging: { level: string } }>;
	InstanceSettingsConfig: Constructor<{
		n8nFolder: string;
		userHome: string;
		encryptionKey: string;
		enforceSettingsFilePermissions: boolean;
	}>;
};

const ENCRYPTION_KEY = 'n8n-nodes-telnyx-video-test-harness';

let bootstrapped = false;

/**
 * Idempotent. Called by every public harness entry point.
 */
export function bootstrap(): void {
	if (bootstrapped) return;
	bootstrapped = true;

	// n8n-workflow 2.x ships an isolated-vm based expression engine that needs
	// Node >= 24 and a native build. It is only switched on when a host (n8n's
	// CLI) calls `Expression.initExpressionEngine({ engine: 'vm' })`; n8n-core
	// never does. We pin the legacy (in-process, tournament-based) engine
	// explicitly so that a stray N8N_EXPRESSION_ENGINE cannot change behaviour.
	Expression.setExpressionEngine('legacy');

	// n8n's Logger (and the ErrorReporter, which logs every node error with its
	// stack) would print to the console at level 'info'. Silence it unless the
	// developer asks for logs with N8N_LOG_LEVEL (e.g. N8N_LOG_LEVEL=debug).
	if (!process.env.N8N_LOG_LEVEL) Container.get(GlobalConfig).logging.level = 'silent';

	// InstanceSettings reads (or creates) the n8n config file holding the
	// instance's encryption key. Point it at a fixed folder under the OS temp
	// dir instead of ~/.n8n (or whatever N8N_USER_FOLDER points at, e.g. the
	// e2e suite's folder). The file is written up front, atomically, so that
	// parallel jest workers never see a half-written one, and the folder is
	// reused instead of piling up one per test file.
	const userHome = path.join(tmpdir(), 'n8n-nodes-telnyx-video-harness');
	const n8nFolder = path.join(userHome, '.n8n');
	const settingsFile = path.join(n8nFolder, 'config');
	if (!existsSync(settingsFile)) {
		mkdirSync(n8nFolder, { recursive: true });
		const temporary = `${settingsFile}.${process.pid}.tmp`;
		writeFileSync(temporary, JSON.stringify({ encryptionKey: ENCRYPTION_KEY }), { mode: 0o600 });
		renameSync(temporary, settingsFile);
	}
	const config = Object.assign(Object.create(InstanceSettingsConfig.prototype) as object, {
		n8nFolder,
		userHome,
		encryptionKey: ENCRYPTION_KEY,
		enforceSettingsFilePermissions: false,
	});
	Container.set(InstanceSettingsConfig, config as InstanceType<typeof InstanceSettingsConfig>);
	Container.get(InstanceSettings);

	// BinaryDataService: created by the container with its real config, but
	// `init()` is deliberately not called. Without an initialised storage
	// manager the service keeps binary data base64-encoded inside the item,
	// which is what n8n calls the "default" (in-memory) binary data mode.
	Container.get(BinaryDataService);
}

/**
 * A minimal INodeTypes registry (n8n's own `NodeTypes` classes live in the CLI
 * and in n8n-core's unpublished test folder). Version resolution uses
 * n8n-workflow's real `NodeHelpers.getVersionedNodeType`.
 */
export class HarnessNodeTypes implements INodeTypes {
	constructor(private readonly types: Record<string, INodeType | IVersionedNodeType>) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types[nodeType];
		if (!type) throw new Error(`Harness: unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes() {
		return {};
	}
}
