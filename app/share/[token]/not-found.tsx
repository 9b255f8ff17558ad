import { ShareGone } from '@/components/share/share-gone';

export default function ShareNotFound() {
  return <ShareGone />;
}
