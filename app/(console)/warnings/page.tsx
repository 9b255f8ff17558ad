import type { Metadata } from 'next';
import { Suspense } from 'react';
import { WarningsPage } from '@/components/infra/warnings-page';

export const metadata: Metadata = { title: 'Warnings' };

export default function WarningsRoute() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <WarningsPage />
    </Suspense>
  );
}
