/** The console's page addresses, built in one place (links, the command palette, redirects). */

export function instanceHref(i: { daemonId: string; project: string; name: string }): string {
  const query = i.project === 'default' ? '' : `?project=${encodeURIComponent(i.project)}`;
  return `/instances/${encodeURIComponent(i.daemonId)}/${encodeURIComponent(i.name)}${query}`;
}
