/**
 * The one way this package talks to Telnyx: the action node, its list searches and both triggers
 * import from here, and every request goes out through n8n's httpRequestWithAuthentication
 * (downloads excepted: pre-signed links must not get the key). The parts, each in its own file:
 *
 * - send.ts: the credential, one request with retries, the settings of a call
 * - network.ts: what a network error, a status or a rate-limit header means; backoff
 * - errors.ts: Telnyx's error bodies, redaction of the key, the errors thrown
 * - pagination.ts: pages, counts, and Return All on lists that change while read
 * - download.ts: media files, streamed, with their names
 * - settings.ts: the defaults and limits of all of the above
 */
export { CREDENTIAL_NAME, DEFAULT_TRANSPORT, telnyxRequest } from './send';
export { DEFAULT_BASE_URL } from './settings';
export type { TelnyxContext, TelnyxRequest, TransportSettings } from './send';
export { backoffDelayMs, serverRequestedDelayMs } from './network';
export { countRecords, requestAllPages } from './pagination';
export { downloadFile } from './download';
export type { BinarySource, DownloadedFile } from './download';
