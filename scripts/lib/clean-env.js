'use strict';
// The environment for a child `npm` (or n8n) that must behave as if a person had typed the
// command: npm exports its own settings to scripts as npm_config_* (e.g. our .npmrc's
// ignore-scripts=true under `npm test`), and a child npm would silently obey them.

/** process.env (or `base`) without npm's exported npm_* variables, plus `extra`. */
function cleanEnv(extra = {}, base = process.env) {
	const kept = Object.fromEntries(Object.entries(base).filter(([k]) => !/^npm_/i.test(k)));
	return { ...kept, ...extra };
}

module.exports = { cleanEnv };
