"""Writes a large random log tree for your measurements (the same kind as the scale tests; no answers).

  python3 tools/make_logs.py OUT_DIR MEGABYTES [SEED]

8 groups of 5 servers, 10-12 rotated files per group, a sample every ~2 s per server. Writing
200 MB takes about a minute.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from scale import write_scale_tree  # noqa: E402


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    out_dir, megabytes = argv[0], float(argv[1])
    seed = int(argv[2]) if len(argv) == 3 else 1
    os.makedirs(out_dir, exist_ok=True)
    size = write_scale_tree(random.Random(seed), out_dir, megabytes)
    print("wrote %.1f MB under %s" % (size / 1e6, out_dir))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
