"""Checker of matmul: check.py INPUT OUTPUT ANSWER [CASE ARGUMENTS...], run in a trusted sandbox.

ANSWER is the case (shapes and seeds, as the generator wrote it); OUTPUT is the folder the
driver filled in the candidate's sandbox: result.json and the c matrices. Every product is
recomputed here from the seeds (checker/matrices.py); nothing the candidate's process says about
correctness is believed. Timings cannot be recomputed: they are taken as measured, beside the
naive loop and OpenBLAS in the same run, and only turned into statistics here.

A run's time counts only the share of its wall time during which the sandbox held its one core
(its CPU time, the harness measures both): on a machine where other work takes the core now and
then, the rest of the run measured that work, not the step. On a quiet machine the share is 1 and
the two times are the same; the message says what the share was, and what the wall time alone
gives.

The runs come in launches of the program (launch_runs says how many each made): GFLOP/s, for the
step and for OpenBLAS, is the median of the runs of the launch whose median time is the lowest,
with the 95% interval from that launch's runs; launches differ far more than the runs inside one
(see fastest_launch and the README). The naive loop's figure comes from the same launch as the
step's (its runs in that launch), so the speed-up compares two measurements made side by side.

Every timed call is checked, not only the first: every call after the first gets new a and b
(drawn from the seed and the call's number, so no call can reuse an earlier product), each launch
reports how many calls it made (T) and leaves the final c, which must be c0 plus the T products
(final_c_problem). A step that only computes on its first call (a static counter, say), or that
keeps a product from one call for the next, gets no speed points. So does
any figure above PEAK_GFLOPS_PER_CORE per core: no machine does that.
"""
import json
import math
import os
import sys

# NumPy and matrices.py are imported only where a product is judged: most cases of a grading
# are step numbers nobody submitted, and importing NumPy costs more than judging them.

FULL_SPEEDUP = 32.0   # speed-up over the naive loop that earns every performance point (20% per doubling)
FLAGS = "-O0 -march=x86-64-v3 -pthread"
SHARED = 0.98         # below this share of its core, the message also gives the wall-time figure
# 64 double FLOP per cycle (two 512-bit FMA units, 8 doubles x 2 FLOP x 2, and twice that for margin)
# at 6 GHz: above any core that exists. A figure above this per core is refused as impossible.
PEAK_GFLOPS_PER_CORE = 64 * 6.0
# This trusted sandbox lives for the whole grading and sees the cases of a group in order, step1
# first, so it remembers each step's verdict here: a step that was not submitted scores the share
# of the earlier steps that were right. A step whose case did not reach the checker (it crashed,
# timed out or was forbidden) has no record and counts as wrong.
MEMORY = "/tmp/matmul-steps"


def emit(score, message, **extra):
    print(json.dumps(dict(score=score, message=message, **extra)))
    return 0


def step_list(present):
    return ", ".join("step%d" % n for n in present) or "none"


def describe_shape(m, n, k):
    return "m=%d n=%d k=%d" % (m, n, k)


def read_c(output, name, m, n):
    import numpy as np
    path = os.path.join(output, name)
    if not os.path.isfile(path) or os.path.getsize(path) != m * n * 8:
        return None
    return np.fromfile(path, dtype="<f8").reshape(m, n)


def diagnose(m, n, k, seed, got, report):
    """None when the shape is right, else one line saying what differed."""
    import numpy as np
    import matrices
    broken = [what for key, what in (("a_changed", "changed a"), ("b_changed", "changed b"),
                                     ("wrote_before_c", "wrote before the start of c"),
                                     ("wrote_after_c", "wrote past the end of c")) if report.get(key)]
    if broken:
        return "f %s; it may only read a and b and write inside c" % " and ".join(broken)
    wrong, want, c0, product = matrices.judge(m, n, k, seed, got)
    count = int(wrong.sum())
    if count == 0:
        return None
    i, j = (int(x) for x in np.argwhere(wrong)[0])
    line = "%d of %d elements wrong; first at row %d, column %d: expected %.17g, got %.17g (initial c there: %.17g)" % (
        count, m * n, i, j, want[i, j], got[i, j], c0[i, j])
    scale = np.abs(product).max() + 1e-300
    if np.allclose(got, product, rtol=0, atol=1e-9 * scale * max(k, 1)):
        line += ". Your c equals a*b alone: f must add a*b to the c it is given, not overwrite it"
    elif np.array_equal(got, c0):
        line += ". c is unchanged"
    elif not np.isfinite(got).all():
        line += ". c holds NaN or infinity"
    return line


