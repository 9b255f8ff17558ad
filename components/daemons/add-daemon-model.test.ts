import { describe, expect, it } from 'vitest';
import { addDaemonInput, missingInput, type DaemonDraft } from './add-daemon-model';

const draft = (patch: Partial<DaemonDraft>): DaemonDraft => ({ name: 'rack1', url: 'https://h:8443', credential: 'token', secret: 's', ...patch });

describe('add daemon model', () => {
  it('names what is missing, in the order of the form', () => {
    expect(missingInput(draft({ name: ' ' }))).toBe('Enter a name');
    expect(missingInput(draft({ url: 'http://h' }))).toBe('Enter an https:// or unix:// URL');
    expect(missingInput(draft({ secret: '', credential: 'password' }))).toBe('Enter the trust password');
    expect(missingInput(draft({ secret: '', url: 'unix:///run/lxd.socket' }))).toBeNull();
    expect(missingInput(draft({}))).toBeNull();
  });

  it('sends the credential asked for, trimmed but for a password, and the confirmed fingerprint', () => {
    expect(addDaemonInput(draft({ name: ' r ', secret: ' t ' }), 'ab')).toEqual({ name: 'r', url: 'https://h:8443', trustToken: 't', fingerprint: 'ab' });
    expect(addDaemonInput(draft({ credential: 'password', secret: ' p ' }))).toEqual({ name: 'rack1', url: 'https://h:8443', trustPassword: ' p ' });
    expect(addDaemonInput(draft({ url: ' unix:///s ' }))).toEqual({ name: 'rack1', url: 'unix:///s' });
  });
});
