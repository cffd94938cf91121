// Browser checker of the video-annotation task, called by the grader once per server start as
//   node checker/journey.js PHASE URL INPUT_DIR STATE_DIR RESULTS_DIR
// Phase 1 runs against a fresh server, phase 2 against the same server restarted on the same data.
// It writes RESULTS_DIR/results.json ({"steps": [{name, score, message, screenshot}]}) and one
// screenshot per step that ran. Whatever the application does, this exits 0 with every step of its phase
// reported; only the grader's own failures (no browser, unreadable input) exit non-zero.
'use strict';
const fs = require('fs');
const path = require('path');
const { openBrowser } = require('./browser');
const { phases, needs } = require('./steps');
const { readJson, sleep } = require('./ui');

const STARTUP_MS = 30000;
const STEP_MS = 45000;

async function waitForServer(origin) {
  const deadline = Date.now() + STARTUP_MS;
  while (Date.now() < deadline) {
    try {
      await fetch(origin + '/', { signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      await sleep(200);
    }
  }
  return false;
}

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`the step ${name} took longer than ${ms / 1000} s`)), ms); });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function why(j) {
  const notes = [];
  const blocked = j.blocked || [];
  if (blocked.length) notes.push(`The browser blocked requests that leave the application (only ${j.origin} is reachable): ${blocked.slice(0, 5).join(', ')}`);
  if (j.errors && j.errors.length) notes.push(`Errors on the page: ${j.errors.slice(0, 3).join(' | ')}`);
  return notes.length ? '\n' + notes.join('\n') : '';
}

async function main([phaseArg, url, input, stateDir, results]) {
  const steps = phases[phaseArg];
  if (!steps || !results) throw new Error('usage: journey.js PHASE URL INPUT_DIR STATE_DIR RESULTS_DIR');
  const origin = url.replace(/\/+$/, '');
  const statePath = path.join(stateDir, 'state.json');
  const answer = JSON.parse(fs.readFileSync(path.join(input, '..', 'answer'), 'utf8'));
  const j = { origin, input, answer, state: readJson(statePath, { blocked: [], passed: [] }) };
  const report = [];
  const up = await waitForServer(origin);
  let session = null;
  if (up) {
    session = await openBrowser(origin, path.join('/tmp', 'downloads'));
    Object.assign(j, { page: session.page, blocked: session.blocked, errors: session.errors });
  }
  for (const [index, name] of Object.keys(steps).entries()) {
    const entry = { name, score: 0, message: '' };
    if (!up) {
      entry.message = `The server did not answer at ${origin}/ within ${STARTUP_MS / 1000} s of being started.`;
      report.push(entry);
      continue;
    }
    j.state.blocked = [...new Set([...(j.state.blocked || []), ...j.blocked])];
    const missing = (needs[name] || []).filter((step) => !j.state.passed.includes(step));
    if (missing.length) {
      entry.message = `not run: it builds on ${missing.join(' and ')}, which failed${why(j)}`;
      report.push(entry);
      continue;
    }
    try {
      const note = await withTimeout(steps[name](j), STEP_MS, name);
      entry.score = 1;
      entry.message = note ? `passed: ${note}` : 'passed';
      j.state.passed.push(name);
    } catch (e) {
      j.state.blocked = [...new Set([...(j.state.blocked || []), ...j.blocked])];
      entry.message = `failed: ${String(e && e.message ? e.message : e).split('\n')[0]}${why(j)}`;
    }
    const shot = `${phaseArg}-${String(index + 1).padStart(2, '0')}-${name}.png`;
    try {
      await j.page.screenshot({ path: path.join(results, shot), timeout: 5000 });
      entry.screenshot = shot;
    } catch {
      // A page that hangs the renderer leaves the step without a picture, not the grading without a result.
    }
    report.push(entry);
  }
  fs.writeFileSync(statePath, JSON.stringify(j.state));
  fs.writeFileSync(path.join(results, 'results.json'), JSON.stringify({ steps: report }, null, 1));
  if (session) await session.browser.close().catch(() => {});
}

main(process.argv.slice(2)).then(() => process.exit(0), (e) => {
  console.error(e && e.stack ? e.stack : e);
  process.exit(1);
});
