#!/usr/bin/env python3
"""Known-bad: right answers, slow medians. The input is streamed and only samples and alert
candidates are kept, but the median of every window is found by scanning all of the server's
samples: O(windows x samples) per server, quadratic in the length of the log. Fast enough on
the correctness cases; on the large logs of the scale group it loses performance points."""
import os
import sys
from datetime import datetime, timezone
from decimal import Decimal

MINUTE = 60_000
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def read(root, keep_alerts, over_limit=None):
    """Samples per server as [(instant, group, seq), value], alert candidates, and (for over) the
    lines of the samples above the limit."""
    samples, alerts, over = {}, [], []
    for gi, group in enumerate(sorted(os.listdir(root))):
        folder = os.path.join(root, group)
        names = sorted(os.listdir(folder), key=lambda n: 0 if n == "app.log" else int(n.split(".")[-1]), reverse=True)
        seq = 0
        current = None
        for name in names:
            with open(os.path.join(folder, name)) as f:
                for line in f:
                    if line[:1] in (" ", "\t"):
                        if current is not None:
                            current[4].append(line)
                        continue
                    current = None
                    seq += 1
                    ts, level, server, _process, message = line.rstrip("\n").split(" ", 4)
                    is_alert = keep_alerts and level in ("WARNING", "ERROR")
                    text = message[9:] if message.startswith("cpu_util=") else ""
                    whole, dot, frac = text.partition(".")
                    is_sample = whole.isdigit() and (not dot or frac.isdigit())
                    if not (is_sample or is_alert):
                        continue
                    at = (datetime.fromisoformat(ts) - EPOCH).total_seconds()
                    ms = int(round(at * 1000))
                    key = (ms, server, gi, seq)
                    if is_sample and over_limit is not None:
                        if Decimal(text) * 100 > over_limit:
                            over.append((key, "%s %s %s\n" % (ts, server, text)))
                    elif is_sample:
                        samples.setdefault(server, []).append((ms, Decimal(text)))
                    if is_alert:
                        current = (key, server, ms, level, [line])
                        alerts.append(current)
    return samples, alerts, over


def median(pairs, end):
    """The median of the window [end - 5 min, end), scanning every sample of the server."""
    values = sorted(v for at, v in pairs if end - 5 * MINUTE <= at < end)
    n = len(values)
    if n == 0:
        return None
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2


def main(argv):
    command, root = argv[0], argv[1]
    samples, alerts, over = read(root, command == "alerts", Decimal(argv[2]) if command == "over" else None)
    out = sys.stdout
    if command == "over":
        out.write("".join(row for _, row in sorted(over)))
    elif command == "medians":
        out.write("server,window_end,median\n")
        for server in sorted(samples):
            pairs = samples[server]
            ends = sorted({at // MINUTE + k for at, _ in pairs for k in range(1, 6)})
            for end in ends:
                stamp = datetime.fromtimestamp(end * 60, timezone.utc).astimezone(
                    datetime.fromisoformat("2000-01-01T00:00:00+09:00").tzinfo).strftime("%Y-%m-%dT%H:%M:%S+09:00")
                out.write("%s,%s,%s\n" % (server, stamp, median(pairs, end * MINUTE)))
    elif command == "alerts":
        limit = Decimal(argv[2])
        cache = {}
        for key, server, ms, _level, lines in sorted(alerts, key=lambda a: a[0]):
            for end in range(ms // MINUTE + 1, ms // MINUTE + 6):
                if (server, end) not in cache:
                    cache[server, end] = median(samples.get(server, []), end * MINUTE)
                m = cache[server, end]
                if m is not None and m * 100 > limit:
                    out.write("".join(lines))
                    break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
