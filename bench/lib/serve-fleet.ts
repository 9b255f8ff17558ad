import type { Page } from '@playwright/test';

const FLEET_LIST = /\/api\/v1\/instances(\?|$)/;

/**
 * Answers the page's `GET /api/v1/instances` with `body` (the bench's 10,000 rows), through the
 * DevTools protocol's Fetch domain with a pattern that pauses only that request. Playwright's
 * `page.route` pauses every request of the page (the document, its CSS and scripts) for a round
 * trip to the test process and turns the browser's HTTP cache off, which a person's browser does
 * not do: on a loaded machine that alone cost the page's first paint hundreds of milliseconds.
 */
export async function serveFleetList(page: Page, body: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const encoded = Buffer.from(body).toString('base64');
  cdp.on('Fetch.requestPaused', (event: { requestId: string; request: { url: string } }) => {
    const { requestId, request } = event;
    const answer = FLEET_LIST.test(new URL(request.url).pathname + new URL(request.url).search)
      ? cdp.send('Fetch.fulfillRequest', {
          requestId,
          responseCode: 200,
          responseHeaders: [{ name: 'Content-Type', value: 'application/json' }],
          body: encoded,
        })
      : cdp.send('Fetch.continueRequest', { requestId });
    answer.catch(() => undefined); // the page may have gone (a new navigation) meanwhile
  });
  // Wildcards: `?` is any one character here, so the pattern also pauses /api/v1/instances/...;
  // those are sent on unchanged above.
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*/api/v1/instances', requestStage: 'Request' }, { urlPattern: '*/api/v1/instances?*', requestStage: 'Request' }] });
}
