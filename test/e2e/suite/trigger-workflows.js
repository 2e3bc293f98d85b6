'use strict';
// The suite's trigger workflows and how to read the room URL the trigger sets.

const { byId, postJson, workflow, TELNYX_TRIGGER, credentials } = require('../lib/workflows');

/** The main trigger workflow's fixed ids. */
const TRIGGER = { id: 'e2eTrigger000001', webhookId: '3d0c1f5e-8a41-4c2b-9f7e-5b6a7c8d9e01' };

/** Telnyx Video Trigger -> HTTP Request posting the item to the sink. */
function triggerWorkflow(sinkUrl, roomIds) {
	const trigger = {
		name: 'Telnyx Video Trigger',
		type: TELNYX_TRIGGER,
		typeVersion: 1,
		webhookId: TRIGGER.webhookId,
		credentials: credentials(),
		parameters: {
			rooms: { room: roomIds.map((id) => ({ roomId: byId(id) })) },
			events: ['video.room.participant.joined', 'video.room.session.started'],
			options: {},
		},
	};
	return workflow(TRIGGER.id, 'e2e: trigger -> sink', [[postJson('To Sink', `${sinkUrl}/trigger`)]], { trigger });
}

/**
 * Another trigger workflow (created over REST in the running instance): chosen rooms, every
 * event, each item posted to `<sink>/<sinkPath>`.
 */
function extraTriggerWorkflow(name, { webhookId, roomIds, sinkUrl, sinkPath, options = {} }) {
	const trigger = {
		name: 'Telnyx Video Trigger',
		type: TELNYX_TRIGGER,
		typeVersion: 1,
		webhookId,
		credentials: credentials(),
		parameters: { rooms: { room: roomIds.map((id) => ({ roomId: byId(id) })) }, events: ['*'], options },
	};
	const wf = workflow(undefined, name, [[postJson('To Sink', `${sinkUrl}/${sinkPath}`)]], { trigger });
	delete wf.id;
	return wf;
}

/**
 * What a room URL set by the trigger says: `<holder>?via=<url>&previous=<url>` or
 * `<holder>?released=1` (nodes/TelnyxVideoTrigger/chain.ts), read here independently.
 */
function heldBy(url) {
	const u = new URL(url);
	return {
		holder: `${u.origin}${u.pathname}`,
		via: u.searchParams.getAll('via'),
		previous: u.searchParams.get('previous'),
		released: u.searchParams.has('released'),
	};
}

module.exports = { TRIGGER, triggerWorkflow, extraTriggerWorkflow, heldBy };
