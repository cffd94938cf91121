"""The served case of log-analysis's optional HTTP part: median rows of a random tree to store,
and the requests the checker makes with the responses the reference gives (serve.store, serve.query).

Phase 1 stores the rows in shuffled batches, the last one replacing some rows with new medians,
asks for whole servers and for ranges of window ends (bounds exactly on stored rows, in other
offsets), and sends malformed rows; phase 2, after the server was started again on the same
DATA_DIR, asks the same queries. The answer is JSON:
{"steps": [{"name", "phase", "requests": [{"method", "path", "body", "status", "response"}]}]},
with "response" null where only the status is judged.
"""
import io
import json
import os
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import cases
import logtool
import serve


def in_offset(stamp, hours):
    return datetime.fromisoformat(stamp).astimezone(timezone(timedelta(hours=hours))).isoformat()


def write(out_dir, rng):
    folder = os.path.join(out_dir, "api")
    root = os.path.join(folder, "input")
    tree, _ = cases.random_case("medians", 1, rng)
    tree.write(root)
    out = io.BytesIO()
    logtool.medians(root, out)
    rows = [dict(zip(serve.FIELDS, line.split(","))) for line in out.getvalue().decode().splitlines()[1:]]
    rng.shuffle(rows)
    replaced = [dict(row, median=str(logtool.Decimal(row["median"]) / 2)) for row in rows[: len(rows) // 10]]
    batches = [rows[: len(rows) // 2], rows[len(rows) // 2:], replaced]
    stored = {}
    posts = []
    for batch in batches:
        body = json.dumps(batch)
        posts.append({"method": "POST", "path": "/results", "body": body, "status": 201, "response": {"stored": serve.store(stored, body)}})

    def get(path):
        return {"method": "GET", "path": path, "body": None, "status": 200, "response": serve.query(stored, path)}

    servers = sorted({row["server"] for row in rows})
    whole = [get("/results?server=" + quote(name)) for name in rng.sample(servers, min(3, len(servers)))]
    ranges = []
    for name in rng.sample(servers, min(3, len(servers))):
        ends = sorted(datetime.fromisoformat(r["window_end"]) for r in rows if r["server"] == name)
        first = rng.randrange(len(ends) // 2)
        start, end = ends[first].isoformat(), ends[min(len(ends) - 1, first + rng.randint(3, 12))].isoformat()
        ranges.append(get("/results?server=%s&from=%s&to=%s" % (quote(name), quote(in_offset(start, 0), safe=""), quote(in_offset(end, -5), safe=""))))
        ranges.append(get("/results?server=%s&from=%s" % (quote(name), quote(in_offset(end, 2), safe=""))))
    bad = [{"method": "POST", "path": "/results", "body": body, "status": 400, "response": None} for body in (
        "[{\"server\": \"db-3\", \"window_end\"", json.dumps([{"server": "db-3", "window_end": "2026-04-01T09:05:00+09:00"}]),
        json.dumps([{"server": "db-3", "window_end": "2026-04-01T09:05:00+09:00", "median": "high"}]),
        json.dumps([{"server": "db-3", "window_end": "yesterday", "median": "0.5"}]))]
    steps = [
        {"name": "store", "phase": 1, "requests": posts},
        {"name": "query", "phase": 1, "requests": whole},
        {"name": "range", "phase": 1, "requests": ranges},
        {"name": "invalid", "phase": 1, "requests": bad},
        {"name": "restart", "phase": 2, "requests": whole + ranges},
    ]
    with open(os.path.join(folder, "answer"), "w") as f:
        json.dump({"steps": steps}, f, indent=1)
