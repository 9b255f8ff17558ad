import type { Metadata } from 'next';
import { Suspense } from 'react';
import { NetworksPage } from '@/components/infra/networks-page';

export const metadata: Metadata = { title: 'Networks' };

export default function NetworksRoute() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <NetworksPage />
    </Suspense>
  );
}
