import { EmptyState } from '../ui/empty-state';
import { PageHeader } from '../ui/page-header';

/** What a page for admins shows anyone else (the API refuses them too). */
export function AdminOnly({ title }: { title: string }) {
  return (
    <>
      <PageHeader title={title} />
      <EmptyState title="Only admins can see this page">Ask an admin if you need something changed here.</EmptyState>
    </>
  );
}
