/** What a Telnyx record ID looks like: every ID this package checks is a UUID. */
export const UUID_PATTERN = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';
export const UUID_EXAMPLE = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
