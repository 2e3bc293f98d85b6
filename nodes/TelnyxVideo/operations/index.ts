/** Every Telnyx Video operation, one declaration each. Add an endpoint by adding an entry. */
import type { Operation, Resource } from '../model';
import { clientTokenOperations } from './clientTokens';
import { roomCompositionOperations } from './roomCompositions';
import { roomParticipantOperations } from './roomParticipants';
import { roomRecordingOperations } from './roomRecordings';
import { roomOperations } from './rooms';
import { roomSessionOperations } from './roomSessions';

export const RESOURCES: Array<{ name: string; value: Resource; description: string }> = [
	{ name: 'Client Token', value: 'clientToken', description: 'Tokens that let a participant join a room' },
	{ name: 'Room', value: 'room', description: 'Video rooms' },
	{ name: 'Room Composition', value: 'roomComposition', description: 'Recordings of a session composed into one video' },
	{ name: 'Room Participant', value: 'roomParticipant', description: 'People who joined a session' },
	{ name: 'Room Recording', value: 'roomRecording', description: 'Per-participant audio and video recordings' },
	{ name: 'Room Session', value: 'roomSession', description: 'One meeting held in a room, live or ended' },
];

export const OPERATIONS: Operation[] = [
	...roomOperations,
	...roomSessionOperations,
	...roomParticipantOperations,
	...roomRecordingOperations,
	...roomCompositionOperations,
	...clientTokenOperations,
];

export function findOperation(resource: string, operation: string): Operation | undefined {
	return OPERATIONS.find((entry) => entry.resource === resource && entry.value === operation);
}
