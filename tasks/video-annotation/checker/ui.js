// Small helpers over the page's data-testid hooks and the HTTP API, shared by the journey's steps.
'use strict';
const fs = require('fs');

const tid = (id) => `[data-testid="${id}"]`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Polls fn until it returns a truthy value; otherwise throws what `describe` says about the last value.
async function until(fn, ms, describe) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(typeof describe === 'function' ? describe(last) : describe);
    await sleep(150);
  }
}

function videoItem(page, name) {
  return page.locator(tid('video-item')).filter({ hasText: name });
}

// Clicks the file name in its video-item and waits until the player has the video's metadata.
async function selectVideo(page, name) {
  const item = videoItem(page, name);
  await until(async () => (await item.count()) === 1, 6000, `no single video-item shows "${name}"`);
  await item.getByText(name).first().click();
  await until(() => page.$eval(tid('player'), (v) => v.readyState >= 1 && v.duration > 0), 8000,
    `clicking "${name}" did not load it into the player (no metadata within 8 s)`);
}

async function fillAnnotation(page, a) {
  await page.fill(tid('ann-start'), String(a.start_time));
  await page.fill(tid('ann-finish'), String(a.finish_time));
  const category = page.locator(tid('ann-category'));
  if ((await category.evaluate((e) => e.tagName)) === 'SELECT') await category.selectOption(a.category);
  else await category.fill(a.category);
  await page.fill(tid('ann-content'), a.content);
  await page.click(tid('ann-save'));
}

async function annItemCount(page, n, why) {
  const items = page.locator(tid('ann-item'));
  await until(async () => (await items.count()) === n, 5000, () => `${why}: expected ${n} ann-item elements, found a different number`);
  // Give a stray second render a moment to show up before the count is trusted.
  await sleep(300);
  const count = await items.count();
  if (count !== n) throw new Error(`${why}: expected ${n} ann-item elements, found ${count}`);
}

async function api(origin, method, path, body, headers = {}) {
  const init = { method, headers: { ...headers } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(origin + path, init);
  } catch (e) {
    throw new Error(`${method} ${path} failed: ${e.cause ? e.cause.message || e.cause.code : e.message}`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, text: () => bytes.toString('utf8') };
}

async function apiJson(origin, method, path, body) {
  const r = await api(origin, method, path, body);
  if (r.status < 200 || r.status > 299) throw new Error(`${method} ${path} answered ${r.status}: ${r.text().slice(0, 200)}`);
  try {
    return JSON.parse(r.text());
  } catch {
    throw new Error(`${method} ${path} did not answer JSON: ${r.text().slice(0, 200)}`);
  }
}

async function videoId(origin, name) {
  const videos = await apiJson(origin, 'GET', '/api/videos');
  if (!Array.isArray(videos)) throw new Error('GET /api/videos did not answer a JSON array');
  const found = videos.filter((v) => v && v.name === name);
  if (found.length !== 1) throw new Error(`GET /api/videos lists ${found.length} videos named "${name}", expected 1`);
  if (found[0].id === undefined || found[0].id === null) throw new Error(`the video "${name}" in GET /api/videos has no id`);
  return found[0].id;
}

const KEYS = ['category', 'content', 'finish_time', 'start_time'];

// Throws unless `got` is exactly `want` (already in start_time order) in the contract's schema.
function sameAnnotations(got, want, what) {
  if (!Array.isArray(got)) throw new Error(`${what} is not a JSON array`);
  got.forEach((a, i) => {
    const keys = a && typeof a === 'object' ? Object.keys(a).sort() : [];
    if (keys.join() !== KEYS.join()) throw new Error(`${what}[${i}] has the keys [${keys}], expected exactly [${KEYS}]`);
    if (typeof a.start_time !== 'number' || typeof a.finish_time !== 'number')
      throw new Error(`${what}[${i}]: start_time and finish_time must be JSON numbers (seconds)`);
  });
  for (let i = 1; i < got.length; i++)
    if (got[i].start_time < got[i - 1].start_time) throw new Error(`${what} is not ordered by start_time (${got[i - 1].start_time} before ${got[i].start_time})`);
  const show = (list) => JSON.stringify(list.map((a) => [a.start_time, a.finish_time, a.category, a.content]));
  const close = (x, y) => Math.abs(x - y) < 1e-6;
  const same = got.length === want.length && got.every((a, i) => close(a.start_time, want[i].start_time)
    && close(a.finish_time, want[i].finish_time) && a.category === want[i].category && a.content === want[i].content);
  if (!same) throw new Error(`${what} holds ${show(got)}, expected ${show(want)}`);
}

function readJson(path, fallback) {
  try {
    return JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch {
    return fallback;
  }
}

module.exports = { tid, sleep, until, videoItem, selectVideo, fillAnnotation, annItemCount, api, apiJson, videoId, sameAnnotations, readJson };
