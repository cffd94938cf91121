"""Checker of log-analysis's optional HTTP part, run by the grader once per start of the server as

    api.py PHASE URL INPUT_DIR STATE_DIR RESULTS_DIR

in a trusted sandbox that shares only the server's loopback. The requests and the expected responses
are in the file `answer` beside INPUT_DIR (written by generators/api.py). Phase 1 stores rows and
queries them; phase 2 runs after the server was started again on the same DATA_DIR. A response is
right when its status is the expected one and, where a body is expected, it holds the same rows in
the same order (window ends compared as instants, medians as numbers within 1e-9). A step is right
or wrong as a whole. Writes RESULTS_DIR/results.json with each step of the phase; whatever the
server does, this exits 0 (only the grader's own failures are errors).
"""
import http.client
import json
import os
import sys
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

STARTUP = 30  # seconds a server gets to start listening
TIMEOUT = 30  # seconds for one response
TOLERANCE = Decimal("1e-9")
SHOWN = 200


def connect(url):
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT)


def wait_for(url):
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        c = connect(url)
        try:
            c.connect()
            return True
        except OSError:
            time.sleep(0.2)
        finally:
            c.close()
    return False


def send(url, r):
    """(status, body bytes); raises OSError or http.client.HTTPException when the exchange fails."""
    c = connect(url)
    try:
        body = None if r["body"] is None else r["body"].encode()
        c.request(r["method"], r["path"], body=body, headers={"Content-Type": "application/json"} if body else {})
        response = c.getresponse()
        return response.status, response.read()
    finally:
        c.close()


def same_row(e, g):
    if not isinstance(g, dict) or g.get("server") != e["server"]:
        return False
    try:
        same_end = datetime.fromisoformat(g["window_end"]) == datetime.fromisoformat(e["window_end"])
        value = Decimal(g["median"])
        return same_end and value.is_finite() and abs(value - Decimal(e["median"])) <= TOLERANCE
    except (KeyError, TypeError, ValueError, InvalidOperation):
        return False


def judge(expected, body):
    """None when the body is right, else what differs."""
    try:
        got = json.loads(body)
    except ValueError:
        return "the body is not JSON: %r" % body[:SHOWN]
    if isinstance(expected, dict):
        return None if got == expected else "expected %s, got %s" % (json.dumps(expected), json.dumps(got)[:SHOWN])
    if not isinstance(got, list):
        return "expected a JSON array of %d row(s), got %s" % (len(expected), json.dumps(got)[:SHOWN])
    for i in range(max(len(expected), len(got))):
        e = expected[i] if i < len(expected) else None
        g = got[i] if i < len(got) else None
        if e is None or g is None or not same_row(e, g):
            return "row %d differs: expected %s, got %s (expected %d row(s), got %d)" % (
                i + 1, json.dumps(e) if e else "(no more rows)", json.dumps(g)[:SHOWN] if g is not None else "(no more rows)", len(expected), len(got))
    return None


def run_step(url, requests):
    for r in requests:
        status, body = send(url, r)
        what = "%s %s" % (r["method"], r["path"]) + ("" if r["body"] is None else " with %s" % r["body"][:SHOWN])
        if status != r["status"]:
            return 0.0, "%s answered %d, expected %d: %s" % (what, status, r["status"], body[:SHOWN].decode("utf-8", "replace"))
        if r["response"] is not None and (difference := judge(r["response"], body)) is not None:
            return 0.0, "%s: %s" % (what, difference)
    return 1.0, "%d request(s) answered as expected" % len(requests)


def main(argv):
    phase, url, root, results = int(argv[1]), argv[2], argv[3], argv[5]
    with open(os.path.join(os.path.dirname(os.path.abspath(root)), "answer")) as f:
        steps = [s for s in json.load(f)["steps"] if s["phase"] == phase]
    up = wait_for(url)
    reported = []
    for step in steps:
        if not up:
            score, message = 0.0, "nothing listened on %s within %d s" % (url, STARTUP)
        else:
            try:
                score, message = run_step(url, step["requests"])
            except (OSError, http.client.HTTPException) as e:
                score, message = 0.0, "the request failed: %s: %s" % (type(e).__name__, e)
        reported.append({"name": step["name"], "score": score, "message": message})
    with open(os.path.join(results, "results.json"), "w") as f:
        json.dump({"steps": reported}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
