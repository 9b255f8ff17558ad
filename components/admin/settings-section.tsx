import type { ReactNode } from 'react';
import { Card } from '../ui/card';

/** One block of a settings page: a heading, a line saying what it is for, and its controls. */
export function SettingsSection({ title, description, children }: { title: string; description?: ReactNode; children: ReactNode }) {
  return (
    <Card className="mb-4 p-5">
      <h2 className="text-[15px] font-semibold text-zinc-900 dark:text-zinc-50">{title}</h2>
      {description && <p className="mt-0.5 text-[13px] text-zinc-500 dark:text-zinc-400">{description}</p>}
      <div className={description ? 'mt-4' : 'mt-2'}>{children}</div>
    </Card>
  );
}