PROBES = 8  # random directions the final c is checked along


def final_c_problem(m, n, k, seed, got, calls):
    """None when got, the c left by `calls` calls of f (the first on the shape's a and b, call t >= 1
    on call_operands(t), each adding its product to the c the last one left), is c0 plus the sum
    of the calls' products, else one line saying what differed.
    Rebuilding that sum would cost a product per call, so it is checked along PROBES directions R
    drawn here, after the run, from the operating system's entropy (Freivalds' check):
    (got - c0) R must be the sum of a_t (b_t R), which costs O(n^2) a call. The statement's
    tolerance for the benchmark is on the whole sum: element (i, j) may be off by 1e-10 * (|c0| + S)
    with S the sum over all calls of |a_t| |b_t|, so its projection by 1e-10 * (|c0| + S) |R|.
    Double arithmetic stays about 10^4 times inside that over a launch's calls (its error grows
    like sqrt(T), the bound like T); a step that works in float for calls after the first is some
    times outside it at any T, and a skipped or stale call, about sqrt(k) / 3 an element and
    sqrt(n) times that projected, is outside by orders of magnitude (the bound is about 1e-10 * T
    * k * n / 4 projected: 0.03 for T = 5000 at 480^3, against about 150)."""
    import numpy as np
    import matrices
    if got is None:
        return "its final c is missing"
    if not np.isfinite(got).all():
        return "its final c holds NaN or infinity"
    a, b, c0 = matrices.problem(m, n, k, seed)
    probes = np.random.default_rng().standard_normal((n, PROBES))
    sizes = np.abs(probes)
    want, spread = c0 @ probes + a @ (b @ probes), np.abs(a) @ (np.abs(b) @ sizes)
    for t in range(1, calls):
        at, bt = matrices.call_operands(m, n, k, seed, t)
        want += at @ (bt @ probes)
        spread += np.abs(at) @ (np.abs(bt) @ sizes)
    allowed = matrices.TOLERANCE * (np.abs(c0) @ sizes + spread)
    wrong = np.abs(got @ probes - want) > allowed
    rows = np.flatnonzero(wrong.any(axis=1))
    if not len(rows):
        return None
    return "%d of %d rows of the final c are not c0 plus the products of the %d calls (checked along %d random " \
        "directions); the first is row %d" % (len(rows), m, calls, PROBES, int(rows[0]))


# A launch makes 1 + warm-up + runs x calls-per-run calls. Runs are sized to 50 ms of the larger
# of a call and a refresh (0.3-1 ms at the benchmark's shapes) and the warm-up to 0.2 s, so a launch
# makes a few hundred calls at most: more is a forged count, refused before the checker spends
# time on it (each call costs it a few ms).
MAX_CALLS = 5000
# Windows where only the grader's code runs (the naive loop, writing the final c): what the step's
# threads or processes use there is work nobody times (products put off until after the runs, say).
# Allowed: 5% of the launch's timed work and 50 ms, for a thread pool that spins briefly before it
# sleeps and for the sandbox's own processes; work put off past that would move the median of 9 runs
# by at most one run's worth.
STRAY_SHARE, STRAY_SLACK = 0.05, 0.05


def whole(x):
    return isinstance(x, int) and not isinstance(x, bool)


def launch_problem(step, index, runs):
    """What makes launch `index` (from 0) of the step's report invalid before its final c is read,
    or None. `runs` are the launch's held seconds per call."""
    def field(key):
        values = step.get("launch_" + key)
        return values[index] if isinstance(values, list) and len(values) > index else None
    count, per_run, warm = field("calls"), field("calls_per_rep"), field("warm_calls")
    if not (whole(count) and whole(per_run) and whole(warm) and per_run > 0 and warm >= 0
            and count == 1 + warm + len(runs) * per_run and count <= MAX_CALLS):
        return "no valid count of calls (%r in all, %r in the warm-up, %d runs of %r; at most %d)" % (
            count, warm, len(runs), per_run, MAX_CALLS)
    stray = field("stray_seconds")
    if not (finite(stray) and stray >= 0):
        return "no valid accounting of the time outside its runs"
    timed = sum(runs) * per_run
    if stray > STRAY_SHARE * timed + STRAY_SLACK:
        return ("its threads or processes used %.3f s of CPU while only the grader's code ran (the naive loop, writing c), "
                "against %.3f s for all its runs: work outside the timed calls does not count, and nothing of yours may "
                "keep running after f returns" % (stray, timed))
    return None


