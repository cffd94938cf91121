// The journey's steps, in the order they run. Each throws an Error whose message tells the applicant
// what was done and what differed; a step that returns passes. `j` carries the page, the server's
// origin, the input videos and `j.state`, which phase 2 reads back after the server's restart.
'use strict';
const fs = require('fs');
const path = require('path');
const ui = require('./ui');

const { tid, until, selectVideo, fillAnnotation, annItemCount, api, apiJson, videoId, sameAnnotations } = ui;

const HELLO = { start_time: 2.5, finish_time: 4, category: 'speech', content: 'Hello everyone' };
const COUGH = { start_time: 1, finish_time: 3, category: 'noise', content: 'Cough' };
const AH = { start_time: 3.5, finish_time: 5.25, category: 'pause', content: 'Ah' };
const COUGH_EDITED = { ...COUGH, finish_time: 3.2, content: 'Cough twice' };
const DOOR = { start_time: 4.5, finish_time: 6, category: 'noise', content: 'Door closes' };
const BACKWARDS = { start_time: 4, finish_time: 2, category: 'speech', content: 'Backwards' };
// Every annotation of the MP4 once phase 1 is done, in start_time order.
const KEPT = [COUGH_EDITED, HELLO, AH];
const HOOKS = ['video-upload', 'player', 'ann-start', 'ann-finish', 'ann-category', 'ann-content', 'ann-save', 'ann-export'];

async function expectAnnotations(j, id, want, what) {
  sameAnnotations(await apiJson(j.origin, 'GET', `/api/videos/${id}/annotations`), want, what);
}

async function upload(j, file) {
  await j.page.setInputFiles(tid('video-upload'), path.join(j.input, file));
  await until(async () => (await ui.videoItem(j.page, file).count()) === 1, 10000, `after choosing ${file} in video-upload, no video-item shows "${file}" within 10 s`);
  await selectVideo(j.page, file);
  const duration = await j.page.$eval(tid('player'), (v) => v.duration);
  if (Math.abs(duration - j.answer.seconds) > 0.6) throw new Error(`${file} plays back as ${duration} s long; the uploaded file is ${j.answer.seconds} s`);
  return videoId(j.origin, file);
}

