'use strict';
// Nodes of the queue suite's workflows, beside test/e2e/lib/workflows.js.

const crypto = require('crypto');
const { byId, credentials, TELNYX_TRIGGER } = require('../../e2e/lib/workflows');

function webhookTrigger(name, webhookPath) {
	return {
		name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: crypto.randomUUID(),
		parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
	};
}

function telnyxTrigger(name, roomIds, events) {
	return {
		name,
		type: TELNYX_TRIGGER,
		typeVersion: 1,
		webhookId: crypto.randomUUID(),
		credentials: credentials(),
		parameters: { rooms: { room: roomIds.map((id) => ({ roomId: byId(id) })) }, events, options: {} },
	};
}

const noOp = (name = 'No Op') => ({ name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** HTTP Request (4.2) uploading binary property `field` to `url`. */
function uploadBinary(name, url, field) {
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: { method: 'POST', url, sendBody: true, contentType: 'binaryData', inputDataFieldName: field, options: {} },
	};
}

module.exports = { webhookTrigger, telnyxTrigger, noOp, uploadBinary };
