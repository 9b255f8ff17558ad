import { SettingsTabs } from '@/components/admin/settings-tabs';
import { PageHeader } from '@/components/ui/page-header';

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="max-w-5xl">
      <PageHeader title="Settings" subtitle="Your account, your access tokens and, for admins, share links." />
      <SettingsTabs />
      {children}
    </div>
  );
}