def every_call_problem(spec, output, step):
    """None when every launch is valid (launch_problem) and its final c is c0 plus the products of
    its T calls, else what differed."""
    m, n, k, seed = spec["shape"]
    timed = timed_runs(step, "seconds", "held")
    launches = by_launch(step, timed[0]) if timed else None
    if not launches or not isinstance(step.get("launch_calls"), list) or len(step["launch_calls"]) != len(launches):
        return "no valid count of calls per launch"
    # Every launch's counts first: a forged one costs nothing to refuse.
    for index, runs in enumerate(launches):
        problem = launch_problem(step, index, runs)
        if problem:
            return "launch %d: %s" % (index + 1, problem)
    for index, count in enumerate(step["launch_calls"], 1):
        problem = final_c_problem(m, n, k, seed, read_c(output, "final%d.bin" % index, m, n), count)
        if problem:
            return "launch %d: %s" % (index, problem)
    return None


def finite(x):
    """A real number (not a bool), neither NaN nor infinite: what every number the driver writes is."""
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def timings(x):
    """x when it is a non-empty list of finite, non-negative seconds, else None. The report files
    are written inside the candidate's process, whose f can write anything into them: a malformed
    field means a wrong result, never a checker failure."""
    if isinstance(x, list) and x and all(finite(s) and s >= 0 for s in x):
        return x
    return None


def timed_runs(report, seconds_key, held_key):
    """The seconds per call of a report's runs, each counting only the share of its wall time the
    sandbox held its core, and that share over all the runs; None when either list is malformed."""
    seconds, held = timings(report.get(seconds_key)), report.get(held_key)
    if not seconds or not isinstance(held, list) or len(held) != len(seconds):
        return None
    if not all(finite(h) and 0 < h <= 1 for h in held):
        return None
    ran = [s * h for s, h in zip(seconds, held)]
    return ran, sum(ran) / sum(seconds) if sum(seconds) > 0 else 1.0


def by_launch(report, values, counts_key="launch_runs"):
    """values (one per run, in the report's order) split into the launches that made them, by the
    report's per-launch run counts; one launch when the report has no counts; None when the counts
    are malformed or do not add up to the runs."""
    counts = report.get(counts_key)
    if counts is None:
        return [list(values)]
    if not isinstance(counts, list) or not counts or not all(
            isinstance(c, int) and not isinstance(c, bool) and c > 0 for c in counts) or sum(counts) != len(values):
        return None
    launches, start = [], 0
    for count in counts:
        launches.append(list(values[start:start + count]))
        start += count
    return launches


def fastest_launch(report, seconds_key, held_key, counts_key="launch_runs"):
    """(held seconds per call of the runs of the launch whose median is the lowest, the same runs'
    wall seconds, the medians of every launch, the share of its core the sandbox held over all the
    runs, that launch's index); None when the report is malformed. Launches of one program can
    differ by a quarter (the machine's slow phases, memory placement) while the runs inside one
    agree closely: the fastest launch is
    what the program can do, and the one that two gradings most often agree on."""
    timed = timed_runs(report, seconds_key, held_key)
    if not timed:
        return None
    held, wall = by_launch(report, timed[0], counts_key), by_launch(report, report[seconds_key], counts_key)
    if not held or any(not all(s > 0 for s in launch) for launch in held):
        return None
    medians = [median(launch) for launch in held]
    best = medians.index(min(medians))
    return held[best], wall[best], medians, timed[1], best


def remember(group, number, right):
    os.makedirs(os.path.join(MEMORY, group), exist_ok=True)
    with open(os.path.join(MEMORY, group, "step%d" % number), "w") as f:
        f.write("right" if right else "wrong")


