#!/usr/bin/env python3
"""Reference of the optional HTTP part of log-analysis: `./run serve PORT DATA_DIR`.

POST /results stores median rows, GET /results?server=S&from=A&to=B answers the stored rows of a
server in a range of window ends. Rows are kept in DATA_DIR/results.json, rewritten whole on every
POST (written aside, then renamed, so that a restarted server never finds half a file); the
server reads it at start, so a restart answers the same.

This file is the canonical copy; solutions/reference/serve.py must stay identical to it
(generators/selftest.py checks that). generators/api.py uses store() and query() for the
expected responses.
"""
import json
import os
import sys
from datetime import datetime
from decimal import Decimal, InvalidOperation
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

FIELDS = ("server", "window_end", "median")


class BadRequest(Exception):
    pass


def instant(text, what):
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise BadRequest("%s is not an ISO 8601 timestamp: %r" % (what, text)) from None
    if value.tzinfo is None:
        raise BadRequest("%s needs its offset: %r" % (what, text))
    return value


def valid_row(row):
    if not isinstance(row, dict) or sorted(row) != sorted(FIELDS) or not all(isinstance(row[f], str) for f in FIELDS):
        raise BadRequest("each row is an object with the strings server, window_end and median")
    if not row["server"] or " " in row["server"]:
        raise BadRequest("server must be a name without spaces: %r" % row["server"])
    instant(row["window_end"], "window_end")
    try:
        if not Decimal(row["median"]).is_finite():
            raise InvalidOperation
    except InvalidOperation:
        raise BadRequest("median must be a decimal number: %r" % row["median"]) from None
    return row


def store(rows, body):
    """Adds the rows of a POST body to `rows` (a dict keyed by server and instant); returns how many."""
    try:
        posted = json.loads(body)
    except ValueError:
        raise BadRequest("the body is not JSON") from None
    if not isinstance(posted, list):
        raise BadRequest("the body must be a JSON array of rows")
    checked = [valid_row(row) for row in posted]  # all or nothing
    for row in checked:
        rows[(row["server"], instant(row["window_end"], "window_end"))] = row
    return len(checked)


def query(rows, target):
    """The rows GET `target` (path and query) answers, ordered by window end."""
    fields = parse_qs(urlsplit(target).query, keep_blank_values=True)

    def one(name):
        values = fields.get(name, [])
        if len(values) > 1:
            raise BadRequest("%s is given more than once" % name)
        return values[0] if values else None

    server = one("server")
    if not server:
        raise BadRequest("server is missing")
    start = instant(one("from"), "from") if one("from") is not None else None
    end = instant(one("to"), "to") if one("to") is not None else None
    found = sorted((moment, row) for (name, moment), row in rows.items() if name == server
                   and (start is None or moment >= start) and (end is None or moment < end))
    return [row for _, row in found]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if urlsplit(self.path).path != "/results":
            self.reply(404, {"error": "not found"})
            return
        try:
            self.reply(200, query(self.server.rows, self.path))
        except BadRequest as e:
            self.reply(400, {"error": str(e)})

    def do_POST(self):
        length = self.headers.get("Content-Length", "")
        if urlsplit(self.path).path != "/results" or not length.isdigit():
            self.close_connection = True  # the body, if any, is not read
            self.reply(404 if length.isdigit() else 400, {"error": "POST /results with a Content-Length"})
            return
        body = self.rfile.read(int(length))
        try:
            stored = store(self.server.rows, body)
        except BadRequest as e:
            self.reply(400, {"error": str(e)})
            return
        self.server.save()
        self.reply(201, {"stored": stored})

    def log_message(self, *args):
        pass


class ResultServer(HTTPServer):
    def __init__(self, port, data):
        super().__init__(("127.0.0.1", port), Handler)
        self.path = os.path.join(data, "results.json")
        self.rows = {}
        if os.path.exists(self.path):
            with open(self.path) as f:
                store(self.rows, f.read())

    def save(self):
        with open(self.path + ".new", "w") as f:
            json.dump(list(self.rows.values()), f)
        os.replace(self.path + ".new", self.path)


def main(argv):
    if len(argv) != 3 or argv[0] != "serve":
        sys.stderr.write("usage: run serve PORT DATA_DIR\n")
        return 2
    ResultServer(int(argv[1]), argv[2]).serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
