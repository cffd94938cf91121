#!/usr/bin/env python3
"""Known-bad: right answers, wrong design. Every file is read whole and every event becomes a
dict held until the end, so memory grows with the logs: several times their size. Fine on small
cases; the large case of the scale group exceeds the memory limit (MLE)."""
import os
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal

WINDOW = timedelta(minutes=5)
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TOKYO = timezone(timedelta(hours=9))


def load(root):
    events = []
    for gi, group in enumerate(sorted(os.listdir(root))):
        folder = os.path.join(root, group)
        names = sorted(os.listdir(folder), key=lambda n: 0 if n == "app.log" else int(n.split(".")[-1]), reverse=True)
        lines = []
        for name in names:
            with open(os.path.join(folder, name)) as f:
                lines += f.read().split("\n")[:-1]
        for line in lines:
            if line[:1] in (" ", "\t"):
                events[-1]["lines"].append(line)
                continue
            ts, level, server, _process, message = line.split(" ", 4)
            value = None
            if message.startswith("cpu_util="):
                text = message[len("cpu_util="):]
                whole, _, frac = text.partition(".")
                if whole.isdigit() and (not _ or frac.isdigit()):
                    value = text
            events.append({"ts": ts, "at": datetime.fromisoformat(ts), "level": level, "server": server,
                           "value": value, "lines": [line], "group": gi, "seq": len(events)})
    events.sort(key=lambda e: (e["at"], e["server"], e["group"], e["seq"]))
    return events


def window_medians(events):
    """{server: {window end: median}} for every non-empty window."""
    samples = {}
    for e in events:
        if e["value"] is not None:
            samples.setdefault(e["server"], []).append((e["at"], Decimal(e["value"])))
    result = {}
    for server, pairs in samples.items():
        ends = sorted({(at.replace(second=0, microsecond=0) + timedelta(minutes=k)) for at, _ in pairs for k in range(1, 6)})
        lo = hi = 0
        table = {}
        for end in ends:
            while hi < len(pairs) and pairs[hi][0] < end:
                hi += 1
            while lo < hi and pairs[lo][0] < end - WINDOW:
                lo += 1
            values = sorted(v for _, v in pairs[lo:hi])
            n = len(values)
            if n:
                table[end] = values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
        result[server] = table
    return result


def main(argv):
    command, root = argv[0], argv[1]
    events = load(root)
    out = []
    if command == "over":
        limit = Decimal(argv[2])
        out = ["%s %s %s\n" % (e["ts"], e["server"], e["value"]) for e in events if e["value"] is not None and Decimal(e["value"]) * 100 > limit]
    elif command == "medians":
        out = ["server,window_end,median\n"]
        for server, table in sorted(window_medians(events).items()):
            for end, median in sorted(table.items()):
                out.append("%s,%s,%s\n" % (server, end.astimezone(TOKYO).isoformat(), median))
    elif command == "alerts":
        limit = Decimal(argv[2])
        medians = window_medians(events)
        for e in events:
            if e["level"] in ("WARNING", "ERROR"):
                first = e["at"].replace(second=0, microsecond=0)
                table = medians.get(e["server"], {})
                if any(table.get(first + timedelta(minutes=k), -1) * 100 > limit for k in range(1, 6)):
                    out.extend(line + "\n" for line in e["lines"])
    sys.stdout.write("".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
