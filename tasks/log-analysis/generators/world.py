"""Builds log trees in the format of the statement: ROOT/<group>/app.log, app.log.1 ... app.log.12.

A Tree collects event records per group (from scripted calls or from Tree.simulate) and writes
them at the end: each group's events sorted by instant (creation order among equal instants),
then cut into rotated files, oldest in the highest number. Random events never fall on a whole
minute and random thresholds are chosen so that no value or median can equal them: the window
edges and threshold equalities of a case are exactly the ones a scenario placed on purpose, so
that every known-bad solution fails the same cases whatever the seed.
"""
import os
from datetime import datetime, timedelta, timezone

MINUTE = 60_000
START = int(datetime(2026, 4, 1, tzinfo=timezone.utc).timestamp()) * 1000
OFFSETS = [540, 0, -300, 330, 345, -210, 60, 120, -420, 600, 765, -570, 840, -720]
EPOCH_NAIVE = datetime(1970, 1, 1)


def offset_text(minutes):
    sign = "-" if minutes < 0 else "+"
    return "%s%02d:%02d" % (sign, abs(minutes) // 60, abs(minutes) % 60)


def at(hh, mm, ss=0, ms=0, day=0):
    """Instant of 2026-04-01 (+day) hh:mm:ss.ms UTC, in ms."""
    return START + (((day * 24 + hh) * 60 + mm) * 60 + ss) * 1000 + ms


class Stamps:
    """Renders instants as local timestamps; the minute prefix is cached because logs are dense."""

    def __init__(self):
        self.prefixes = {}

    def __call__(self, instant, offset):
        local = instant + offset * MINUTE
        minute, rest = divmod(local, MINUTE)
        key = (minute, offset)
        prefix = self.prefixes.get(key)
        if prefix is None:
            prefix = self.prefixes[key] = ((EPOCH_NAIVE + timedelta(minutes=minute)).strftime("%Y-%m-%dT%H:%M:"), offset_text(offset))
        return "%s%02d.%03d%s" % (prefix[0], rest // 1000, rest % 1000, prefix[1])


class Server:
    def __init__(self, name, group, offset, utc_processes=(), switches=()):
        self.name, self.group = name, group
        self.offset = offset
        self.utc_processes = set(utc_processes)
        self.switches = sorted(switches)  # (from instant, new offset): a clock-zone change mid-log

    def offset_at(self, instant, process):
        if process in self.utc_processes:
            return 0
        offset = self.offset
        for since, new in self.switches:
            if instant >= since:
                offset = new
        return offset


class Group:
    def __init__(self, name, rotations):
        self.name, self.rotations = name, rotations
        self.records = []  # [instant, seq, server, level, process, message, trace, offset]
        self.file_ends = {}  # file number -> seq of its last record, placed on purpose
        self.empty_current = False  # app.log holds nothing: the group was just rotated


class Tree:
    def __init__(self, rng):
        self.rng = rng
        self.groups = {}
        self.servers = {}
        self.seq = 0

    def group(self, name, rotations):
        self.groups[name] = Group(name, rotations)
        return self.groups[name]

    def server(self, name, group, offset, utc_processes=(), switches=()):
        self.servers[name] = Server(name, group, offset, utc_processes, switches)
        return self.servers[name]

    def add(self, server, instant, level, process, message, trace=(), offset=None):
        s = self.servers[server]
        self.seq += 1
        record = [instant, self.seq, server, level, process, message, tuple(trace),
                  s.offset_at(instant, process) if offset is None else offset]
        self.groups[s.group].records.append(record)
        return record

    def sample(self, server, instant, text, level="INFO", offset=None, trace=()):
        return self.add(server, instant, level, "cpu-monitor", "cpu_util=" + text, trace, offset)

    def end_file(self, record, number):
        """Makes app.log.NUMBER end with this record (and app.log.NUMBER-1 start after it)."""
        self.groups[self.servers[record[2]].group].file_ends[number] = record[1]

    def write(self, root):
        """Writes every group; returns the total size in bytes."""
        stamps, total = Stamps(), 0
        for group in self.groups.values():
            folder = os.path.join(root, group.name)
            os.makedirs(folder, exist_ok=True)
            group.records.sort(key=lambda r: (r[0], r[1]))
            for number, chunk in zip(range(group.rotations, -1, -1), self.cuts(group)):
                name = "app.log" if number == 0 else "app.log.%d" % number
                text = "".join(render(r, stamps) for r in chunk)
                with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as f:
                    f.write(text)
                total += len(text)
        return total

    def cuts(self, group):
        """The group's records cut into rotations + 1 chunks, oldest first. Chunk j is file
        rotations - j; boundaries placed on purpose stay, the others spread evenly between them."""
        records, k = group.records, group.rotations
        n = len(records)
        position = {r[1]: i + 1 for i, r in enumerate(records)}
        anchors = {k - number: position[seq] for number, seq in group.file_ends.items()}
        if group.empty_current:
            anchors[k - 1] = n
        fixed = [(-1, 0)] + sorted(anchors.items()) + [(k, n)]
        bounds = [0]
        for (j0, p0), (j1, p1) in zip(fixed, fixed[1:]):
            for j in range(j0 + 1, j1):
                step = (p1 - p0) / (j1 - j0)
                jitter = self.rng.uniform(-0.25, 0.25) * step
                bounds.append(max(bounds[-1], min(p1, int(p0 + (j - j0) * step + jitter))))
            if j1 < k:
                bounds.append(p1)
        bounds.append(n)
        return [records[bounds[i]:bounds[i + 1]] for i in range(k + 1)]


def render(record, stamps):
    instant, _, server, level, process, message, trace, offset = record
    line = "%s %s %s %s %s\n" % (stamps(instant, offset), level, server, process, message)
    return line + "".join(t + "\n" for t in trace) if trace else line
