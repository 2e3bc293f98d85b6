/**
 * Delete Many (bulk DELETE /room_recordings by filter): everything only it has. Its editor fields
 * (Dry Run, Allow Deleting Every Recording, the notices), the guard against deleting everything
 * checked before anything is sent, and the run itself.
 *
 * Whether Telnyx deletes every match or one page of them per call is not documented, and a
 * retried call after a 5xx it did act on reports 0, so the count Telnyx answers is not trusted:
 * the node counts the matches before and after each call, repeats until none are left or a call
 * makes no progress, and reports what it saw.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../../shared/settings';
import { countRecords, requestAllPages, telnyxRequest } from '../../shared/transport';
import type { ItemParameters, Operation, OperationSteps, Shown } from '../model';
import type { PreparedCall } from '../request';
import { recordingFilters } from './filters';

/** What one item asks for. */
interface DeleteManyChoice {
	dryRun: boolean;
	/** Bulk delete may remove every recording in the account. */
	confirmDeleteAll: boolean;
}

function properties(show: Shown): INodeProperties[] {
	return [
		{
			displayName: 'Dry Run is on: lists the recordings the filters select, one item each, and deletes nothing',
			name: 'dryRunNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { ...show, dryRun: [true] } },
		},
		{
			displayName:
				'Deletes every recording the filters select. Refused if they select every recording, unless Allow Deleting Every Recording is on.',
			name: 'bulkDeleteNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { ...show, dryRun: [false] } },
		},
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: true,
			description: 'Whether to only list the recordings the filters select, deleting nothing',
			displayOptions: { show },
		},
		{
			displayName: 'Allow Deleting Every Recording',
			name: 'confirmDeleteAll',
			type: 'boolean',
			default: false,
			description: 'Whether to allow deleting every recording in the account: with no filter, or filters that select them all',
			displayOptions: { show: { ...show, dryRun: [false] } },
		},
	];
}

/** Refuses a real run without any filter before anything is sent, unless deleting all is allowed. */
function prepare(item: ItemParameters, call: PreparedCall): DeleteManyChoice {
	const dryRun = item.parameter('dryRun', true) !== false;
	const confirmDeleteAll = item.parameter('confirmDeleteAll', false) === true;
	if (!dryRun && Object.keys(call.request.qs ?? {}).length === 0 && !confirmDeleteAll) {
		throw item.fail(
			'Filters:',
			'add at least one filter. Without one, every recording in the account would be deleted.',
			'To delete them all, turn on "Allow Deleting Every Recording".',
		);
	}
	return { dryRun, confirmDeleteAll };
}

/** Each filter's wire key → its name in the Filters collection, for the output. */
const FILTER_NAMES: Record<string, string> = Object.fromEntries(recordingFilters.map((field) => [field.wire, field.name]));

/** Telnyx's default page size: the least a call that deletes "one page" removes. */
const SMALLEST_PAGE = DEFAULT_PAGE_SIZE;

/** A call whose failure says the server did nothing (bad input, auth), so there is nothing to check. */
function refusedOutright(error: unknown): boolean {
	const status = Number((error as NodeApiError)?.httpCode);
	return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

async function run(ctx: IExecuteFunctions, call: PreparedCall, choice: DeleteManyChoice): Promise<INodeExecutionData[]> {
	const { request, transport } = call;
	const filters = request.qs ?? {};
	const list = { ...request, method: 'GET' as const };
	const itemIndex = transport.itemIndex;
	if (choice.dryRun) {
		// What Get Many would return: one item per recording, for a workflow to inspect or branch on.
		return (await requestAllPages.call(ctx, list, transport)).map((json) => ({ json }));
	}
	const count = async (qs: IDataObject) => await countRecords.call(ctx, { ...list, qs }, transport);

	const matched = await count(filters);
	// The filters as the node names them (e.g. roomId), not as sent (filter[room_id]).
	const named = Object.fromEntries(Object.entries(filters).map(([wire, value]) => [FILTER_NAMES[wire] ?? wire, value]));
	const report = (deleted: number, calls: number) => [
		{ json: { dryRun: false, filters: named, matched, deleted, calls } as IDataObject },
	];
	if (matched === 0) return report(0, 0);
	if (!choice.confirmDeleteAll) {
		const everything = await count({});
		if (matched >= everything) {
			throw new NodeOperationError(
				ctx.getNode(),
				`Filters: they select every recording in the account (${matched} of ${everything}), so nothing was deleted`,
				{
					itemIndex,
					description:
						'Filters that match everything (e.g. Min Duration 0, or a date long past) would delete them all. Narrow the filters, or turn on "Allow Deleting Every Recording" if that is really meant.',
				},
			);
		}
	}

	let remaining = matched;
	let calls = 0;
	const maxCalls = Math.ceil(matched / SMALLEST_PAGE) + 3;
	while (remaining > 0) {
		if (calls >= maxCalls) {
			throw new NodeApiError(
				ctx.getNode(),
				{ request: `${request.method} ${request.path}` },
				{
					message: `Deleted ${matched - remaining} of ${matched} recordings in ${calls} calls; ${remaining} still match`,
					description: 'Telnyx kept deleting too few per call, so the node stopped. Run it again to delete the rest.',
					itemIndex,
				},
			);
		}
		calls++;
		let failure: unknown;
		try {
			// A page as large as allowed, in case Telnyx deletes only one page per call.
			const qs = { ...filters, 'page[number]': 1, 'page[size]': MAX_PAGE_SIZE };
			await telnyxRequest.call(ctx, { ...request, qs }, transport);
		} catch (error) {
			failure = error;
		}
		if (failure && refusedOutright(failure)) throw failure;
		// The answer may be lost or wrong (a 5xx after acting): what still matches is the truth.
		const now = await count(filters);
		if (now < remaining) {
			remaining = now;
			continue;
		}
		if (failure) throw failure;
		throw new NodeApiError(
			ctx.getNode(),
			{ request: `${request.method} ${request.path}` },
			{
				message: `Telnyx deleted nothing on call ${calls}: ${remaining} of ${matched} recordings still match`,
				description: `${matched - remaining} were deleted before it stopped. Run the node again, or check the recordings in the Telnyx portal.`,
				itemIndex,
			},
		);
	}
	return report(matched, calls);
}

export const deleteManySteps: OperationSteps<DeleteManyChoice> = { properties, prepare, run, readsPages: true };

export const deleteManyRecordings: Operation = {
	resource: 'roomRecording',
	value: 'deleteMany',
	name: 'Delete Many',
	action: 'Delete many recordings by filter',
	description: 'Delete every recording the filters select; Dry Run (on by default) lists them and deletes nothing',
	method: 'DELETE',
	path: '/room_recordings',
	filters: recordingFilters,
	output: 'bulkDelete',
	steps: deleteManySteps,
};
