// Regenerates the README's picture, docs/dashboard.png, on purpose (`npm run screenshots`): the
// dashboard in Chromium against the browser test's fake API, in Portuguese, scrolled to the top.
// The tests never write it (their screenshots go to a temporary folder), so `npm test` leaves
// the clone clean.
import { fileURLToPath } from 'node:url';
import { hasChromium, openDashboard } from '../test/browser/chromium.ts';
import { startFakeApi } from '../test/browser/fakeApi.ts';

const PICTURE = fileURLToPath(new URL('../docs/dashboard.png', import.meta.url));

if (!hasChromium()) {
  console.error('Chromium is not at /usr/bin/chromium: apt-get install -y chromium');
  process.exit(1);
}
const fake = await startFakeApi();
const browser = await openDashboard(fake.url);
try {
  await browser.page.evaluate('window.scrollTo(0, 0)');
  await browser.page.screenshot({ path: PICTURE });
  console.log(`wrote ${PICTURE}`);
} finally {
  await browser.close();
  await fake.app.close();
}
