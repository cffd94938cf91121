"""Checks the package's own programs against each other, without Docker:

  python3 generators/selftest.py [SEEDS]

- the copies (solutions/reference/logtool.py, the starter kit's tools and public cases) equal
  their originals;
- for SEEDS seeds (default 3), every case of the over, medians, alerts and edge suites: the
  streaming engine (logtool) prints exactly the oracle's answer;
- every alerts case prints at least one trace line (so that dropping traces always fails it),
  and the scenarios print what their docstrings promise (spot checks below).
Exit 0 when all hold; prints the first differences otherwise.
"""
import filecmp
import io
import os
import random
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cases  # noqa: E402
import logtool  # noqa: E402
import oracle  # noqa: E402
import scenarios  # noqa: E402


def streamed(root, args):
    out = io.BytesIO()
    if args[0] == "medians":
        logtool.medians(root, out)
    else:
        getattr(logtool, args[0])(root, logtool.Decimal(args[2]), out)
    return out.getvalue().decode()


def first_difference(a, b):
    la, lb = a.splitlines(), b.splitlines()
    for i in range(max(len(la), len(lb))):
        x, y = (la[i] if i < len(la) else "(none)"), (lb[i] if i < len(lb) else "(none)")
        if x != y:
            return "line %d: oracle %r, logtool %r" % (i + 1, x, y)
    return None


def check_case(label, tree, args, problems):
    with tempfile.TemporaryDirectory() as tmp:
        tree.write(tmp)
        concrete = [tmp if a == "{input}" else a for a in args]
        expected, got = oracle.answer(tmp, concrete), streamed(tmp, concrete)
    if expected != got:
        problems.append("%s %s: %s" % (label, args[0], first_difference(expected, got)))
    if args[0] == "alerts" and not any(line[:1] in (" ", "\t") for line in expected.splitlines()):
        problems.append("%s: no alert prints a trace line" % label)
    return expected


COPIES = [("generators/logtool.py", "solutions/reference/logtool.py"), ("generators/serve.py", "solutions/reference/serve.py"), ("checker/check.py", "starter/tools/check.py"),
          ("tests/public", "starter/tests/public")] + [("generators/%s.py" % m, "starter/tools/%s.py" % m) for m in ("world", "traffic", "cases", "scale")]


def copies_differing(package):
    """The package keeps copies where a sandbox or the starter kit needs them; they must not drift."""
    problems = []
    for original, copy in COPIES:
        a, b = os.path.join(package, original), os.path.join(package, copy)
        if os.path.isdir(a):
            report = filecmp.dircmp(a, b)
            stack, differ = [report], False
            while stack:
                r = stack.pop()
                differ |= bool(r.left_only or r.right_only or r.diff_files or r.funny_files)
                stack.extend(r.subdirs.values())
        else:
            differ = not filecmp.cmp(a, b, shallow=False)
        if differ:
            problems.append("%s differs from %s (run generators/make_public.py or copy it again)" % (copy, original))
    return problems


def main(argv):
    seeds = int(argv[0]) if argv else 3
    problems = []
    problems += copies_differing(os.path.dirname(HERE))
    for seed in range(seeds):
        for command in ("over", "medians", "alerts"):
            for i in range(len(cases.SHAPES)):
                tree, args = cases.random_case(command, i, random.Random("%d:%s:%d" % (seed, command, i)))
                check_case("seed %d %s-%d" % (seed, command, i + 1), tree, args, problems)
        for i, scenario in enumerate(scenarios.EDGES):
            tree, args = scenario(random.Random("%d:edge:%d" % (seed, i)))
            out = check_case("seed %d %s" % (seed, scenario.__name__), tree, args, problems)
            promise = PROMISES.get(scenario.__name__)
            if promise and not promise(out):
                problems.append("seed %d %s: the answer does not show what the scenario places" % (seed, scenario.__name__))
    for p in problems[:20]:
        print(p)
    print("selftest: %d problem(s)" % len(problems))
    return 1 if problems else 0


PROMISES = {
    "threshold_equal_over": lambda out: " gpu-7 0.900001\n" in out and " gpu-7 0.9\n" not in out,
    "threshold_equal_alerts": lambda out: "db-12" not in out and "db-3" in out,
    "window_edge_alerts": lambda out: "job 3301" in out and "took 2511ms" in out and "api-30 cron" not in out and "upstream closed" not in out,
    "gap_alerts": lambda out: "job 4410" in out and "job 4415" in out and "worker-8 worker queue depth" not in out,
    "several_windows_alerts": lambda out: out.count("first of two") == 1 and out.index("api-7 api printed first") < out.index("web-10")
    < out.index("written before web-10"),
}

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
