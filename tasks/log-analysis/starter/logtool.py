#!/usr/bin/env python3
"""Server log analysis: fill in over, medians and alerts (see statement.md).

Reminders: read each group's files oldest first (app.log.12 ... app.log.1, app.log) and as a
stream, never whole; a line starting with a space or a tab belongs to the event above it; use
decimal.Decimal (or integers) for every value, never float; write to `out` (bytes or text, as you
prefer) and order by instant, then server, then log order.
"""
import sys
from decimal import Decimal, InvalidOperation

USAGE = "usage: run over ROOT THRESHOLD | run medians ROOT | run alerts ROOT THRESHOLD\n"


def over(root, threshold, out):
    """Every sample with value * 100 > threshold, as `TIMESTAMP SERVER CPU_UTIL`."""
    raise NotImplementedError("over")


def medians(root, out):
    """`server,window_end,median` for every server and non-empty window [T - 5 min, T)."""
    raise NotImplementedError("medians")


def alerts(root, threshold, out):
    """Every WARNING or ERROR event, whole, that lies in a window of its server with median * 100 > threshold."""
    raise NotImplementedError("alerts")


def main(argv):
    try:
        if len(argv) == 3 and argv[0] in ("over", "alerts"):
            command = over if argv[0] == "over" else alerts
            command(argv[1], Decimal(argv[2]), sys.stdout)
        elif len(argv) == 2 and argv[0] == "medians":
            medians(argv[1], sys.stdout)
        else:
            sys.stderr.write(USAGE)
            return 2
    except InvalidOperation:
        sys.stderr.write("THRESHOLD must be a decimal number\n" + USAGE)
        return 2
    except NotImplementedError as e:
        sys.stderr.write("%s is not written yet\n" % e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
