'use strict';
// Reads the ready banner `npm start` prints (scripts/start.js): the editor URL and the login.

/** { url, email, password } once the banner's "open" and "sign in" lines are in `text`, else undefined. */
function parseStartBanner(text) {
	const open = /open\s+(http:\/\/\S+)/.exec(text);
	const login = /sign in\s+(\S+) \/ (\S+)/.exec(text);
	if (!open || !login) return undefined;
	return { url: open[1].replace(/\/$/, ''), email: login[1], password: login[2] };
}

module.exports = { parseStartBanner };
