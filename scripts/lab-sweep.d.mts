/** The time a test name (tests/support/lab.ts `uniqueName`) was made, or null for a name no test made. */
export function madeAt(name: string, now?: number): number | null;
/** True for a test's name made more than `ageMs` ago (default HANGAR_LAB_SWEEP_AGE_H hours). */
export function isStale(name: string, now?: number, ageMs?: number): boolean;
/** The last six base-36 digits of a time, as host link names of tests carry it. */
export function shortStamp(now?: number): string;
/** Milliseconds since a test's host link name was made (modulo about 25 days), or null for another name. */
export function hostLinkAge(name: string, now?: number): number | null;
/** True for a test's host link name made more than `ageMs` ago. */
export function isStaleLink(name: string, now?: number, ageMs?: number): boolean;
