'use strict';
// Driver for end-to-end tests against a real n8n installed by scripts/install-n8n.js, one module
// per job: processes (n8n-process.js), CLI commands (n8n-cli.js), the package as a community
// install (n8n-package.js), the editor's REST API (n8n-rest.js) and a loopback sink (sink.js).
// Every process it starts is tracked by PID and killed on stop() or, as a last resort, on exit.

const { freePort, n8nEnv, startN8n, killHard, cli, waitFor, sleep } = require('./n8n-process');
const { importCredentials, importWorkflow, executeWorkflow, parseRawOutput, nodeItems } = require('./n8n-cli');
const { PACKAGE_NAME, packPackage, installPackage, tempUserFolder } = require('./n8n-package');
const rest = require('./n8n-rest');
const { startSink } = require('./sink');

module.exports = {
	PACKAGE_NAME,
	freePort,
	n8nEnv,
	startN8n,
	killHard,
	cli,
	importCredentials,
	importWorkflow,
	executeWorkflow,
	parseRawOutput,
	nodeItems,
	packPackage,
	installPackage,
	...rest,
	startSink,
	tempUserFolder,
	waitFor,
	sleep,
};
