'use strict';
// Our package as a community install: `npm pack` of the built folder, unpacked the way n8n's
// installer leaves it (package.json + dist) into a user folder.

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');
const { cleanEnv } = require('../../../scripts/lib/clean-env.js');

const PACKAGE_NAME = 'n8n-nodes-telnyx-video';

/** Every file the package.json `n8n` block lists must be built, or n8n skips the whole package. */
function assertBuilt(packageDir) {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const listed = [...((n8n && n8n.nodes) || []), ...((n8n && n8n.credentials) || [])];
	const missing = listed.filter((f) => !fs.existsSync(path.join(packageDir, f)));
	if (missing.length) throw new Error(`not built (run "npm run build"): ${missing.join(', ')}`);
}

/** `npm pack` of a built package folder into outDir; resolves the tarball path. */
function packPackage(packageDir, outDir) {
	assertBuilt(packageDir);
	fs.mkdirSync(outDir, { recursive: true });
	const res = spawnSync('npm', ['pack', '--json', '--pack-destination', outDir], {
		cwd: packageDir,
		env: cleanEnv(),
		encoding: 'utf8',
	});
	if (res.status !== 0) throw new Error(`npm pack failed: ${res.stderr}`);
	const [info] = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
	return path.join(outDir, info.filename);
}

/** Unpacks our tarball into <userFolder>/.n8n/nodes/node_modules/<name>, no node_modules. */
function installPackage(userFolder, tarballPath) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const dest = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	fs.rmSync(dest, { recursive: true, force: true });
	fs.mkdirSync(dest, { recursive: true });
	const res = spawnSync(
		'tar',
		['xzf', tarballPath, '-C', dest, '--strip-components=1', 'package/package.json', 'package/dist'],
		{ encoding: 'utf8' },
	);
	if (res.status !== 0) throw new Error(`unpacking ${tarballPath} failed: ${res.stderr}`);
	// n8n's own installer keeps a manifest of installed packages here.
	const manifest = path.join(nodesDir, 'package.json');
	const pkg = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	const { version } = JSON.parse(fs.readFileSync(path.join(dest, 'package.json'), 'utf8'));
	pkg.dependencies = { ...pkg.dependencies, [PACKAGE_NAME]: version };
	fs.writeFileSync(manifest, JSON.stringify(pkg, null, 2) + '\n');
	return dest;
}

/** A fresh user folder under the OS temp dir (or under `base`). */
function tempUserFolder(label = 'n8n', base = os.tmpdir()) {
	fs.mkdirSync(base, { recursive: true });
	return fs.mkdtempSync(path.join(base, `${label}-`));
}

module.exports = { PACKAGE_NAME, packPackage, installPackage, tempUserFolder };
