"""Checker of log-analysis, run by the grader as

    check.py INPUT OUTPUT ANSWER COMMAND ROOT [THRESHOLD]

INPUT is the case's log tree, OUTPUT the program's stdout, ANSWER the expected stdout; the case's
arguments follow. `over` and `alerts` must match line for line (trailing spaces and a missing
final newline are forgiven); `medians` must have the header, the same servers and window ends in
the same order, and medians within 1e-9 of the expected ones. A case is right or wrong as a whole.
Prints {"score": 0 or 1, "message": ...}: what was run, on what, and the first difference.
"""
import json
import os
import sys
from decimal import Decimal

HEADER = "server,window_end,median"
TOLERANCE = Decimal("1e-9")
SHOWN = 160


def lines(path, limit=None):
    """The lines of the file, trailing spaces and final empty lines dropped; None when it holds
    more than `limit` bytes (only limit + 1 are read: a list of millions of short lines would
    take gigabytes)."""
    with open(path, "rb") as f:
        data = f.read() if limit is None else f.read(limit + 1)
    if limit is not None and len(data) > limit:
        return None
    text = data.decode("utf-8", errors="replace")
    rows = [line.rstrip() for line in text.split("\n")]
    while rows and rows[-1] == "":
        rows.pop()
    return rows


def show(line):
    if line is None:
        return "(end of output)"
    return repr(line if len(line) <= SHOWN else line[:SHOWN] + "...")


def describe_tree(root):
    groups = files = size = 0
    if os.path.isdir(root):
        for group in os.listdir(root):
            folder = os.path.join(root, group)
            if os.path.isdir(folder):
                groups += 1
                for name in os.listdir(folder):
                    files += 1
                    size += os.path.getsize(os.path.join(folder, name))
    unit = "MB" if size >= 1 << 20 else "KB"
    return "a tree of %d group(s), %d file(s), %.1f %s" % (groups, files, size / (1 << 20 if unit == "MB" else 1 << 10), unit)


def first_difference(expected, got, same):
    for i in range(max(len(expected), len(got))):
        e = expected[i] if i < len(expected) else None
        g = got[i] if i < len(got) else None
        if e is None or g is None or not same(e, g):
            return i, e, g
    return None


def exact(e, g):
    return e == g


def median_row(e, g):
    ef, gf = e.split(","), g.split(",")
    if len(gf) != 3 or ef[:2] != gf[:2]:
        return False
    try:
        value = Decimal(gf[2].strip())
        # A number like 1e999999999 overflows the arithmetic: it is wrong, not a reason for the checker to fail.
        return value.is_finite() and abs(value - Decimal(ef[2])) <= TOLERANCE
    except ArithmeticError:
        return False


def judge(command, expected, got):
    if command == "medians":
        if not got or got[0] != HEADER:
            return False, "the first line must be the header %r, got %s" % (HEADER, show(got[0] if got else None))
        found = first_difference(expected[1:], got[1:], median_row)
        offset = 2
    else:
        found = first_difference(expected, got, exact)
        offset = 1
    if found is None:
        return True, "all %d line(s) right" % len(got)
    i, e, g = found
    message = "line %d differs: expected %s, got %s (expected %d line(s), got %d)" % (i + offset, show(e), show(g), len(expected), len(got))
    if command != "medians" and sorted(expected) == sorted(got):
        message += "; the lines are right but in the wrong order"
    elif command == "medians" and e is not None and g is not None and e.split(",")[:2] == g.split(",")[:2]:
        message += "; the median differs by more than 1e-9"
    return False, message


def main(argv):
    input_root, output, answer, args = argv[1], argv[2], argv[3], argv[4:]
    command = args[0] if args else "?"
    ran = "./run %s (ROOT = %s)" % (" ".join("ROOT" if a == input_root else a for a in args), describe_tree(input_root))
    expected = lines(answer)
    # A right output is about as long as the answer (other spellings of a median included): twice
    # its size and a megabyte more is far beyond any right one.
    limit = 2 * os.path.getsize(answer) + (1 << 20)
    got = lines(output, limit)
    if got is None:
        right, detail = False, "output is much longer than expected (more than %d bytes; the expected output has %d)" % (
            limit, os.path.getsize(answer))
    else:
        right, detail = judge(command, expected, got)
    print(json.dumps({"score": 1.0 if right else 0.0, "message": "%s: %s" % (ran, detail)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
