#!/usr/bin/env python3
"""Reference solution of log-analysis: `over`, `medians` and `alerts`, streaming.

Memory stays flat in the size of the logs: each group's files are read line by line, oldest
first, and the groups are merged by instant (heapq.merge keeps one event per group). Per server
only the samples of the last few minutes are kept; an alert candidate waits in a queue until the
merged stream is five minutes past it, when every window it lies in is closed. Only the medians
command keeps its output (one row per server and minute) until the end, because it is ordered by
server first.

This file is the canonical copy; solutions/reference/logtool.py must stay identical to it
(generators/selftest.py checks that). The generators use it for cases too large for oracle.py.
"""
import decimal
import heapq
import os
import re
import sys
from collections import deque
from datetime import datetime, timedelta, timezone

decimal.getcontext().prec = 50
decimal.getcontext().traps[decimal.Inexact] = True  # every operation here must be exact: fail loudly if not
Decimal = decimal.Decimal

MINUTE = 60_000  # milliseconds
WINDOW = 5  # minutes
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TOKYO = timezone(timedelta(hours=9))
SAMPLE = re.compile(rb"cpu_util=([0-9]+(?:\.[0-9]+)?)")
OPEN_END = 1 << 62


def rotated_oldest_first(group_dir):
    """app.log.12, app.log.11, ..., app.log.1, app.log: a higher number is older."""
    names = [n for n in os.listdir(group_dir) if n == "app.log" or (n.startswith("app.log.") and n[8:].isdigit())]
    names.sort(key=lambda n: -int(n[8:] or 0))
    return [os.path.join(group_dir, n) for n in names]


def minute_base(key):
    """Instant (ms since the epoch) of the local minute b'YYYY-MM-DDTHH:MM' at offset b'+HH:MM'."""
    local = datetime(int(key[0:4]), int(key[5:7]), int(key[8:10]), int(key[11:13]), int(key[14:16]), tzinfo=timezone.utc)
    offset = (int(key[17:19]) * 60 + int(key[20:22])) * (-1 if key[16:17] == b"-" else 1)
    return (local - EPOCH) // timedelta(milliseconds=1) - offset * MINUTE


def group_events(index, group_dir, want_alerts):
    """The group's events that matter, in log order, as tuples
    (instant, server, group index, line number, value, value text, alert level?, lines).
    Samples always matter; WARNING and ERROR events (with their trace lines) when want_alerts."""
    seq = 0
    bases = {}
    for path in rotated_oldest_first(group_dir):
        event = None
        with open(path, "rb") as f:
            for line in f:
                first = line[0]
                if first == 32 or first == 9:  # a trace line belongs to the event above it
                    if event is not None:
                        event[7].append(line)
                    continue
                if event is not None:
                    yield event
                    event = None
                seq += 1
                alert = want_alerts and (line.startswith(b"WARNING ", 30) or line.startswith(b"ERROR ", 30))
                if not alert and b"cpu_util=" not in line:
                    continue
                fields = line[30:].split(b" ", 3)
                if len(fields) < 4:
                    continue
                message = fields[3]
                match = SAMPLE.fullmatch(message, 0, len(message) - (message[-1:] == b"\n"))
                if match is None and not alert:
                    continue
                key = line[:16] + line[23:29]
                base = bases.get(key)
                if base is None:
                    base = bases[key] = minute_base(key)
                instant = base + int(line[17:19]) * 1000 + int(line[20:23])
                text = match.group(1) if match else None
                value = Decimal(text.decode()) if match else None
                event = (instant, fields[1], index, seq, value, text, alert, [line])
        if event is not None:
            yield event


def in_server_order(events):
    """A group's events of one instant may come in any server order; the merge needs (instant, server)."""
    batch = []
    for event in events:
        if batch and batch[0][0] != event[0]:
            if len(batch) > 1:
                batch.sort()
            yield from batch
            batch = []
        batch.append(event)
    batch.sort()
    yield from batch


