/**
 * The `source` a daemon pulls with when an instance is launched from an image server. Incus 6 names
 * the LXD REST protocol "incus" (it refuses "lxd"); it speaks it to LXD servers all the same.
 * Shared by the launch API and the create form (which sends it through the gateway).
 */
export function pullSource(
  server: { url: string; protocol: string; certificate?: string | null },
  image: { alias?: string; fingerprint?: string },
  pullerKind: string,
): Record<string, unknown> {
  return {
    type: 'image',
    mode: 'pull',
    server: server.url,
    protocol: server.protocol === 'lxd' && pullerKind === 'incus' ? 'incus' : server.protocol,
    ...(server.certificate ? { certificate: server.certificate } : {}),
    ...(image.fingerprint ? { fingerprint: image.fingerprint } : { alias: image.alias }),
  };
}