def recall(group, number):
    try:
        with open(os.path.join(MEMORY, group, "step%d" % number)) as f:
            return f.read() == "right"
    except OSError:
        return False


def missing_step(spec, present):
    number, group = spec["step"], spec["group"]
    earlier = [n for n in present if n < number]
    if not earlier:
        return emit(0, "steps/step%d.c (or .cc) is missing: steps are numbered from 1 (your steps: %s)." % (number, step_list(present)))
    right = [n for n in earlier if recall(group, n)]
    return emit(len(right) / len(earlier), "steps/step%d: not submitted, so it scores the share of your earlier steps that are "
                "right on these shapes: %d of %d (%s)." % (number, len(right), len(earlier), ", ".join(
                    "step%d %s" % (n, "right" if n in right else "not right") for n in earlier)))


def check_step(spec, output, result):
    number, present = spec["step"], result.get("present", [])
    present = [n for n in present if isinstance(n, int) and not isinstance(n, bool)] if isinstance(present, list) else []
    if not present:
        hint = " (found steps in %s/: they must be at the root)" % result["misplaced"] if result.get("misplaced") else ""
        return emit(0, "No steps found: the submission needs steps/step1.c or steps/step1.cc%s." % hint)
    if number not in present:
        return missing_step(spec, present)
    remember(spec["group"], number, False)
    if result.get("files"):
        return emit(0, "Both %s exist: keep one file per step." % " and ".join(result["files"]))
    name = result["file"]
    if "compile_log" in result:
        return emit(0, "%s does not compile:\n$ %s\n%s" % (name, result["compile_command"], result["compile_log"].rstrip()))
    if result.get("no_f"):
        return emit(0, "%s defines no function void f(int, int, int, const double *, const double *, double *)"
                       " (in C++: outside any namespace, and not static)." % name)
    shapes = result.get("shapes", [])
    reports = {r["shape"]: r for r in (shapes if isinstance(shapes, list) else [])
               if isinstance(r, dict) and isinstance(r.get("shape"), int) and not isinstance(r.get("shape"), bool)}
    lines, right = [], 0
    for index, (m, n, k, seed) in enumerate(spec["shapes"], 1):
        shape = describe_shape(m, n, k)
        report, got = reports.get(index), read_c(output, "c%d.bin" % index, m, n)
        if report is None or got is None:
            lines.append("%s: no result (the program ended before this shape)" % shape)
            continue
        if not finite(report.get("seconds")):
            lines.append("%s: malformed report (its time is missing or not a number): the program wrote into the "
                         "grader's report" % shape)
            continue
        problem = diagnose(m, n, k, seed, got, report)
        right += problem is None
        lines.append("%s: %s" % (shape, problem or "right (%.3f s)" % report["seconds"]))
    total = len(spec["shapes"])
    remember(spec["group"], number, right == total)
    head = "%s, compiled with %s: %d of %d shapes right%s" % (
        name, FLAGS, right, total, "" if right == total else " (a step earns its points only when every shape is right)")
    return emit(1 if right == total else 0, head + "\n" + "\n".join(lines))


