// Seminar video annotation server on Node.js's own modules. Usage: node server.js PORT DATA_DIR
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { Store, Invalid } = require('./store');

const STATIC = path.join(__dirname, 'static');
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.mp4': 'video/mp4', '.webm': 'video/webm' };
const MAX_UPLOAD = 512 * 1024 * 1024;
const [port, dataDir] = process.argv.slice(2);
const store = new Store(dataDir);

function send(res, status, body = '', type = 'application/json', headers = {}) {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

const json = (res, value, status = 200) => send(res, status, JSON.stringify(value));
const fail = (res, status, message) => json(res, { error: message }, status);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_UPLOAD) { reject(new Invalid('the upload is too large')); req.destroy(); } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// The part named "file" of a multipart/form-data body.
function multipartFile(contentType, body) {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType || '');
  if (!boundary) throw new Invalid('expected multipart/form-data');
  const marker = Buffer.from(`--${boundary[1]}`);
  let at = body.indexOf(marker);
  while (at >= 0) {
    const next = body.indexOf(marker, at + marker.length);
    if (next < 0) break;
    const part = body.subarray(at + marker.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    if (/name="file"/.test(head)) {
      const name = /filename="([^"]*)"/.exec(head);
      return { name: path.basename((name && name[1]) || 'video.mp4'), bytes: part.subarray(split + 4) };
    }
    at = next;
  }
  throw new Invalid('the form has no field named file');
}

function serveMedia(req, res, video) {
  const file = store.filePath(video);
  const size = fs.statSync(file).size;
  const type = TYPES[path.extname(file)];
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
  if (!range) {
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': size, 'Accept-Ranges': 'bytes' });
    return fs.createReadStream(file).pipe(res);
  }
  let start = range[1] ? Number(range[1]) : Math.max(0, size - Number(range[2]));
  let end = range[1] && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
  if (start > end || start >= size) return send(res, 416, '', type, { 'Content-Range': `bytes */${size}` });
  res.writeHead(206, { 'Content-Type': type, 'Content-Length': end - start + 1, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${size}` });
  fs.createReadStream(file, { start, end }).pipe(res);
}

async function route(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const p = url.pathname;
  let m;
  if (req.method === 'GET' && p === '/api/videos') return json(res, store.list());
  if (req.method === 'POST' && p === '/api/videos') {
    const { name, bytes } = multipartFile(req.headers['content-type'], await readBody(req));
    if (!/\.(mp4|webm)$/i.test(name)) throw new Invalid('only .mp4 and .webm videos are accepted');
    return json(res, store.add(name, bytes), 201);
  }
  if ((m = /^\/api\/videos\/(\d+)$/.exec(p)) && req.method === 'DELETE')
    return store.remove(Number(m[1])) ? send(res, 204) : fail(res, 404, 'no such video');
  if ((m = /^\/api\/videos\/(\d+)\/annotations$/.exec(p))) {
    const video = store.find(Number(m[1]));
    if (!video) return fail(res, 404, 'no such video');
    if (req.method === 'GET') return json(res, video.annotations);
    if (req.method === 'PUT') {
      let items;
      try { items = JSON.parse((await readBody(req)).toString('utf8')); } catch { throw new Invalid('the body is not JSON'); }
      return json(res, store.replaceAnnotations(video.id, items));
    }
  }
  if ((m = /^\/media\/(\d+)$/.exec(p)) && req.method === 'GET') {
    const video = store.find(Number(m[1]));
    return video ? serveMedia(req, res, video) : fail(res, 404, 'no such video');
  }
  const name = p === '/' ? 'index.html' : p.slice(1);
  if (req.method === 'GET' && /^[\w.-]+$/.test(name) && !name.startsWith('.') && fs.existsSync(path.join(STATIC, name)))
    return send(res, 200, fs.readFileSync(path.join(STATIC, name)), TYPES[path.extname(name)] || 'application/octet-stream');
  return fail(res, 404, 'not found');
}

http.createServer((req, res) => {
  route(req, res).catch((e) => (e instanceof Invalid ? fail(res, 400, e.message) : fail(res, 500, 'internal error')));
}).listen(Number(port), '127.0.0.1', () => console.log(`serving on http://127.0.0.1:${port}/ with data in ${dataDir}`));
