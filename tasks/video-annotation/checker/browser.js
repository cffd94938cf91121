// Starts Debian's Chromium through playwright-core (installed in the intern/browser image) and keeps
// every request on the applicant's server: anything else is aborted and remembered, so that a page
// that needs the internet fails and the result says which address it tried.
'use strict';
const { chromium } = require('/opt/playwright/node_modules/playwright-core');

const ARGS = [
  '--no-sandbox', // the checker's container already drops every privilege the browser sandbox would need
  '--disable-gpu',
  '--disable-dev-shm-usage', // /dev/shm of a sandbox is tiny; use /tmp instead
  '--autoplay-policy=no-user-gesture-required',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

async function openBrowser(origin, downloads) {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ARGS,
    headless: true,
    downloadsPath: downloads,
    env: { HOME: '/tmp', TMPDIR: '/tmp', LANG: 'C.UTF-8', PATH: '/usr/bin:/bin' },
  });
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1100, height: 800 } });
  context.setDefaultTimeout(6000);
  context.setDefaultNavigationTimeout(10000);
  const blocked = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url === origin || url.startsWith(origin + '/')) return route.continue();
    if (!blocked.includes(url)) blocked.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => { if (errors.length < 5) errors.push(String(e.message || e)); });
  return { browser, context, page, blocked, errors };
}

module.exports = { openBrowser };
