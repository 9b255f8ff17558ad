/** The file `npm run build` records the working tree's revision in. */
export const BUILD_REV_FILE: string;
/** The commit plus a hash of every uncommitted change. */
export function workingTreeRev(): string;
