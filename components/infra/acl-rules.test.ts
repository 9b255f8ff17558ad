import { describe, expect, it } from 'vitest';
import { aclRuleLines, parseAclRules } from './acl-rules';

describe('network ACL rules as lines', () => {
  it('reads rules with fields, quoted values and a default state, and writes them back the same', () => {
    const text = [
      'ingress allow protocol=tcp destination_port=22,80 source=@internal description="ssh and web"',
      '# a comment',
      '',
      'egress reject destination=192.0.2.0/24 state=logged',
    ].join('\n');
    const rules = parseAclRules(text);
    expect(rules).toEqual({
      ingress: [{ action: 'allow', state: 'enabled', protocol: 'tcp', destination_port: '22,80', source: '@internal', description: 'ssh and web' }],
      egress: [{ action: 'reject', state: 'logged', destination: '192.0.2.0/24' }],
    });
    if ('error' in rules) throw new Error(rules.error);
    expect(parseAclRules(aclRuleLines(rules))).toEqual(rules);
  });

  it('names the line and what is wrong', () => {
    expect(parseAclRules('inbound allow')).toEqual({ error: 'line 1: start with ingress or egress' });
    expect(parseAclRules('\negress permit')).toEqual({ error: 'line 2: the action is one of allow, reject, drop' });
    expect(parseAclRules('ingress allow port=22')).toMatchObject({ error: expect.stringMatching(/^line 1: "port" is not a rule field/) });
    expect(parseAclRules('ingress allow tcp')).toMatchObject({ error: 'line 1: write key=value after the action (not "tcp")' });
  });
});
