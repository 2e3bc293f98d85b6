/**
 * Runs `worker` over `inputs` with at most `limit` calls in flight and returns the results in
 * input order. The first rejection stops new calls from starting and is rethrown once the calls
 * already in flight have settled, so nothing keeps running behind the caller's back.
 */
export async function mapWithConcurrency<T, R>(
	inputs: readonly T[],
	limit: number,
	worker: (input: T, index: number) => Promise<R>,
): Promise<R[]> {
	const results = new Array<R>(inputs.length);
	let next = 0;
	let failure: { error: unknown } | undefined;

	async function drain(): Promise<void> {
		while (failure === undefined && next < inputs.length) {
			const index = next++;
			try {
				results[index] = await worker(inputs[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	}

	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	await Promise.all(Array.from({ length: lanes }, drain));
	if (failure !== undefined) throw failure.error;
	return results;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

/** Runs `task` and reports its outcome as a value, so callers decide what a failure means. */
export async function settle<T>(task: () => T | Promise<T>): Promise<Settled<T>> {
	try {
		return { ok: true, value: await task() };
	} catch (error) {
		return { ok: false, error: error as Error };
	}
}