const phase1 = {
  async page(j) {
    await j.page.goto(j.origin);
    const missing = [];
    for (const hook of HOOKS) if ((await j.page.locator(tid(hook)).count()) === 0) missing.push(hook);
    if (missing.length) throw new Error(`the page at / has no element with data-testid ${missing.join(', ')}`);
    if ((await j.page.$eval(tid('player'), (e) => e.tagName)) !== 'VIDEO') throw new Error('data-testid="player" is not a <video> element');
  },
  async 'upload-mp4'(j) {
    j.state.mp4Id = await upload(j, j.answer.mp4);
  },
  async 'upload-webm'(j) {
    j.state.webmId = await upload(j, j.answer.webm);
  },
  async list(j) {
    await j.page.reload();
    for (const name of [j.answer.mp4, j.answer.webm])
      await until(async () => (await ui.videoItem(j.page, name).count()) === 1, 6000, `after a reload, no single video-item shows "${name}"`);
    const videos = await apiJson(j.origin, 'GET', '/api/videos');
    const names = Array.isArray(videos) ? videos.map((v) => v && v.name).sort() : [];
    if (names.join('|') !== [j.answer.mp4, j.answer.webm].sort().join('|'))
      throw new Error(`GET /api/videos answered ${JSON.stringify(videos).slice(0, 300)}; expected the two uploaded videos as {"id", "name"}`);
  },
  async play(j) {
    await selectVideo(j.page, j.answer.mp4);
    await j.page.$eval(tid('player'), (v) => { v.muted = true; return v.play(); });
    const t = await until(() => j.page.$eval(tid('player'), (v) => (v.currentTime > 1 ? v.currentTime : 0)), 8000,
      'the player\'s currentTime did not pass 1 s within 8 s of play()');
    await j.page.$eval(tid('player'), (v) => v.pause());
    return `currentTime reached ${t.toFixed(2)} s`;
  },
  async annotate(j) {
    for (const [i, a] of [HELLO, COUGH, AH].entries()) {
      await fillAnnotation(j.page, a);
      await annItemCount(j.page, i + 1, `after saving ${JSON.stringify(a)}`);
    }
    await expectAnnotations(j, j.state.mp4Id, [COUGH, HELLO, AH], 'GET annotations after adding three overlapping ones');
  },
  async edit(j) {
    const item = j.page.locator(tid('ann-item')).filter({ hasText: COUGH.content });
    await item.locator(tid('ann-edit')).click();
    const start = await j.page.inputValue(tid('ann-start'));
    if (Math.abs(parseFloat(start) - COUGH.start_time) > 1e-6) throw new Error(`ann-edit on "${COUGH.content}" filled ann-start with "${start}", expected ${COUGH.start_time}`);
    await fillAnnotation(j.page, COUGH_EDITED);
    await annItemCount(j.page, 3, 'after editing one of three annotations');
    await expectAnnotations(j, j.state.mp4Id, KEPT, 'GET annotations after the edit');
  },
  async delete(j) {
    await fillAnnotation(j.page, DOOR);
    await annItemCount(j.page, 4, 'after adding a fourth annotation');
    await j.page.locator(tid('ann-item')).filter({ hasText: DOOR.content }).locator(tid('ann-delete')).click();
    await annItemCount(j.page, 3, `after ann-delete on "${DOOR.content}"`);
    await expectAnnotations(j, j.state.mp4Id, KEPT, 'GET annotations after the delete');
  },
  async seek(j) {
    await j.page.$eval(tid('player'), (v) => { v.pause(); v.currentTime = 0; });
    await j.page.locator(tid('ann-item')).filter({ hasText: HELLO.content }).getByText(HELLO.content).click();
    const t = await until(() => j.page.$eval(tid('player'), (v) => (Math.abs(v.currentTime - 2.5) < 0.3 ? v.currentTime : 0)), 5000,
      `clicking the text of "${HELLO.content}" did not move the player to its start (2.5 s) within 5 s`);
    return `currentTime ${t.toFixed(2)} s`;
  },
  async invalid(j) {
    await fillAnnotation(j.page, BACKWARDS);
    const error = j.page.locator(tid('ann-error'));
    await until(async () => (await error.count()) > 0 && (await error.first().isVisible()) && (await error.first().innerText()).trim(), 4000,
      'saving finish 2 before start 4 showed no visible, non-empty ann-error');
    await annItemCount(j.page, 3, 'after the refused annotation');
    await expectAnnotations(j, j.state.mp4Id, KEPT, 'GET annotations after the refused annotation');
    return `ann-error said: ${(await error.first().innerText()).trim().slice(0, 120)}`;
  },
  async reload(j) {
    await j.page.reload();
    await selectVideo(j.page, j.answer.mp4);
    await annItemCount(j.page, 3, 'after a reload');
    for (const a of KEPT) {
      const shown = await j.page.locator(tid('ann-item')).filter({ hasText: a.content }).filter({ hasText: a.category }).count();
      if (shown !== 1) throw new Error(`after a reload no ann-item shows "${a.content}" with its category ${a.category}`);
    }
  },
  async export(j) {
    const [download] = await Promise.all([j.page.waitForEvent('download', { timeout: 8000 }), j.page.click(tid('ann-export'))]);
    const file = await download.path();
    let data;
    try {
      data = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      throw new Error(`the export ${download.suggestedFilename()} is not JSON: ${e.message}`);
    }
    sameAnnotations(data, KEPT, `the export ${download.suggestedFilename()}`);
    return `downloaded ${download.suggestedFilename()}`;
  },
};

