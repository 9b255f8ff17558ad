export function apiRouteFiles(root: string): { pattern: string; file: string }[];
export function apiRoutesPlugin(root: string): import('esbuild').Plugin;
