'use client';
import type { DaemonProbe } from '@/lib/api-types';

/** The certificate a daemon presented, for the person to compare with the daemon's own before Hangar pins it. */
export function CertificateCheck({ probe }: { probe: DaemonProbe }) {
  return (
    <>
      <div className="rounded-md border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950/40">
        <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Certificate fingerprint (SHA-256)</p>
        <p data-testid="probe-fingerprint" className="mt-1 font-mono text-[13px] break-all text-zinc-900 dark:text-zinc-100">
          {probe.fingerprint}
        </p>
        <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
          <dt className="text-zinc-500">URL</dt>
          <dd className="font-mono break-all">{probe.url}</dd>
          <dt className="text-zinc-500">Subject</dt>
          <dd className="break-all">{probe.subject || '—'}</dd>
          <dt className="text-zinc-500">Valid until</dt>
          <dd>{probe.validTo}</dd>
        </dl>
      </div>
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        Compare it with <code className="font-mono">certificate_fingerprint</code> in the output of{' '}
        <code className="font-mono">lxc info</code> or <code className="font-mono">incus info</code> on the daemon&apos;s
        host. Hangar pins this certificate and refuses any other.
      </p>
    </>
  );
}
