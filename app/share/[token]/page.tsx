import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { ShareBoard } from '@/components/share/share-board';
import { ShareGone } from '@/components/share/share-gone';
// A server component: the link is checked on the server before anything is shown.
// eslint-disable-next-line no-restricted-imports
import { ApiError } from '@/server/http/errors';
// eslint-disable-next-line no-restricted-imports
import { services } from '@/server/services';
// eslint-disable-next-line no-restricted-imports
import { openShare } from '@/server/shares/access';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Shared instances', robots: { index: false, follow: false }, referrer: 'no-referrer' };

/** The public page of a share link: no login, read-only; outside the console so nothing redirects it. */
export default async function SharePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  let share;
  try {
    share = await openShare(await services(), token, await headers());
  } catch (error) {
    if (error instanceof ApiError && error.status === 429) return <ShareGone message={error.message} />;
    if (error instanceof ApiError && (error.status === 404 || error.status === 410)) notFound();
    throw error;
  }
  return <ShareBoard token={token} name={share.name} expiresAt={new Date(share.expires_at).toISOString()} />;
}