def merged(root, want_alerts):
    """Every group's events, ordered by instant, then server, then log order."""
    groups = sorted(n for n in os.listdir(root) if os.path.isdir(os.path.join(root, n)))
    return heapq.merge(*(in_server_order(group_events(i, os.path.join(root, g), want_alerts)) for i, g in enumerate(groups)))


class Windows:
    """One server's samples of its recent minutes, and the medians of its windows [T-5min, T),
    closed in order of T. `closed` is the last T whose window can no longer change."""

    __slots__ = ("buckets", "closed", "medians")

    def __init__(self):
        self.buckets = deque()  # [minute, [values]], minutes increasing
        self.closed = -OPEN_END
        self.medians = deque()  # (T in minutes, median) of the non-empty windows, T increasing

    def add(self, minute, value):
        self.close(minute)
        if self.buckets and self.buckets[-1][0] == minute:
            self.buckets[-1][1].append(value)
        else:
            self.buckets.append([minute, [value]])

    def close(self, upto):
        """Computes the medians of the windows ending at minutes closed+1 .. upto."""
        if upto <= self.closed:
            return
        buckets = self.buckets
        end = self.closed + 1
        while buckets:
            end = max(end, buckets[0][0] + 1)
            if end > upto or end > buckets[-1][0] + WINDOW:
                break
            while buckets[0][0] < end - WINDOW:
                buckets.popleft()
            values = []
            for minute, bucket in buckets:
                if minute >= end:
                    break
                values.extend(bucket)
            values.sort()
            n = len(values)
            self.medians.append((end, values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2))
            end += 1
        self.closed = upto


def over(root, threshold, out):
    for event in merged(root, want_alerts=False):
        if event[4] is not None and event[4] * 100 > threshold:
            out.write(b"%s %s %s\n" % (event[7][0][:29], event[1], event[5]))


def medians(root, out):
    series = {}
    for event in merged(root, want_alerts=False):
        if event[4] is not None:
            windows = series.get(event[1]) or series.setdefault(event[1], Windows())
            windows.add(event[0] // MINUTE, event[4])
    out.write(b"server,window_end,median\n")
    for server in sorted(series):
        windows = series[server]
        windows.close(OPEN_END)
        for end, median in windows.medians:
            stamp = datetime.fromtimestamp(end * 60, TOKYO).strftime("%Y-%m-%dT%H:%M:%S+09:00")
            out.write(b"%s,%s,1e999999999\n" % (server, stamp.encode()))


def alerts(root, threshold, out):
    series = {}
    waiting = deque()  # alert-level events in output order, until the stream is 5 minutes past them

    def decide(event):
        windows = series.get(event[1])
        if windows is None:
            return
        minute = event[0] // MINUTE
        windows.close(minute + WINDOW)
        closed = windows.medians
        while closed and closed[0][0] <= minute:  # later events of this server are no earlier
            closed.popleft()
        for end, median in closed:
            if end > minute + WINDOW:
                break
            if median * 100 > threshold:
                out.write(b"".join(event[7]))
                break

    for event in merged(root, want_alerts=True):
        minute = event[0] // MINUTE
        while waiting and waiting[0][0] // MINUTE + WINDOW <= minute:
            decide(waiting.popleft())
        if event[4] is not None:
            windows = series.get(event[1]) or series.setdefault(event[1], Windows())
            windows.add(minute, event[4])
            while windows.medians and windows.medians[0][0] < minute - WINDOW:  # no waiting event needs them
                windows.medians.popleft()
        if event[6]:
            waiting.append(event)
    while waiting:
        decide(waiting.popleft())


USAGE = "usage: run over ROOT THRESHOLD | run medians ROOT | run alerts ROOT THRESHOLD\n"


def main(argv):
    out = open(sys.stdout.fileno(), "wb", buffering=1 << 16, closefd=False)
    if len(argv) == 3 and argv[0] == "over":
        over(argv[1], Decimal(argv[2]), out)
    elif len(argv) == 2 and argv[0] == "medians":
        medians(argv[1], out)
    elif len(argv) == 3 and argv[0] == "alerts":
        alerts(argv[1], Decimal(argv[2]), out)
    else:
        sys.stderr.write(USAGE)
        return 2
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
