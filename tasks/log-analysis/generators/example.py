"""The small tree of the statement's examples, written as text so that the statement can quote it."""
import os

FILES = {
    "api/app.log.1": """\
2026-04-01T09:00:03.120+09:00 INFO server101 cpu-monitor cpu_util=0.42
2026-04-01T00:00:20.000+00:00 INFO server7 cpu-monitor cpu_util=0.90
2026-04-01T09:01:02.500+09:00 WARNING server101 api slow request GET /api/v1/orders/17 took 2300ms
2026-04-01T09:01:03.000+09:00 INFO server101 cpu-monitor cpu_util=0.97
""",
    "api/app.log": """\
2026-04-01T00:02:00.000+00:00 INFO server7 cpu-monitor cpu_util=0.91
2026-04-01T09:02:10.250+09:00 ERROR server101 api unhandled exception in request 4411
  Traceback (most recent call last):
    File "/srv/app/handlers.py", line 88, in handle
  KeyError: 'order_id'
2026-04-01T09:03:30.000+09:00 DEBUG server101 worker cache hit ratio=0.93
2026-04-01T09:06:30.000+09:00 WARNING server101 api gc pause of 812ms
""",
    "db/app.log": """\
2026-03-31T19:00:40.000-05:00 INFO db-3 cpu-monitor cpu_util=0.95
2026-03-31T19:00:50.000-05:00 WARNING db-3 db-pool connection pool exhausted
\tat com.shop.db.Pool.take(Pool.java:41)
2026-03-31T19:01:40.000-05:00 WARNING db-3 cpu-monitor cpu_util=0.97
""",
}

COMMANDS = {"over": ["over", "{input}", "90"], "medians": ["medians", "{input}"], "alerts": ["alerts", "{input}", "96"]}


def write(root):
    for path, text in FILES.items():
        os.makedirs(os.path.dirname(os.path.join(root, path)), exist_ok=True)
        with open(os.path.join(root, path), "w", newline="\n") as f:
            f.write(text)
