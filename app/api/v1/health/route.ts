import { VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';

export function GET() {
  return Response.json({ status: 'ok', version: VERSION });
}
