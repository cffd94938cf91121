"""Writes test cases as case folders (args, input/, answer) from a seed.

usage: gen.py SUITE [--big-mb=N] [--small-mb=N] SEED COUNT OUT_DIR

SUITE is over, medians or alerts (COUNT random cases of that command), edge (the first COUNT
scenarios of scenarios.EDGES) or scale (three cases: over and medians on --small-mb MB, alerts on
--big-mb MB), or serve (the one case of the HTTP part, see api.py; COUNT is ignored). The same
arguments always write the same bytes.
"""
import io
import os
import random
import sys

import api
import cases
import logtool
import oracle
import scale
import scenarios

ORACLE_LIMIT = 24_000_000  # bytes of logs above which the answer comes from the streaming engine


def tree_size(root):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(root) for f in files)


def answer(root, args):
    concrete = [root if a == "{input}" else a for a in args]
    if tree_size(root) <= ORACLE_LIMIT:
        return oracle.answer(root, concrete).encode()
    out = io.BytesIO()
    if concrete[0] == "medians":
        logtool.medians(concrete[1], out)
    else:
        getattr(logtool, concrete[0])(concrete[1], logtool.Decimal(concrete[2]), out)
    return out.getvalue()


def write_case(out_dir, name, args, build):
    """build(input_dir) writes the tree; then args and the answer are written next to it."""
    folder = os.path.join(out_dir, name)
    root = os.path.join(folder, "input")
    os.makedirs(root, exist_ok=True)
    build(root)
    with open(os.path.join(folder, "args"), "w") as f:
        f.write("".join(a + "\n" for a in args))
    with open(os.path.join(folder, "answer"), "wb") as f:
        f.write(answer(root, args))


def from_tree(tree):
    return lambda root: tree.write(root)


def main(argv):
    options = dict(a[2:].split("=", 1) for a in argv if a.startswith("--"))
    positional = [a for a in argv if not a.startswith("--")]
    if len(positional) != 4:
        sys.stderr.write(__doc__)
        return 2
    suite, seed, count, out_dir = positional[0], int(positional[1]), int(positional[2]), positional[3]
    os.makedirs(out_dir, exist_ok=True)

    def rng(index):
        return random.Random("%d:%s:%d" % (seed, suite, index))

    if suite in ("over", "medians", "alerts"):
        for i in range(count):
            tree, args = cases.random_case(suite, i, rng(i))
            write_case(out_dir, "%s-%02d" % (suite, i + 1), args, from_tree(tree))
    elif suite == "edge":
        for i, scenario in enumerate(scenarios.EDGES[:count]):
            tree, args = scenario(rng(i))
            write_case(out_dir, "%02d-%s" % (i + 1, scenario.__name__.replace("_", "-")), args, from_tree(tree))
    elif suite == "scale":
        small, big = float(options.get("small-mb", 4)), float(options.get("big-mb", 30))
        plan = [("over", small, ["over", "{input}", cases.unreachable_threshold(rng(0), 86, 89)]),
                ("medians", small, ["medians", "{input}"]),
                ("alerts", big, ["alerts", "{input}", cases.unreachable_threshold(rng(2), 86, 89)])]
        for i, (command, megabytes, args) in enumerate(plan[:count]):
            write_case(out_dir, "%d-%s-%gmb" % (i + 1, command, megabytes), args,
                       lambda root, r=rng(10 + i), mb=megabytes: scale.write_scale_tree(r, root, mb))
    elif suite == "serve":
        api.write(out_dir, rng(0))
    else:
        sys.stderr.write("unknown suite %r\n%s" % (suite, __doc__))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
