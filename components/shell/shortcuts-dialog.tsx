'use client';
import { SHORTCUTS } from '../help/shortcuts-list';
import { Dialog, DialogBody } from '../ui/dialog';

/** `?`: the console's keyboard shortcuts. Loaded the first time it opens. */
export default function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose} size="md">
      <DialogBody>
        <dl className="divide-y divide-zinc-100 text-[13px] dark:divide-zinc-800">
          {SHORTCUTS.map((s) => (
            <div key={s.what} className="flex items-start justify-between gap-4 py-2">
              <dt className="flex flex-wrap gap-1">
                {s.keys.map((k) => (
                  <kbd key={k} className="rounded border border-zinc-300 bg-zinc-50 px-1.5 py-px font-mono text-xs dark:border-zinc-700 dark:bg-zinc-800">
                    {k}
                  </kbd>
                ))}
              </dt>
              <dd className="text-right text-zinc-600 dark:text-zinc-400">{s.what}</dd>
            </div>
          ))}
        </dl>
      </DialogBody>
    </Dialog>
  );
}
