/** The three roles of docs/api.md, weakest first. Shared by the server (which enforces) and the UI (which hides). */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `role` grants at least what `required` grants. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** What each role may do, by name, so the UI and the route handlers ask the same question. */
export const CAPABILITIES = {
  read: 'viewer',
  readSecrets: 'operator',
  lifecycle: 'operator',
  terminal: 'operator',
  files: 'operator',
  snapshots: 'operator',
  limits: 'operator',
  manageInstances: 'admin',
  manageImages: 'admin',
  manageProfiles: 'admin',
  manageDaemons: 'admin',
  manageInfrastructure: 'admin',
  manageUsers: 'admin',
  manageShares: 'admin',
  readAudit: 'admin',
} as const satisfies Record<string, Role>;

export type Capability = keyof typeof CAPABILITIES;

export function can(role: Role | undefined, capability: Capability): boolean {
  return role !== undefined && roleAllows(role, CAPABILITIES[capability]);
}

/** Why `role` may not do something, as a disabled control says it ("…; an admin can."), or null when it may. */
export function roleReason(role: Role | undefined, capability: Capability, doing: string): string | null {
  return can(role, capability) ? null : `Your role (${role ?? '…'}) cannot ${doing}; an ${CAPABILITIES[capability]} can.`;
}
