"""Checks and times your steps the way the grader does, on your own machine.

    python3 tools/try.py               every step on the nine public shapes (right or wrong)
    python3 tools/try.py bench [M N K] the grader's performance test (default 480 480 480)

The grader pins your steps to one core; `taskset -c 1 python3 tools/try.py bench` does the same
here (threads then share that core, as they do when graded).

Run it from the folder that holds steps/. It uses the grader's own files next to it: grade.py
(the driver), harness.c (the main your steps are linked with), naive.c, openblas.c and lint.py.
The judgement here runs inside your program's process, which the real grader never trusts; the
tolerance is the same.
"""
import json
import math
import os
import random
import statistics
import sys
import tempfile

TOOLS = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, TOOLS)
import grade  # noqa: E402
import lint  # noqa: E402

PUBLIC = [(1, 1, 1), (2, 3, 4), (1, 17, 1), (5, 1, 9), (17, 19, 23), (64, 64, 64), (100, 37, 81),
          (3, 200, 2), (257, 129, 193)]
SCREEN = [(1, 1, 1), (3, 1, 5), (1, 9, 2), (13, 17, 11), (61, 7, 70), (37, 101, 29)]


def seeded(shapes):
    rng = random.Random()
    return [[m, n, k, rng.randrange(1, 2 ** 63)] for m, n, k in shapes]


def forbidden():
    found = {}
    for finding in lint.findings("."):
        step = int(finding["tests"][0].rsplit("step", 1)[1])
        found.setdefault(step, []).append("%s:%d: %s" % (finding["file"], finding["line"], finding["message"]))
    return found


def check():
    present, banned = grade.steps(), forbidden()
    if not present:
        print("no steps/stepK.c or steps/stepK.cc here: run this from the folder that holds steps/")
        return 1
    build = grade.Build()
    failures = 0
    try:
        for number, files in sorted(present.items()):
            if len(files) != 1:
                print("step %d: keep one of %s" % (number, " and ".join(files)))
                failures += 1
                continue
            name = files[0]
            if number in banned:
                print("%s: forbidden (the grader gives SV):\n  %s" % (name, "\n  ".join(banned[number])))
                failures += 1
                continue
            try:
                exe = build.program(name, "step%d" % number)
            except grade.CompileError as e:
                print("%s does not compile:\n$ %s\n%s" % (name, e.command, e.log.rstrip()))
                failures += 1
                continue
            report = os.path.join(build.dir, "report.jsonl")
            shapes = seeded(PUBLIC)
            code, err = grade.run_harness(exe, ["verify", report] + grade.shape_args(shapes), timeout=60)
            lines = grade.read_report(report)
            bad = [r for r in lines if r["wrong"] or any(r[key] for key in grade.INTEGRITY)]
            if code != 0 or len(lines) != len(shapes):
                what = "timed out" if code is None else "crashed (%s)" % grade.signal_name(code) if code < 0 else "exited with %d" % code
                print("%s %s after %d of %d shapes\n%s" % (name, what, len(lines), len(shapes), grade.tail(err).rstrip()))
                failures += 1
            elif bad:
                print("%s: %d of %d public shapes right" % (name, len(shapes) - len(bad), len(shapes)))
                for r in bad:
                    broken = [key for key in grade.INTEGRITY if r[key]]
                    print("  m=%d n=%d k=%d: %s" % (r["m"], r["n"], r["k"], ", ".join(broken) if broken
                                                     else "%d elements wrong" % r["wrong"]))
                failures += 1
            else:
                print("%s: %d of %d public shapes right" % (name, len(shapes), len(shapes)))
    finally:
        build.close()
    return 1 if failures else 0


def median_interval(values):
    """The grader's 95% interval for the median: the narrowest pair of order statistics
    [x(j), x(n+1-j)] with at least 95% coverage ([min, max] below 6 runs)."""
    ordered, n = sorted(values), len(values)
    best, below = 1, 0.0
    for j in range(1, n // 2 + 1):
        below += math.comb(n, j - 1) / 2.0 ** n
        if 2 * below > 0.05:
            break
        best = j
    return ordered[best - 1], ordered[n - best]


def gflops(shape, seconds):
    m, n, k = shape[:3]
    return [2.0 * m * n * k / s / 1e9 for s in seconds]


def held(runs, seconds="seconds", share="held"):
    """Seconds per call of each run, counting only the time the process held its core, as the grader does."""
    return [s * h for s, h in zip(runs[seconds], runs[share])]


def fastest_launch(report):
    """The held seconds per call of the runs of the launch with the lowest median, and every
    launch's median, as the grader takes them (report["launch_runs"] says which runs are whose)."""
    times, launches, start = held(report), [], 0
    for count in report.get("launch_runs", [len(times)]):
        launches.append(times[start:start + count])
        start += count
    medians = [statistics.median(launch) for launch in launches]
    return launches[medians.index(min(medians))], medians


def bench(size):
    case = {"shape": seeded([size])[0], "screen": seeded(SCREEN), "launch_reps": 9, "naive_reps": 5, "launches": 5, "screen_timeout": 5,
            "openblas": None}
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "case.json"), "w") as f:
            json.dump(case, f)
        os.makedirs(os.path.join(folder, "out"))
        grade.bench(folder, os.path.join(folder, "out"), lint_dir=TOOLS)
        with open(os.path.join(folder, "out", "result.json")) as f:
            result = json.load(f)
    if result.get("platform_error"):
        print(result["platform_error"])
        return 1
    shape = result["shape"]
    for number, entry in sorted(result["candidates"].items(), key=lambda item: int(item[0])):
        if "skipped" in entry:
            print("%s: not timed (%s)" % (entry["file"], entry["skipped"]))
        else:
            print("%s: %.2f GFLOP/s in a trial run" % (entry["file"], gflops(shape, [entry["trial_seconds"]])[0]))
    if "step" not in result:
        return 1
    step = result["step"]
    fast, medians = fastest_launch(step)
    runs = gflops(shape, fast)
    # the naive loop's run(s) in that same launch, as the grader takes them
    naive_times = held(step, "naive_seconds", "naive_held")
    counts = step.get("naive_launch_runs", [len(naive_times)])
    best = medians.index(min(medians))
    start = sum(counts[:best])
    naive = statistics.median(gflops(shape, naive_times[start:start + counts[best]]))
    value, (low, high) = statistics.median(runs), median_interval(runs)
    line = "fastest: %s: %.2f GFLOP/s (median of the %d runs of the fastest of %d launches, 95%% CI %.2f .. %.2f; " \
        "launch medians %s), %.1fx naive" % (
            result["candidates"][str(result["best"])]["file"], value, len(runs), len(medians), low, high,
            " ".join("%.2f" % g for g in gflops(shape, medians)), value / naive)
    if result.get("openblas"):
        line += ", %.2fx OpenBLAS" % (value / statistics.median(gflops(shape, fastest_launch(result["openblas"])[0])))
    else:
        line += " (OpenBLAS not installed: %s)" % result.get("openblas_missing", "")
    print(line)
    print("on m=%d n=%d k=%d, %d core(s) of %s; the process held its core for %.0f%% of the runs' wall time" % (
        shape[0], shape[1], shape[2], result["cpus"], result["cpu"], 100 * sum(held(step)) / sum(step["seconds"])))
    return 0


def main(argv):
    if len(argv) == 1:
        return check()
    if argv[1] == "bench" and len(argv) in (2, 5):
        size = tuple(int(x) for x in argv[2:5]) if len(argv) == 5 else (480, 480, 480)
        return bench(size)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