def gflops(m, n, k, seconds):
    return [2.0 * m * n * k / s / 1e9 for s in seconds if s > 0]


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def median_interval(values):
    """Distribution-free confidence interval of the median from order statistics: the narrowest
    [x(j), x(n+1-j)] whose coverage is at least 95%; with fewer than 6 runs, [min, max]."""
    ordered, n = sorted(values), len(values)
    best, below = 1, 0.0
    for j in range(1, n // 2 + 1):
        below += math.comb(n, j - 1) / 2.0 ** n
        if 2 * below > 0.05:
            break
        best = j
    return ordered[best - 1], ordered[n - best]


def score_of(speedup):
    return max(0.0, min(1.0, math.log(max(speedup, 1e-9)) / math.log(FULL_SPEEDUP)))


def tried(result, m, n, k):
    rows = []
    candidates = result.get("candidates", {})
    candidates = candidates if isinstance(candidates, dict) else {}
    for number, entry in sorted(candidates.items(), key=lambda item: (not item[0].isdigit(), item[0].zfill(20))):
        if not isinstance(entry, dict):
            continue
        if "skipped" in entry:
            rows.append("  %s: not timed (%s)" % (entry.get("file"), entry["skipped"]))
        elif finite(entry.get("trial_seconds")) and entry["trial_seconds"] > 0:
            rows.append("  %s: %.2f GFLOP/s in a trial run" % (entry.get("file"), gflops(m, n, k, [entry["trial_seconds"]])[0]))
        else:
            rows.append("  %s: no valid trial time" % entry.get("file"))
    return "\n".join(rows)


def check_bench(spec, output, result):
    m, n, k, seed = spec["shape"]
    if "best" not in result:
        return emit(0, "No step could be timed: none compiled, passed the small shapes and was allowed.\n" + tried(result, m, n, k))
    best = result["best"]
    entry = result.get("candidates", {}).get(str(best)) if isinstance(result.get("candidates"), dict) else None
    name = entry.get("file", "step%s" % best) if isinstance(entry, dict) else "step%s" % best
    if result.get("step_error") or not result.get("step"):
        return emit(0, "%s failed while it was being timed: %s" % (name, result.get("step_error", "no timings")))
    step = result["step"]
    if not isinstance(step, dict):
        return emit(0, "%s left a malformed timing report: the program wrote into the grader's report." % name)
    got = read_c(output, "c.bin", m, n)
    if got is None:
        return emit(0, "%s left no result on the benchmark shape %s." % (name, describe_shape(m, n, k)))
    problem = diagnose(m, n, k, seed, got, step)
    if problem:
        return emit(0, "%s, the fastest step, is wrong on the benchmark shape %s: %s" % (name, describe_shape(m, n, k), problem))
    malformed = "%s left a malformed timing report (%s): the program wrote into the grader's report."
    wrong_calls = every_call_problem(spec, output, step)
    if wrong_calls:
        return emit(0, "%s: its timed calls did not compute the product, so its timing is invalid and earns no "
                       "performance points (every call must add a*b to c; %s)." % (name, wrong_calls))
    fast = fastest_launch(step, "seconds", "held")
    if not fast:
        return emit(0, malformed % (name, "no valid run times"))
    if not finite(step.get("calls_per_rep")):
        return emit(0, malformed % (name, "no valid count of calls per run"))
    runs = gflops(m, n, k, fast[0])
    value, (low, high), share = median(runs), median_interval(runs), fast[3]
    launch_gflops = gflops(m, n, k, fast[2])
    spread = max(launch_gflops) / min(launch_gflops) - 1
    all_runs = sum(len(launch) for launch in by_launch(step, step["seconds"]))
    wall = median(gflops(m, n, k, fast[1]))
    cores = result.get("cpus") if isinstance(result.get("cpus"), int) and 1 <= result.get("cpus") <= 1024 else 1
    if max(runs + launch_gflops + [wall]) > PEAK_GFLOPS_PER_CORE * cores:
        return emit(0, "%s: its timing is invalid (%.0f GFLOP/s in a run, above what %d core(s) can do: %.0f GFLOP/s "
                       "each at most), so it earns no performance points." % (
                           name, max(runs + launch_gflops + [wall]), cores, PEAK_GFLOPS_PER_CORE))
    if not step.get("naive_seconds"):
        return emit(0, "%s stopped before the naive loop beside it could be timed." % name)
    # The naive loop's runs of the step's fastest launch: the two figures of the speed-up are then
    # measured in the same program, with the same memory placement luck and the same machine state.
    timed = timed_runs(step, "naive_seconds", "naive_held")
    naive_launches = by_launch(step, timed[0], "naive_launch_runs") if timed else None
    if naive_launches is not None and len(naive_launches) != len(fast[2]):
        naive_launches = None
    naive_runs = gflops(m, n, k, naive_launches[fast[4]]) if naive_launches else []
    if not naive_runs:
        return emit(0, malformed % (name, "no valid times of the naive loop"))
    naive = median(naive_runs)
    openblas = result.get("openblas")
    blas_fast = fastest_launch(openblas, "seconds", "held") if isinstance(openblas, dict) else None
    if not blas_fast:
        return emit(0, malformed % (name, "no valid times of OpenBLAS"))
    blas_runs = gflops(m, n, k, blas_fast[0])
    blas, blas_launches = median(blas_runs), gflops(m, n, k, blas_fast[2])
    blas_spread = max(blas_launches) / min(blas_launches) - 1
    if naive <= 0 or blas <= 0:
        return emit(0, malformed % (name, "a baseline ran in no time"))
    speedup, ratio = value / naive, value / blas
    run_seconds = median(fast[0]) * step["calls_per_rep"]
    score = score_of(speedup)
    message = "\n".join([
        "Fastest correct step: %s, on %s (%s), %d pinned core(s) of %s." % (
            name, describe_shape(m, n, k), "2mnk = %.3g FLOP per call" % (2.0 * m * n * k), result["cpus"], result["cpu"]),
        "  %s: %.2f GFLOP/s, median of the %d runs of its fastest of %d launch(es) (95%% CI %.2f .. %.2f; "
        "%d call(s), %.0f ms of the core per run)" % (
            name, value, len(runs), len(launch_gflops), low, high, step["calls_per_rep"], 1000 * run_seconds),
        "  its launches' medians: %s GFLOP/s (%d runs in all; the fastest is %.0f%% above the slowest)" % (
            ", ".join("%.2f" % g for g in launch_gflops), all_runs, 100 * spread),
        "  the sandbox held its core for %.0f%% of the runs' wall time%s" % (100 * share, (
            "; other work on the machine had the rest, which is not counted (by wall time alone: %.2f GFLOP/s)" % wall)
            if share < SHARED else ""),
        "  naive -O0 loop, in the same program, its runs between the step's: %.3f GFLOP/s (median of its %d run(s) "
        "in that fastest launch)" % (naive, len(naive_runs)),
        "  OpenBLAS dgemm, one thread: %.2f GFLOP/s (median of the %d runs of its fastest of %d launch(es); "
        "launch medians %s)" % (blas, len(blas_runs), len(blas_launches), ", ".join("%.2f" % g for g in blas_launches)),
        "Speed-up over the naive loop: %.1fx -> %.0f%% of the performance points (all of them from %gx); %.2fx OpenBLAS." % (
            speedup, 100 * score, FULL_SPEEDUP, ratio),
        "Steps tried:",
        tried(result, m, n, k),
    ])
    metrics = {
        "gflops": {"value": round(value, 3), "unit": "GFLOP/s", "ci_low": round(low, 3), "ci_high": round(high, 3)},
        "speedup_over_naive": {"value": round(speedup, 2), "unit": "x"},
        "ratio_to_openblas": {"value": round(ratio, 3), "unit": "x"},
        "naive_gflops": {"value": round(naive, 4), "unit": "GFLOP/s"},
        "openblas_gflops": {"value": round(blas, 3), "unit": "GFLOP/s"},
        "fastest_step": {"value": best, "unit": "step"},
        "timed_runs": {"value": len(runs), "unit": "runs"},
        "launches": {"value": len(launch_gflops), "unit": "launches"},
        "all_runs": {"value": all_runs, "unit": "runs"},
        "launch_spread": {"value": round(100 * spread, 1), "unit": "%"},
        "openblas_launch_spread": {"value": round(100 * blas_spread, 1), "unit": "%"},
        "run_time": {"value": round(1000 * run_seconds, 1), "unit": "ms"},
        "core_share": {"value": round(100 * share, 1), "unit": "%"},
        "wall_gflops": {"value": round(wall, 3), "unit": "GFLOP/s"},
    }
    return emit(score, message, metrics=metrics, leaderboard=[{"name": "GFLOP/s", "value": round(value, 3), "order": "desc"}])


def product(a, b):
    return [sum(a[4 * i + p] * b[4 * p + j] for p in range(4)) for i in range(4) for j in range(4)]


def unpack_c(text):
    """The 512-bit hex c of the testbench as 16 signed 32-bit integers, element (i, j) at 4*i+j."""
    value = int(text, 16)
    words = [(value >> (32 * index)) & 0xFFFFFFFF for index in range(16)]
    return [w - (1 << 32) if w >= 1 << 31 else w for w in words]


def check_hw(spec, output, result):
    if result.get("absent"):
        return emit(0, "No hw/matmul.v: the optional hardware part was not submitted.")
    sources = " ".join(result["sources"])
    if "compile_log" in result:
        return emit(0, "%s does not compile with the grader's testbench:\n$ %s\n%s" % (
            sources, result["compile_command"], result["compile_log"].rstrip()))
    if result.get("timeout"):
        return emit(0, "The simulation of %s did not end within %d s." % (sources, result["timeout"]))
    tests, rows, latencies, right = spec["tests"], [], [], 0
    # Only the first line per test is read, and only its start: the candidate's Verilog can fill
    # hw.txt with anything, up to the sandbox's file size limit.
    lines = []
    try:
        with open(os.path.join(output, "hw.txt"), errors="replace") as f:
            for line in f:
                if line.strip():
                    lines.append(line[:1024].split())
                    if len(lines) >= len(tests):
                        break
    except OSError:
        pass
    for index, (a, b) in enumerate(tests):
        fields = lines[index] if index < len(lines) else None
        if not fields or (len(fields) > 1 and fields[1] == "timeout"):
            rows.append("test %d: %s" % (index + 1, "done never rose within 1000 cycles" if fields else "not reached"))
            break
        # hw.txt is written by a simulation that runs the candidate's Verilog, which can write to it
        # too ($fopen) and whose c can hold x or z bits: a line that does not parse is a wrong test.
        try:
            if len(fields) < 3 or len(fields[1]) > 12:
                raise ValueError
            latency, held = int(fields[1]), fields[2] == "1"
        except ValueError:
            rows.append("test %d: unreadable line in hw.txt: %s" % (index + 1, " ".join(fields)[:200]))
            continue
        got = None
        if len(fields) > 3:
            if any(ch in "xXzZ" for ch in fields[3]):
                rows.append("test %d: c has x/z bits (%s)" % (index + 1, fields[3][:200]))
                latencies.append(latency)
                continue
            try:
                if len(fields[3]) > 128:
                    raise ValueError
                got = unpack_c(fields[3])
            except ValueError:
                rows.append("test %d: unreadable line in hw.txt: %s" % (index + 1, " ".join(fields)[:200]))
                continue
        latencies.append(latency)
        want = product(a, b)
        if got != want:
            first = next(i for i in range(16) if got is None or got[i] != want[i])
            rows.append("test %d: c(%d,%d) expected %d, got %s (a = %s, b = %s)" % (
                index + 1, first // 4, first % 4, want[first], "x" if got is None else got[first], a, b))
        elif not held:
            rows.append("test %d: right, but done stayed high or c changed in the cycle after done" % (index + 1))
        else:
            right += 1
    total = len(tests)
    head = "%s: %d of %d tests right" % (sources, right, total)
    if latencies:
        head += "; cycles from start to done: %d to %d" % (min(latencies), max(latencies))
    extra = {}
    if latencies:
        extra["metrics"] = {"hw_cycles": {"value": max(latencies), "unit": "cycles"}}
    detail = rows[:5] + (["... and %d more" % (len(rows) - 5)] if len(rows) > 5 else [])
    log = result.get("log", "").strip()
    return emit(1 if right == total else 0, "\n".join([head] + detail + (["simulator output:", log] if log and rows else [])), **extra)


def main(argv):
    output, answer = argv[2], argv[3]
    with open(answer) as f:
        spec = json.load(f)
    try:
        with open(os.path.join(output, "result.json")) as f:
            result = json.load(f)
    except (OSError, ValueError):
        return emit(0, "The grader's driver left no readable result.json: the program changed or removed it.")
    if not isinstance(result, dict):
        return emit(0, "The grader's driver left a malformed result.json: the program changed it.")
    if result.get("platform_error"):
        # result.json sits in the candidate's sandbox, where a process of theirs could write this field
        # to turn a bad grading into a platform error and a free re-attempt. So it is only a message
        # here; a real fault of the driver shows up as the reference solution failing `tasks check`.
        return emit(0, "The grader's driver reported a failure: %s (a program that rewrites the driver's "
                       "files gets this too)." % str(result["platform_error"])[:500])
    if spec.get("group") == "hardware":
        return check_hw(spec, output, result)
    return check_bench(spec, output, result) if "screen" in spec else check_step(spec, output, result)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
