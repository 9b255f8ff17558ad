'use client';
import dynamic from 'next/dynamic';
import { Loading } from '../ui/query-state';

/** The CodeMirror editor, fetched only when a view that edits YAML is shown. */
export const LazyYamlEditor = dynamic(() => import('./yaml-editor'), {
  ssr: false,
  loading: () => <Loading what="editor" className="h-72 rounded-md border border-zinc-200 px-3 dark:border-zinc-800" />,
});
