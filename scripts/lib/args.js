'use strict';
// Command-line flags for the repository's scripts, tests and benchmarks: Node's util.parseArgs,
// plus what they all want on top of it — numbers, a fallback environment variable per flag, and
// an error that names the valid flags instead of ignoring a typo.

const { parseArgs } = require('node:util');

/**
 * `spec`: { name: { type: 'string' | 'number' | 'boolean', default?, env?, multiple?, short?, hint? } }.
 * A flag given on the command line wins, then its `env` variable when set and not empty, then
 * `default`. Both `--name value` and `--name=value` work. Returns { values, positionals }; throws
 * an Error with code 'USAGE' on an unknown flag, a missing value or a value that is not a number.
 * `positionals`: true = plain arguments allowed; 'after --' = only after `--` (passed on as they are).
 */
function parseFlags(argv, spec, { positionals: allowPositionals = false } = {}) {
	const options = {};
	for (const [name, flag] of Object.entries(spec)) {
		options[name] = { type: flag.type === 'boolean' ? 'boolean' : 'string' };
		if (flag.multiple) options[name].multiple = true;
		if (flag.short) options[name].short = flag.short;
	}
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options, allowPositionals: Boolean(allowPositionals), strict: true, tokens: true });
	} catch (error) {
		// util.parseArgs' first sentence says what is wrong; the rest suggests `--`, which is no help here
		throw usageError(`${String(error.message).split('. ')[0]}`, spec);
	}
	if (allowPositionals === 'after --') {
		const terminator = parsed.tokens.find((t) => t.kind === 'option-terminator');
		const early = parsed.tokens.find((t) => t.kind === 'positional' && (!terminator || t.index < terminator.index));
		if (early) throw usageError(`Unexpected argument '${early.value}' (what goes after \`--\` is passed on)`, spec);
	}
	const values = {};
	for (const [name, flag] of Object.entries(spec)) {
		let value = parsed.values[name];
		if (value === undefined && flag.env && process.env[flag.env] !== undefined && process.env[flag.env] !== '') {
			value = flag.type === 'boolean' ? process.env[flag.env] === '1' || process.env[flag.env] === 'true' : process.env[flag.env];
		}
		if (value === undefined) value = flag.default;
		if (flag.type === 'number' && value !== undefined) value = toNumber(name, value, spec);
		values[name] = value;
	}
	return { values, positionals: parsed.positionals };
}

/** parseFlags on this process's arguments; a usage error prints itself and exits with code 2. */
function readFlags(spec, options) {
	try {
		return parseFlags(process.argv.slice(2), spec, options);
	} catch (error) {
		if (error.code !== 'USAGE') throw error;
		process.stderr.write(`${error.message}\n`);
		process.exit(2);
	}
}

function toNumber(name, value, spec) {
	const convert = (v) => {
		const n = typeof v === 'number' ? v : Number(v);
		if (typeof v === 'string' && (v.trim() === '' || Number.isNaN(n))) throw usageError(`--${name} needs a number, got '${v}'`, spec);
		return n;
	};
	return Array.isArray(value) ? value.map(convert) : convert(value);
}

function usageError(message, spec) {
	const valid = Object.entries(spec).map(([name, flag]) => (flag.type === 'boolean' ? `--${name}` : `--${name} <${flag.hint || flag.type}>`));
	const error = new Error(`${message}; valid flags: ${valid.join(', ') || '(none)'}`);
	error.code = 'USAGE';
	return error;
}

/** Comma-separated list flag value -> array (empty entries dropped). */
const list = (value) => String(value ?? '').split(',').filter((x) => x !== '');

/** Repeatable `--env KEY=VALUE` values -> an object (the value may itself contain `=`). */
const envPairs = (values = []) => Object.fromEntries(values.map((pair) => pair.split(/=(.*)/s).slice(0, 2)));

module.exports = { parseFlags, readFlags, list, envPairs };
