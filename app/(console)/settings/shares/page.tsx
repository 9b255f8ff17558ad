import type { Metadata } from 'next';
import { SharesSettings } from '@/components/admin/shares-settings';

export const metadata: Metadata = { title: 'Share links' };

export default function Shares() {
  return <SharesSettings />;
}
