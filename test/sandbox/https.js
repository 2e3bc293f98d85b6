'use strict';
/*
 * The sandbox over HTTPS too (additive: the HTTP listener stays as it is). The certificate is made
 * at run time with the machine's `openssl` (node:crypto cannot write X.509): a throw-away CA and a
 * leaf for 127.0.0.1/localhost signed by it. Clients trust it through their own CA setting, e.g.
 * NODE_EXTRA_CA_CERTS=<caFile> for a child process; verification is never turned off.
 *
 *   const { makeTestCertificate, listenHttps } = require('./test/sandbox/https');
 *   const tls = makeTestCertificate();             // { dir, caFile, key, cert, ca }
 *   const { url, close } = await listenHttps(sb, tls); // https://127.0.0.1:<port>
 */
const fs = require('node:fs');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { createRequestHandler } = require('./server');

/** ECDSA P-256 CA + leaf (SAN IP:127.0.0.1, DNS:localhost) in a fresh temp folder; valid 2 days. */
function makeTestCertificate({ dir = fs.mkdtempSync(path.join(os.tmpdir(), 'telnyx-sandbox-tls-')) } = {}) {
	const run = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
	run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=telnyx-sandbox test CA',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
	run('req', ...ec, '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=127.0.0.1');
	fs.writeFileSync(path.join(dir, 'leaf.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n');
	run('x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', '2', '-extfile', 'leaf.ext');
	fs.rmSync(path.join(dir, 'ca.key')); // nothing else may be signed with it
	const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8');
	return { dir, caFile: path.join(dir, 'ca.crt'), ca: read('ca.crt'), key: read('leaf.key'), cert: read('leaf.crt') };
}

/** A second listener, HTTPS, on the same sandbox (same store, config, stats). */
function listenHttps(sb, { key, cert, port = 0, host = '127.0.0.1' }) {
	const server = https.createServer({ key, cert, keepAlive: true }, createRequestHandler(sb));
	server.keepAliveTimeout = 30000;
	server.headersTimeout = 35000;
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.off('error', reject);
			const p = server.address().port;
			resolve({
				server,
				port: p,
				url: `https://${host}:${p}`,
				close: () =>
					new Promise((done) => {
						server.close(() => done());
						server.closeAllConnections();
					}),
			});
		});
	});
}

module.exports = { makeTestCertificate, listenHttps };
