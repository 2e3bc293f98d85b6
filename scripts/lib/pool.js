'use strict';
// The one concurrency pool of the tool code (bench/, test/reliability/, test/queue/).
//
// Same contract as the node's nodes/shared/concurrency.ts (mapWithConcurrency): at most `limit`
// calls in flight, results in input order, the first rejection stops new calls and is rethrown
// once the calls in flight have settled. It is a JavaScript twin rather than an import because
// tool code runs as plain `node` with no build step, and the node's copy is TypeScript that only
// exists as JavaScript after `npm run build` (and lives where the node's layout may change).

/** Runs `worker(input, index)` over `inputs`, `limit` at a time; resolves the results in order. */
async function mapWithConcurrency(inputs, limit, worker) {
	const results = new Array(inputs.length);
	let next = 0;
	let failure;
	const drain = async () => {
		while (failure === undefined && next < inputs.length) {
			const index = next++;
			try {
				results[index] = await worker(inputs[index], index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	const lanes = Math.max(1, Math.min(Math.floor(limit) || 1, inputs.length));
	await Promise.all(Array.from({ length: lanes }, drain));
	if (failure !== undefined) throw failure.error;
	return results;
}

/** Runs `task(i)` for i = 0 … count−1, `limit` at a time; resolves the results in order. */
const times = (count, limit, task) => mapWithConcurrency(Array.from({ length: Math.max(0, count) }, (_, i) => i), limit, (i) => task(i));

module.exports = { mapWithConcurrency, times };
