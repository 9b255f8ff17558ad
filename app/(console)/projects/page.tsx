import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ProjectsPage } from '@/components/infra/projects-page';

export const metadata: Metadata = { title: 'Projects' };

export default function ProjectsRoute() {
  // The filters live in the URL (useSearchParams), which needs a Suspense boundary.
  return (
    <Suspense>
      <ProjectsPage />
    </Suspense>
  );
}
