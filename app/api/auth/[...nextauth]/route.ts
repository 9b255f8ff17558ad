import NextAuth from 'next-auth';
import { authOptions } from '@/server/auth/next-auth';
import { services } from '@/server/services';

async function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  const options = authOptions(await services());
  return (NextAuth as unknown as (req: Request, ctx: unknown, o: typeof options) => Promise<Response>)(req, context, options);
}

export { handler as GET, handler as POST };
