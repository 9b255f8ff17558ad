import type { Metadata } from 'next';
import { TokensSettings } from '@/components/admin/tokens-settings';

export const metadata: Metadata = { title: 'Access tokens' };

export default function Tokens() {
  return <TokensSettings />;
}
