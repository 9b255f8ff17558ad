import type { NetworkAclRule } from '@/lib/api-types';

/**
 * Network ACL rules as the form edits them: one rule a line,
 * `ingress|egress allow|reject|drop [key=value…]`, where the keys are the daemon's rule fields
 * (`source`, `destination`, `protocol`, `source_port`, `destination_port`, `icmp_type`,
 * `icmp_code`, `state`, `description`; a value with spaces in double quotes). `state` is
 * `enabled` unless given. The daemon checks the values (CIDRs, ports) and its words are shown.
 */
export interface AclRules {
  ingress: NetworkAclRule[];
  egress: NetworkAclRule[];
}

const FIELDS = ['source', 'destination', 'protocol', 'source_port', 'destination_port', 'icmp_type', 'icmp_code', 'state', 'description'] as const;
const ACTIONS = ['allow', 'reject', 'drop'];
const TOKEN = /([^\s"]*)"((?:[^"\\]|\\.)*)"|(\S+)/g;

export function parseAclRules(text: string): AclRules | { error: string } {
  const rules: AclRules = { ingress: [], egress: [] };
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const where = `line ${i + 1}`;
    // `key="a value"` is one token: the key and the unquoted value.
    const tokens = [...line.matchAll(TOKEN)].map((m) => m[3] ?? m[1] + m[2].replace(/\\(.)/g, '$1'));
    const [direction, action, ...rest] = tokens;
    if (direction !== 'ingress' && direction !== 'egress') return { error: `${where}: start with ingress or egress` };
    if (!action || !ACTIONS.includes(action)) return { error: `${where}: the action is one of ${ACTIONS.join(', ')}` };
    const rule: NetworkAclRule = { action, state: 'enabled' };
    for (const token of rest) {
      const eq = token.indexOf('=');
      if (eq <= 0) return { error: `${where}: write key=value after the action (not "${token}")` };
      const key = token.slice(0, eq);
      const value = token.slice(eq + 1);
      if (!(FIELDS as readonly string[]).includes(key)) return { error: `${where}: "${key}" is not a rule field (${FIELDS.join(', ')})` };
      (rule as unknown as Record<string, string>)[key] = value;
    }
    rules[direction].push(rule);
  }
  return rules;
}

export function aclRuleLines(rules: AclRules): string {
  const line = (direction: string, rule: NetworkAclRule) =>
    [
      direction,
      rule.action,
      ...FIELDS.filter((k) => rule[k] && !(k === 'state' && rule.state === 'enabled')).map((k) => {
        const value = rule[k]!;
        return /[\s"]/.test(value) ? `${k}="${value.replace(/(["\\])/g, '\\$1')}"` : `${k}=${value}`;
      }),
    ].join(' ');
  return [...rules.ingress.map((r) => line('ingress', r)), ...rules.egress.map((r) => line('egress', r))].join('\n');
}
