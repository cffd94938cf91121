// Front end of the annotation tool: plain JavaScript, no libraries, nothing loaded from elsewhere.
'use strict';
const $ = (selector) => document.querySelector(selector);
const player = $('[data-testid="player"]');
const form = $('#annotation-form');
const errorBox = $('[data-testid="ann-error"]');
const FRAME = 1 / 25;
let videos = [];
let current = null; // the selected video {id, name}
let annotations = [];
let editing = -1; // index of the annotation the form replaces, or -1 for a new one

async function request(method, url, body) {
  const response = await fetch(url, body === undefined ? { method } : body instanceof FormData
    ? { method, body } : { method, body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error((data && data.error) || `${method} ${url}: ${response.status}`);
  return data;
}

function element(tag, props, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

async function loadVideos() {
  videos = await request('GET', '/api/videos');
  renderVideos();
}

function renderVideos() {
  $('#videos').replaceChildren(...videos.map((video) => {
    const name = element('span', { className: 'name', textContent: video.name, title: 'Open this video' });
    name.addEventListener('click', () => selectVideo(video));
    const remove = element('button', { type: 'button', textContent: 'Delete' });
    remove.dataset.testid = 'video-delete';
    remove.addEventListener('click', () => deleteVideo(video));
    const item = element('li', { className: current && current.id === video.id ? 'current' : '' }, name, remove);
    item.dataset.testid = 'video-item';
    return item;
  }));
}

async function selectVideo(video) {
  current = video;
  player.src = `/media/${video.id}`;
  resetForm();
  renderVideos();
  annotations = await request('GET', `/api/videos/${video.id}/annotations`);
  renderAnnotations();
}

async function deleteVideo(video) {
  if (!confirm(`Delete ${video.name} and its annotations?`)) return;
  await request('DELETE', `/api/videos/${video.id}`);
  if (current && current.id === video.id) {
    current = null;
    player.removeAttribute('src');
    player.load();
    annotations = [];
    renderAnnotations();
  }
  await loadVideos();
}

function upload(file) {
  // XMLHttpRequest rather than fetch: it reports upload progress.
  const bar = $('#upload-progress');
  const data = new FormData();
  data.append('file', file);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/api/videos');
  bar.hidden = false;
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total; };
  xhr.onloadend = async () => {
    bar.hidden = true;
    if (xhr.status !== 201) return showError(`Upload failed: ${xhr.responseText}`);
    await loadVideos();
    selectVideo(JSON.parse(xhr.responseText));
  };
  xhr.send(data);
}

const seconds = (value) => value.toFixed(2);

function renderAnnotations() {
  $('#annotations').replaceChildren(...annotations.map((a, index) => {
    const text = element('span', { className: 'text', title: 'Play from here' },
      `${seconds(a.start_time)}–${seconds(a.finish_time)} s `, element('span', { className: 'category', textContent: a.category }), ` ${a.content}`);
    text.addEventListener('click', () => { player.currentTime = a.start_time; });
    const edit = element('button', { type: 'button', textContent: 'Edit' });
    edit.dataset.testid = 'ann-edit';
    edit.addEventListener('click', () => startEdit(index));
    const remove = element('button', { type: 'button', textContent: 'Delete' });
    remove.dataset.testid = 'ann-delete';
    remove.addEventListener('click', () => save(annotations.filter((_, i) => i !== index)));
    const item = element('li', {}, text, edit, remove);
    item.dataset.testid = 'ann-item';
    return item;
  }));
}

function field(id) {
  return $(`[data-testid="${id}"]`);
}

function startEdit(index) {
  const a = annotations[index];
  editing = index;
  field('ann-start').value = a.start_time;
  field('ann-finish').value = a.finish_time;
  field('ann-category').value = a.category;
  field('ann-content').value = a.content;
  $('#ann-cancel').hidden = false;
  showError('');
}

function resetForm() {
  editing = -1;
  form.reset();
  $('#ann-cancel').hidden = true;
  showError('');
}

// The form's values as an annotation, or an error message for the user.
function readForm() {
  const start = Number(field('ann-start').value.trim().replace(',', '.'));
  const finish = Number(field('ann-finish').value.trim().replace(',', '.'));
  if (!field('ann-start').value.trim() || !Number.isFinite(start) || start < 0) return 'Start must be a number of seconds, 0 or more.';
  if (!field('ann-finish').value.trim() || !Number.isFinite(finish)) return 'Finish must be a number of seconds.';
  if (Number.isFinite(player.duration) && start > player.duration) return `Start is after the end of the video (${seconds(player.duration)} s).`;
  return { start_time: start, finish_time: finish, category: field('ann-category').value, content: field('ann-content').value };
}

async function save(list) {
  try {
    annotations = await request('PUT', `/api/videos/${current.id}/annotations`, list);
    renderAnnotations();
    return true;
  } catch (e) {
    showError(`Not saved: ${e.message}`);
    return false;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!current) return showError('Choose a video first.');
  const annotation = readForm();
  if (typeof annotation === 'string') return showError(annotation);
  const list = editing >= 0 ? annotations.map((a, i) => (i === editing ? annotation : a)) : [...annotations, annotation];
  if (await save(list)) resetForm();
});

$('#ann-cancel').addEventListener('click', resetForm);

field('ann-export').addEventListener('click', () => {
  if (!current) return showError('Choose a video first.');
  const blob = new Blob([JSON.stringify(annotations, null, 2)], { type: 'application/json' });
  const link = element('a', { href: URL.createObjectURL(blob), download: `${current.name.replace(/\.[^.]+$/, '')}.annotations.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
});

field('video-upload').addEventListener('change', (event) => {
  const [file] = event.target.files;
  if (file) upload(file);
  event.target.value = '';
});

// Keyboard shortcuts, except while typing in a field.
document.addEventListener('keydown', (event) => {
  if (event.target.closest('input, select, textarea, button') || !current) return;
  const actions = {
    ' ': () => (player.paused ? player.play() : player.pause()),
    '[': () => { field('ann-start').value = seconds(player.currentTime); },
    ']': () => { field('ann-finish').value = seconds(player.currentTime); },
    ArrowLeft: () => { player.pause(); player.currentTime = Math.max(0, player.currentTime - FRAME); },
    ArrowRight: () => { player.pause(); player.currentTime += FRAME; },
  };
  if (actions[event.key]) {
    event.preventDefault();
    actions[event.key]();
  }
});

loadVideos().catch((e) => showError(`Could not load the videos: ${e.message}`));
