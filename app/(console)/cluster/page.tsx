import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ClusterPage } from '@/components/infra/cluster-page';

export const metadata: Metadata = { title: 'Cluster' };

export default function ClusterRoute() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ClusterPage />
    </Suspense>
  );
}
