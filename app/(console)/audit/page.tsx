import type { Metadata } from 'next';
import { AuditPage } from '@/components/admin/audit-page';
// A server component: the retention setting is read from the server's configuration.
// eslint-disable-next-line no-restricted-imports
import { services } from '@/server/services';

export const metadata: Metadata = { title: 'Audit log' };
export const dynamic = 'force-dynamic';

export default async function Audit() {
  const { config } = await services();
  return <AuditPage retentionDays={config.auditRetentionDays} />;
}
