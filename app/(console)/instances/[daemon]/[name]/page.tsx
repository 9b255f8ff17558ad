import type { Metadata } from 'next';
import { InstancePage } from '@/components/instances/instance-page';

type Params = Promise<{ daemon: string; name: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { name } = await params;
  return { title: decodeURIComponent(name) };
}

export default async function Instance({ params }: { params: Params }) {
  const { daemon, name } = await params;
  return <InstancePage daemonId={decodeURIComponent(daemon)} name={decodeURIComponent(name)} />;
}
