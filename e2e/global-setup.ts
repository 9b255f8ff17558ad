import fs from 'node:fs';
import path from 'node:path';
import { Api, registerLab, startHangar } from '../tests/support/hangar';
import { E2E_PORT } from '../playwright.config';

export const STATE_FILE = path.join(__dirname, 'artifacts', 'state.json');

/** Starts the built Hangar with the lab's daemons registered; specs read STATE_FILE for ids. */
export default async function globalSetup() {
  const hangar = await startHangar({ port: E2E_PORT });
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api);
  fs.mkdirSync(path.dirname(STATE_FILE), { recursive: true });
  fs.writeFileSync(
    STATE_FILE,
    JSON.stringify({ url: hangar.url, daemons: { alpha: daemons.alpha.id, beta: daemons.beta.id, gamma: daemons.gamma.id } }),
  );
  (globalThis as { __hangar?: unknown; __hangarApi?: unknown }).__hangar = hangar;
  (globalThis as { __hangarApi?: unknown }).__hangarApi = api;
}
