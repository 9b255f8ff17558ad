import type { Metadata } from 'next';
import { AccountSettings } from '@/components/admin/account-settings';

export const metadata: Metadata = { title: 'Settings' };

export default function Settings() {
  return <AccountSettings />;
}
