/** A host link name a test made: `hv`, six base-36 digits of its time, a tag. */
export const HOST_LINK: RegExp;
/** The last six base-36 digits of a time, as host link names of tests carry it. */
export function shortStamp(now?: number): string;
/** Milliseconds since a test's host link name was made (modulo about 25 days), or null for another name. */
export function hostLinkAge(name: string, now?: number): number | null;
