import type { Metadata } from 'next';
import { ImageServersPage } from '@/components/images/image-servers-page';

export const metadata: Metadata = { title: 'Image servers' };

export default function ImageServers() {
  return <ImageServersPage />;
}
