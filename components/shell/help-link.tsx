'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { helpHref, helpTopicFor } from '../help/help-topics';
import { buttonClasses } from '../ui/button';
import { HelpIcon } from '../ui/icons';

function Linked({ href }: { href: string }) {
  return (
    <Link href={href} className={buttonClasses('ghost', 'sm')} aria-label="Help for this page" title="Help for this page">
      <HelpIcon size={14} />
    </Link>
  );
}

function ForThisPage() {
  const pathname = usePathname();
  const tab = useSearchParams().get('tab');
  return <Linked href={helpHref(helpTopicFor(pathname, tab))} />;
}

/** The top bar's "?" link: the help section of the page being shown. */
export function HelpLink() {
  return (
    <Suspense fallback={<Linked href="/help" />}>
      <ForThisPage />
    </Suspense>
  );
}