const phase2 = {
  async restart(j) {
    await j.page.goto(j.origin);
    await selectVideo(j.page, j.answer.mp4);
    await annItemCount(j.page, 3, 'after the server was restarted');
    if ((await ui.videoItem(j.page, j.answer.webm).count()) !== 1) throw new Error(`after the restart, no video-item shows "${j.answer.webm}"`);
    await expectAnnotations(j, j.state.mp4Id, KEPT, 'GET annotations after the restart');
  },
  async 'delete-video'(j) {
    await j.page.goto(j.origin);
    await selectVideo(j.page, j.answer.webm);
    await fillAnnotation(j.page, HELLO);
    await annItemCount(j.page, 1, `after annotating ${j.answer.webm}`);
    j.page.once('dialog', (d) => d.accept());
    await ui.videoItem(j.page, j.answer.webm).locator(tid('video-delete')).click();
    await until(async () => (await ui.videoItem(j.page, j.answer.webm).count()) === 0, 5000, `the video-item of ${j.answer.webm} stayed after video-delete`);
    const videos = await apiJson(j.origin, 'GET', '/api/videos');
    if (!Array.isArray(videos) || videos.some((v) => v && v.name === j.answer.webm)) throw new Error('GET /api/videos still lists the deleted video');
    const left = await api(j.origin, 'GET', `/api/videos/${j.state.webmId}/annotations`);
    if (left.status >= 200 && left.status < 300 && left.text().trim() !== '[]')
      throw new Error(`the deleted video's annotations are still served: ${left.text().slice(0, 200)}`);
    await expectAnnotations(j, j.state.mp4Id, KEPT, 'the other video\'s annotations after deleting a video');
  },
  async api(j) {
    const form = new FormData();
    form.append('file', new Blob([fs.readFileSync(path.join(j.input, j.answer.mp4))], { type: 'video/mp4' }), 'api-upload.mp4');
    const created = await apiJson(j.origin, 'POST', '/api/videos', form);
    if (!created || created.name !== 'api-upload.mp4' || created.id === undefined) throw new Error(`POST /api/videos answered ${JSON.stringify(created)}, expected {"id": ..., "name": "api-upload.mp4"}`);
    const unordered = [AH, COUGH];
    const put = await api(j.origin, 'PUT', `/api/videos/${created.id}/annotations`, unordered);
    if (put.status < 200 || put.status > 299) throw new Error(`PUT /api/videos/${created.id}/annotations answered ${put.status}`);
    await expectAnnotations(j, created.id, [COUGH, AH], `GET /api/videos/${created.id}/annotations after a PUT out of order`);
    // The page tells where it serves a video: open the one just uploaded and ask for a byte range of it.
    await j.page.goto(j.origin);
    await selectVideo(j.page, 'api-upload.mp4');
    const src = await j.page.$eval(tid('player'), (v) => v.currentSrc);
    if (!src.startsWith(j.origin + '/')) throw new Error(`the player's source ${src} is not served by the application`);
    const range = await api(j.origin, 'GET', src.slice(j.origin.length), undefined, { Range: 'bytes=100-199' });
    if (range.status !== 206 || range.bytes.length !== 100) throw new Error(`GET ${src} with Range: bytes=100-199 answered ${range.status} with ${range.bytes.length} bytes; expected 206 with 100 bytes`);
    const gone = await api(j.origin, 'DELETE', `/api/videos/${created.id}`);
    if (gone.status < 200 || gone.status > 299) throw new Error(`DELETE /api/videos/${created.id} answered ${gone.status}`);
    const videos = await apiJson(j.origin, 'GET', '/api/videos');
    if (videos.some((v) => v && v.id === created.id)) throw new Error('GET /api/videos still lists a video after DELETE');
  },
  async 'self-contained'(j) {
    const blocked = j.state.blocked || [];
    if (blocked.length) throw new Error(`the page asked for ${blocked.length} address(es) outside the application, which the grader blocks: ${blocked.slice(0, 5).join(', ')}`);
  },
};

// Steps that cannot mean anything once an earlier one failed are reported as not run, at once, instead of
// each waiting for its own timeouts (a page whose script never loads would otherwise take minutes).
const needs = {
  list: ['upload-mp4', 'upload-webm'],
  play: ['upload-mp4'],
  annotate: ['upload-mp4'],
  edit: ['annotate'],
  delete: ['annotate'],
  seek: ['annotate'],
  invalid: ['annotate'],
  reload: ['annotate'],
  export: ['annotate'],
  restart: ['annotate'],
  'delete-video': ['upload-webm'],
};

module.exports = { phases: { 1: phase1, 2: phase2 }, needs };
