import type { ReactNode } from 'react';
import { Card } from '../ui/card';
import { PageHeader } from '../ui/page-header';
import { HELP_TOPICS } from './help-titles';
import type { HelpTopic } from './help-topics';
import { SHORTCUTS } from './shortcuts-list';

/** What each section says: short, about what the page does and what to watch out for. */
const TEXT: Record<Exclude<HelpTopic, 'shortcuts'>, ReactNode> = {
  dashboard: (
    <p>
      The fleet at a glance: how many instances run on each daemon, which daemons answer, the instances using the most CPU and
      memory, and what happened lately. A daemon that does not answer is shown as offline; the rest of the page still works.
    </p>
  ),
  instances: (
    <p>
      Every instance of every registered daemon and project in one list. Filter by daemon, status or text; the filters live in the
      address, so a link opens the same view. Select rows to start, stop, apply limits to or delete several instances at once:
      each is changed on its own, and a refusal leaves that one as it was.
    </p>
  ),
  instance: (
    <p>
      One instance: its state, addresses and usage, and the actions your role allows. The daemon renames and deletes only
      stopped instances; the dialogs offer to stop it first (and to start it again after a rename).
    </p>
  ),
  terminal: (
    <p>
      The Terminal tab opens the login shell (bash if present, else sh). To run a one-off command instead, type it in the
      Command field and press Run; it runs once, and Reconnect opens the login shell again. Keys typed after a session ended go
      nowhere, and the terminal says so. A stopped instance has no terminal: the banner offers to start it. The Console tab
      shows what the instance printed to its console, then attaches to it live.
    </p>
  ),
  limits: (
    <p>
      Limits apply live to a running instance. Type sizes with their unit (512MiB, 2GB) or as a share of the host (50%); the
      field is checked as you type with the same rules as the server, against the host the instance runs on. A preset applies
      a named set of limits; on a running instance it asks first. Every change is in the history below the editor.
    </p>
  ),
  snapshots: (
    <p>
      Snapshots keep an instance as it was; restoring one replaces the instance&apos;s current state. A schedule (a cron
      expression) makes the daemon take snapshots by itself, and an expiry removes them after a while. Viewers see the
      schedule but cannot change it.
    </p>
  ),
  images: (
    <p>
      The images each daemon holds, to create instances from. Importing from a URL or a file runs as a task with progress;
      publishing turns an instance or snapshot into an image.
    </p>
  ),
  profiles: <p>Profiles hold configuration and devices that instances share; an instance&apos;s own value wins over its profiles&apos;.</p>,
  operations: (
    <p>
      What the daemons are doing now and did lately: each operation with its state and progress. Operators can cancel one that
      the daemon allows cancelling. Finished operations are shown as done, failed or cancelled, never as running.
    </p>
  ),
  daemons: (
    <p>
      The LXD and Incus daemons Hangar talks to. Adding one needs a trust token (or the trust password) from the daemon; Hangar
      then uses its own client certificate and pins the daemon&apos;s certificate.
    </p>
  ),
  users: (
    <p>
      People who may log in, and their role: viewers read, operators also run instances, terminals, snapshots and limits,
      admins do everything. The server enforces the role whatever the page shows.
    </p>
  ),
  audit: <p>Who did what and when: every change made through Hangar, logins (failed ones too) and administration, with a CSV export.</p>,
  settings: (
    <p>
      Your account (password, sessions), API tokens for scripts and read-only share links to a set of instances. A token or a
      link is shown once when made; revoke it when it is no longer needed.
    </p>
  ),
};

/** `/help`: one section per console page; each page's help link opens its section. */
export function HelpPage() {
  return (
    <div className="max-w-3xl">
      <PageHeader title="Help" subtitle="What each part of Hangar does. The ? in the top bar opens the section of the page you are on." />
      <Card className="divide-y divide-zinc-200 dark:divide-zinc-800">
        <nav aria-label="Help sections" className="flex flex-wrap gap-x-3 gap-y-1 px-5 py-3 text-[13px]">
          {HELP_TOPICS.map((t) => (
            <a key={t.id} href={`#${t.id}`} className="text-indigo-700 hover:underline dark:text-indigo-300">
              {t.title}
            </a>
          ))}
        </nav>
        {HELP_TOPICS.map((t) => (
          <section key={t.id} id={t.id} aria-labelledby={`${t.id}-title`} className="scroll-mt-4 space-y-2 px-5 py-4 text-[13px] leading-relaxed text-zinc-700 target:bg-indigo-50/60 dark:text-zinc-300 dark:target:bg-indigo-500/10">
            <h2 id={`${t.id}-title`} className="text-sm font-semibold text-zinc-900 dark:text-zinc-100">
              {t.title}
            </h2>
            {t.id === 'shortcuts' ? (
              <ul className="space-y-1">
                {SHORTCUTS.map((s) => (
                  <li key={s.what}>
                    <span className="font-mono text-xs">{s.keys.join(' / ')}</span> — {s.what}
                  </li>
                ))}
              </ul>
            ) : (
              TEXT[t.id]
            )}
          </section>
        ))}
      </Card>
    </div>
  );
}
