// Catalogue of videos and their annotations in DATA_DIR/catalogue.json, video files in DATA_DIR/videos.
// Each change is written to a temporary file that then replaces the catalogue, so a kill never leaves half a file.
'use strict';
const fs = require('fs');
const path = require('path');

const CATEGORIES = ['speech', 'pause', 'noise'];

class Invalid extends Error {}

function cleanAnnotations(items) {
  if (!Array.isArray(items)) throw new Invalid('expected a JSON array of annotations');
  return items.map((a, i) => {
    const n = i + 1;
    if (!a || typeof a !== 'object') throw new Invalid(`annotation ${n} is not an object`);
    for (const key of ['start_time', 'finish_time'])
      if (typeof a[key] !== 'number' || !Number.isFinite(a[key]) || a[key] < 0) throw new Invalid(`annotation ${n}: ${key} must be a number of seconds, 0 or more`);
    if (a.finish_time <= a.start_time) throw new Invalid(`annotation ${n}: the finish (${a.finish_time} s) must come after the start (${a.start_time} s)`);
    if (!CATEGORIES.includes(a.category)) throw new Invalid(`annotation ${n}: category must be one of ${CATEGORIES.join(', ')}`);
    if (typeof a.content !== 'string') throw new Invalid(`annotation ${n}: content must be text`);
    return { start_time: a.start_time, finish_time: a.finish_time, category: a.category, content: a.content };
  }).sort((x, y) => x.start_time - y.start_time || x.finish_time - y.finish_time);
}

class Store {
  constructor(root) {
    this.files = path.join(root, 'videos');
    this.catalogue = path.join(root, 'catalogue.json');
    fs.mkdirSync(this.files, { recursive: true });
    this.data = fs.existsSync(this.catalogue) ? JSON.parse(fs.readFileSync(this.catalogue, 'utf8')) : { nextId: 1, videos: [] };
  }

  save() {
    const tmp = this.catalogue + '.tmp';
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, JSON.stringify(this.data));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.catalogue);
  }

  list() {
    return this.data.videos.map((v) => ({ id: v.id, name: v.name }));
  }

  find(id) {
    return this.data.videos.find((v) => v.id === id);
  }

  filePath(video) {
    return path.join(this.files, video.file);
  }

  add(name, bytes) {
    const id = this.data.nextId++;
    const video = { id, name, file: `${id}${name.toLowerCase().endsWith('.webm') ? '.webm' : '.mp4'}`, annotations: [] };
    fs.writeFileSync(this.filePath(video), bytes);
    this.data.videos.push(video);
    this.save();
    return { id, name };
  }

  remove(id) {
    const video = this.find(id);
    if (!video) return false;
    this.data.videos = this.data.videos.filter((v) => v !== video);
    this.save();
    fs.rmSync(this.filePath(video), { force: true });
    return true;
  }

  replaceAnnotations(id, items) {
    const video = this.find(id);
    if (!video) return null;
    video.annotations = cleanAnnotations(items);
    this.save();
    return video.annotations;
  }
}

module.exports = { Store, Invalid };
