/**
 * Reliability and security suite (issue #6): faults, bad input, hostile responses, webhook fuzz,
 * secrets. Run through `node test/reliability/run.js` (npm run test:reliability), which also
 * merges the figures each file writes and prints the JSON summary as the last line.
 */
const path = require('path');

module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/reliability'],
	testMatch: ['**/test/reliability/**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
	},
	testTimeout: 120000,
	// Files run in parallel workers; each owns its sandbox on its own port.
	maxWorkers: 4,
};
