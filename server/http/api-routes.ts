import path from 'node:path';
import { apiRouteFiles } from '../../scripts/api-routes.mjs';

export type RouteParams = Record<string, string | string[]>;
/** An App Router route handler, as every module under app/api/v1 exports them. */
export type RouteHandler = (req: Request, context: { params: Promise<RouteParams> }) => Response | Promise<Response>;
export type RouteModule = Record<string, unknown>;

export interface RouteFile {
  /** The URL pattern, from the file's folder: `/api/v1/users/[username]`. */
  pattern: string;
  module: RouteModule;
}

/**
 * Every route module under app/api/v1 with its URL pattern. The server bundle compiles this into
 * static imports instead (scripts/api-routes.mjs); under tsx (development, tests) they are found
 * and imported at start.
 */
export async function loadApiRoutes(): Promise<RouteFile[]> {
  const files = apiRouteFiles(path.resolve(__dirname, '../..'));
  return Promise.all(files.map(async ({ pattern, file }) => ({ pattern, module: (await import(file)) as RouteModule })));
}
