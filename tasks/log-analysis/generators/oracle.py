"""The answers of the three commands, computed the plain way: load every event, sort, and apply the
statement's definitions word for word. It shares no code with logtool.py (the streaming reference),
so the two check each other (selftest.py); the generators use this one for every case that fits
in memory.
"""
import bisect
import decimal
import os
import re
from datetime import datetime, timedelta, timezone

decimal.getcontext().prec = 50
decimal.getcontext().traps[decimal.Inexact] = True

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
MS = timedelta(milliseconds=1)
MINUTE_MS = 60_000
WINDOW_MS = 5 * MINUTE_MS
SAMPLE = re.compile(r"cpu_util=([0-9]+(?:\.[0-9]+)?)")


class Event:
    __slots__ = ("instant", "server", "level", "timestamp", "value", "value_text", "lines", "key")

    def __init__(self, first_line, group_index, seq):
        self.timestamp, self.level, self.server, _process, message = first_line.split(" ", 4)
        self.instant = (datetime.fromisoformat(self.timestamp) - EPOCH) // MS
        match = SAMPLE.fullmatch(message)
        self.value_text = match.group(1) if match else None
        self.value = decimal.Decimal(self.value_text) if match else None
        self.lines = [first_line]
        self.key = (self.instant, self.server, group_index, seq)


def rotation_number(name):
    return 0 if name == "app.log" else int(name[len("app.log."):])


def load(root):
    """Every event of the tree, ordered by instant, then server, then log order (oldest file first)."""
    events = []
    for group_index, group in enumerate(sorted(os.listdir(root))):
        folder = os.path.join(root, group)
        names = sorted(os.listdir(folder), key=rotation_number, reverse=True)
        seq = 0
        for name in names:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                text = f.read()
            for line in text.split("\n")[:-1]:
                if line[:1] in (" ", "\t"):
                    events[-1].lines.append(line)
                else:
                    seq += 1
                    events.append(Event(line, group_index, seq))
    events.sort(key=lambda e: e.key)
    return events


def over(events, threshold):
    limit = decimal.Decimal(threshold)
    return "".join("%s %s %s\n" % (e.timestamp, e.server, e.value_text)
                   for e in events if e.value is not None and e.value * 100 > limit)


class Medians:
    """Median of each window [T - 5 min, T) of each server, from that server's sorted samples."""

    def __init__(self, events):
        self.samples = {}
        for e in events:
            if e.value is not None:
                self.samples.setdefault(e.server, []).append((e.instant, e.value))
        self.instants = {s: [t for t, _ in pairs] for s, pairs in self.samples.items()}
        self.cache = {}

    def window_ends(self, server):
        ends = set()
        for t, _ in self.samples[server]:
            first = t // MINUTE_MS + 1  # the first whole minute strictly after t
            ends.update(range(first, first + 5))
        return sorted(ends)

    def median(self, server, end_minute):
        """None for an empty window."""
        key = (server, end_minute)
        if key not in self.cache:
            end = end_minute * MINUTE_MS
            instants = self.instants.get(server, [])
            lo, hi = bisect.bisect_left(instants, end - WINDOW_MS), bisect.bisect_left(instants, end)
            values = sorted(v for _, v in self.samples[server][lo:hi]) if hi > lo else []
            n = len(values)
            self.cache[key] = None if n == 0 else values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
        return self.cache[key]


def medians(events):
    table = Medians(events)
    tokyo = timezone(timedelta(hours=9))
    rows = ["server,window_end,median\n"]
    for server in sorted(table.samples):
        for end in table.window_ends(server):
            stamp = (EPOCH + timedelta(minutes=end)).astimezone(tokyo).isoformat()
            rows.append("%s,%s,%s\n" % (server, stamp, format(table.median(server, end).normalize(), "f")))
    return "".join(rows)


def alerts(events, threshold):
    limit = decimal.Decimal(threshold)
    table = Medians(events)
    out = []
    for e in events:
        if e.level not in ("WARNING", "ERROR"):
            continue
        # The windows holding instant t are those with t in [T - 5 min, T): T in (t, t + 5 min].
        first = e.instant // MINUTE_MS + 1
        for end in range(first, first + 5):
            median = table.median(e.server, end)
            if median is not None and median * 100 > limit:
                out.extend(line + "\n" for line in e.lines)
                break
    return "".join(out)


def answer(root, args):
    """The expected stdout of `run ARGS` where args[1] is the tree at root."""
    events = load(root)
    if args[0] == "over":
        return over(events, args[2])
    if args[0] == "medians":
        return medians(events)
    return alerts(events, args[2])
