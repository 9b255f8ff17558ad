import type { Metadata } from 'next';
import { Suspense } from 'react';
import { StoragePage } from '@/components/infra/storage-page';

export const metadata: Metadata = { title: 'Storage' };

export default function StorageRoute() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <StoragePage />
    </Suspense>
  );
}
