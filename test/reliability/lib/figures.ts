/**
 * Figures: every reliability test file writes what it measured to one JSON file in a shared
 * folder; `run.js` merges them into the summary line. The folder comes from
 * RELIABILITY_FIGURES_DIR (set by run.js), else a fixed folder under the OS temp dir.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function figuresDir(): string {
	return process.env.RELIABILITY_FIGURES_DIR || join(tmpdir(), 'n8n-nodes-telnyx-video-reliability');
}

/** Collects figures for one file; `save()` merges them into `<dir>/<name>.json` and prints them. */
export class Figures {
	private readonly values: Record<string, unknown> = {};

	constructor(private readonly name: string) {}

	set(key: string, value: unknown): void {
		this.values[key] = value;
	}

	add(key: string, delta = 1): void {
		this.values[key] = Number(this.values[key] ?? 0) + delta;
	}

	get(key: string): unknown {
		return this.values[key];
	}

	save(): void {
		const dir = figuresDir();
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, `${this.name}.json`), JSON.stringify(this.values, null, 2));
		// Straight to the stream: jest's console wrapper would add a stack trace to every line.
		process.stdout.write(`\n[reliability figures] ${this.name}: ${JSON.stringify(this.values)}\n`);
	}
}
