'use client';
import dynamic from 'next/dynamic';
import { Spinner } from '../ui/spinner';

/** The CodeMirror editor, fetched only when a view that edits YAML is shown. */
export const LazyYamlEditor = dynamic(() => import('./yaml-editor'), {
  ssr: false,
  loading: () => (
    <div className="flex h-72 items-center gap-2 rounded-md border border-zinc-200 px-3 text-[13px] text-zinc-500 dark:border-zinc-800">
      <Spinner /> Loading editor…
    </div>
  ),
});
