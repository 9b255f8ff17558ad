import type WebSocket from 'ws';

/** Pings the browser every `ms`; one that has not answered the last ping by the next is cut off. Returns stop. */
export function keepAlive(browser: WebSocket, ms: number): () => void {
  let alive = true;
  const timer = setInterval(() => {
    if (!alive) return browser.terminate();
    alive = false;
    browser.ping();
  }, ms);
  timer.unref();
  browser.on('pong', () => (alive = true));
  return () => clearInterval(timer);
}
