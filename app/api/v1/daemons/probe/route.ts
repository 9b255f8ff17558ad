import { probeDaemon } from '@/server/daemons/enrollment';
import { json, readBody, route } from '@/server/http/route';

/** Shows the certificate fingerprint a daemon presents, for the person adding it to confirm. */
export const POST = route({ capability: 'manageDaemons', audit: false }, async ({ req }) => {
  const body = await readBody(req);
  return json(await probeDaemon(body.url));
});
