"""The matmul package's own tests of its timing: python3 selftest/run.py [--harness]

It checks what `intern tasks check` cannot see from scores alone: a run counts only the time the
sandbox held its core (the checker's arithmetic, malformed shares refused), the confidence interval
the statement promises, that a trial ranks steps by their fastest run, that the launches of a
program merge into one report that keeps which runs each launch made, and that GFLOP/s and its
interval come from the runs of the fastest launch alone, that every timed call must have added its
product (each launch's final c is c0 plus the products of its calls, each on new matrices), that the naive loop's figure comes from the
step's fastest launch, and that an impossible speed is refused. Where gcc is installed (or with
--harness) it also builds and runs the real harness: every timed run reports its share, a step
which hands its work to a child process is charged for the child's time, a step with a static
call counter or one that keeps a product for the next call leaves a final c that fails, a spinning thread does not slow the naive loop, and no
process of a launch outlives it. Those need a /tmp
that allows programs to run; `./intern test` runs this file in the task's image as
    docker run --rm --network none --read-only --tmpfs /tmp:exec -v "$PWD/tasks/matmul:/task:ro" \\
        -w /task intern/matmul python3 -B selftest/run.py
--no-harness skips them. Prints one line per test and 'N passed, N failed'; exits 1 on any failure.
"""
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "checker"))
sys.path.insert(0, os.path.join(ROOT, "harness"))
sys.path.insert(0, os.path.join(ROOT, "generators"))

import check  # noqa: E402
import gen  # noqa: E402
import grade  # noqa: E402

TESTS, HARNESS_TESTS = [], []


def test(function):
    TESTS.append(function)
    return function


def harness_test(function):
    HARNESS_TESTS.append(function)
    return function


@test
def a_run_counts_only_the_time_its_core_was_held():
    ran, share = check.timed_runs({"seconds": [0.02, 0.04], "held": [1.0, 0.5]}, "seconds", "held")
    assert ran == [0.02, 0.02], ran
    assert abs(share - 0.04 / 0.06) < 1e-12, share


@test
def malformed_shares_are_refused():
    for held in ([1.0], [1.0, 0.0], [1.0, 1.5], [1.0, "1"], [1.0, True], [1.0, float("nan")], None, "1"):
        assert check.timed_runs({"seconds": [0.02, 0.02], "held": held}, "seconds", "held") is None, held


@test
def the_interval_is_the_one_the_statement_promises():
    runs = list(range(1, 26))
    assert check.median_interval(runs) == (8, 18), check.median_interval(runs)
    assert check.median_interval(list(range(1, 16))) == (4, 12)
    assert check.median_interval([3, 1, 2]) == (1, 3)


@test
def a_trial_ranks_a_step_by_its_fastest_held_run():
    assert grade.fastest({"seconds": [0.010, 0.020, 0.012], "held": [1.0, 0.4, 0.9]}) == 0.008
    assert grade.fastest({"seconds": [0.010], "held": "garbled"}) is None
    assert grade.fastest({"seconds": [0.010]}) is None


@test
def launches_merge_into_one_report_that_keeps_every_broken_promise():
    clean = {"seconds": [1.0, 2.0], "held": [1.0, 0.5], "naive_seconds": [9.0], "naive_held": [1.0], "calls_per_rep": 2,
             "a_changed": False, "b_changed": False, "wrote_before_c": False, "wrote_after_c": False}
    report = grade.merged([clean, dict(clean, seconds=[3.0], held=[1.0], b_changed=True)])
    assert report["seconds"] == [1.0, 2.0, 3.0] and report["held"] == [1.0, 0.5, 1.0], report
    assert report["naive_seconds"] == [9.0, 9.0] and report["launches"] == 2, report
    assert report["launch_runs"] == [2, 1] and report["naive_launch_runs"] == [1, 1], report
    assert report["b_changed"] and not report["a_changed"], report
    assert grade.held_seconds([clean]) == 2 * (1.0 + 1.0), grade.held_seconds([clean])
    assert grade.held_seconds([{"seconds": "x"}]) == 0.0


@test
def gflops_is_the_median_of_the_fastest_launch_with_its_own_interval():
    # Three launches of 9 runs: a slow one, a fast one, one in between (runs in held seconds).
    slow, fast, middle = [0.040 + 0.001 * i for i in range(9)], [0.030 + 0.001 * i for i in range(9)], [0.035] * 9
    report = {"seconds": slow + fast + middle, "held": [1.0] * 27, "launch_runs": [9, 9, 9]}
    runs, wall, medians, share, best = check.fastest_launch(report, "seconds", "held")
    assert runs == fast and wall == fast and share == 1.0 and best == 1, (runs, wall, share, best)
    assert medians == [0.044, 0.034, 0.035], medians
    # the interval comes from that launch's 9 runs alone: its 2nd and 8th fastest
    assert check.median_interval(runs) == (0.031, 0.037), check.median_interval(runs)
    # the held share decides which launch is fastest, not the wall time
    report = dict(report, held=[0.5] * 9 + [1.0] * 18)
    assert check.fastest_launch(report, "seconds", "held")[0] == [s * 0.5 for s in slow]


@test
def a_report_without_launch_counts_is_one_launch_and_bad_counts_are_refused():
    report = {"seconds": [0.02, 0.01, 0.03], "held": [1.0, 1.0, 1.0]}
    assert check.fastest_launch(report, "seconds", "held")[0] == [0.02, 0.01, 0.03]
    for counts in ([1, 1], [2, 2], [3, 0], [2, -1, 2], [1.5, 1.5], [True, 2], "3", [], {"a": 3}):
        assert check.by_launch(dict(report, launch_runs=counts), report["seconds"]) is None, counts
        assert check.fastest_launch(dict(report, launch_runs=counts), "seconds", "held") is None, counts


@test
def every_launch_makes_the_runs_the_case_asks_for():
    assert gen.BENCH["launch_reps"] >= 9 and gen.BENCH["launches"] >= 5, gen.BENCH
    ordered = list(range(gen.BENCH["launch_reps"]))
    assert check.median_interval(ordered) != (ordered[0], ordered[-1]), "9+ runs: an interval narrower than [min, max]"
    calls, real = [], grade.timed
    grade.timed = lambda exe, shape, reps, *rest: calls.append((exe, reps)) or ({"seconds": [1e-3] * reps, "held": [1.0] * reps,
                                                                                 "calls_per_rep": 1}, None)
    try:
        step, blas, error = grade.time_side_by_side("step", "blas", [9, 9, 9, 1], gen.BENCH, 1.0, "c.bin", lambda n: n)
    finally:
        grade.timed = real
    # every launch alike: the two fastest agree at once, so no launch beyond the first `launches`
    want = [(program, gen.BENCH["launch_reps"]) for _ in range(gen.BENCH["launches"]) for program in ("step", "blas")]
    assert error is None and calls == want, calls
    assert step["launch_runs"] == blas["launch_runs"] == [gen.BENCH["launch_reps"]] * gen.BENCH["launches"], step


def launches_made(medians):
    """How many launches of the step time_side_by_side makes when they come out with these medians."""
    made, real = [], grade.timed

    def fake(exe, shape, reps, *rest):
        seconds = 1e-3
        if exe == "step":
            seconds = medians[min(len(made), len(medians) - 1)]
            made.append(seconds)
        return {"seconds": [seconds] * reps, "held": [1.0] * reps, "calls_per_rep": 1}, None
    grade.timed = fake
    try:
        step, _, error = grade.time_side_by_side("step", "blas", [9, 9, 9, 1], gen.BENCH, 1.0, "c.bin", lambda n: n)
    finally:
        grade.timed = real
    assert error is None and step["launches"] == len(made), step
    return len(made)


@test
def launches_go_on_until_the_two_fastest_agree():
    first = gen.BENCH["launches"]
    assert gen.BENCH["max_launches"] >= first + 4 and 0 < gen.BENCH["agree"] <= 0.05, gen.BENCH
    slow, fast = 1.3e-3, 1e-3
    # one fast launch among slow ones: more launches until a second one comes within 2% of it
    assert launches_made([slow] * (first - 1) + [fast] + [slow] * 2 + [fast * 1.015]) == first + 3
    assert launches_made([slow] * (first - 1) + [fast] + [slow] * 2 + [fast * 1.03] + [fast * 0.99]) == first + 4
    # a fast level that never comes back: the cap
    assert launches_made([fast] + [slow] * 100) == gen.BENCH["max_launches"]
    # two slow launches agreeing first, then faster ones: still at least `launches`
    assert launches_made([slow, slow] + [fast, fast] + [slow] * 100) == first


SHAPE = [12, 10, 9, 5]


def products(shape, calls):
    """The products of the first `calls` calls of a benchmark on shape, each made anew from its
    operands: the shape's a and b, then each later call's own."""
    import matrices
    m, n, k, seed = shape
    a, b, _ = matrices.problem(m, n, k, seed)
    operands = [(a, b)] + [matrices.call_operands(m, n, k, seed, t) for t in range(1, calls)]
    return [x @ y for x, y in operands], operands


def c0_plus_products(shape, calls):
    import matrices
    return matrices.problem(*shape)[2] + sum(products(shape, calls)[0])


def fake_bench(step_seconds, naive_seconds, calls, final_calls=None, runs=3):
    """check_bench's verdict (a dict) on a made-up grading of SHAPE: one launch per entry of
    step_seconds (each `runs` runs of that many seconds), naive runs per launch as given, the
    reported calls per launch, and final c matrices made of final_calls (default: calls) products."""
    import numpy as np
    import matrices
    m, n, k, seed = SHAPE
    a, b, c0 = matrices.problem(m, n, k, seed)
    folder = tempfile.mkdtemp(prefix="matmul-selftest-")
    try:
        (c0 + a @ b).astype("<f8").tofile(os.path.join(folder, "c.bin"))
        for index, count in enumerate(final_calls or calls, 1):
            # (a forged count is refused before any final c is read: none is made for it here)
            c0_plus_products(SHAPE, count if check.whole(count) and count <= 1000 else 1).astype("<f8").tofile(
                os.path.join(folder, "final%d.bin" % index))
        launches = len(step_seconds)
        step = {"seconds": [s for s in step_seconds for _ in range(runs)], "held": [1.0] * runs * launches,
                "launch_runs": [runs] * launches, "launch_calls": list(calls), "calls_per_rep": 1,
                "launch_calls_per_rep": [1] * launches, "launch_stray_seconds": [0.0] * launches,
                "launch_warm_calls": [c - 1 - runs if isinstance(c, int) else 0 for c in calls],
                "naive_seconds": [s for part in naive_seconds for s in part], "naive_held": [1.0] * sum(map(len, naive_seconds)),
                "naive_launch_runs": [len(part) for part in naive_seconds]}
        blas = {"seconds": [1e-6] * runs, "held": [1.0] * runs}
        result = {"best": 1, "candidates": {"1": {"file": "steps/step1.c", "trial_seconds": 1e-5}}, "step": step,
                  "openblas": blas, "cpus": 1, "cpu": "test"}
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            check.check_bench({"shape": SHAPE, "screen": []}, folder, result)
        return json.loads(out.getvalue())
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@test
def every_timed_call_must_have_added_the_product():
    honest = fake_bench([1e-5, 1e-5], [[1e-3], [1e-3]], [40, 50])
    assert honest["score"] > 0 and "speedup_over_naive" in honest["metrics"], honest
    # a static call counter: only the first call computes, so each final c is c0 + a*b
    lazy = fake_bench([1e-5, 1e-5], [[1e-3], [1e-3]], [40, 50], final_calls=[1, 1])
    assert lazy["score"] == 0 and "timed calls did not compute the product" in lazy["message"], lazy
    # one call skipped in the second launch is enough
    skipped = fake_bench([1e-5, 1e-5], [[1e-3], [1e-3]], [40, 50], final_calls=[40, 49])
    assert skipped["score"] == 0 and "launch 2" in skipped["message"], skipped
    for calls in ([40], [40, 3], [40, "50"], [40, True], [40, None], "40"):
        bad = fake_bench([1e-5, 1e-5], [[1e-3], [1e-3]], calls, final_calls=[40, 50])
        assert bad["score"] == 0 and "did not compute" in bad["message"], (calls, bad)


def launch(calls=40, warm=30, runs=(1e-3,) * 9, per_run=1, stray=0.0):
    """launch_problem's verdict on a one-launch report made of these figures."""
    step = {"launch_calls": [calls], "launch_calls_per_rep": [per_run], "launch_warm_calls": [warm],
            "launch_stray_seconds": [stray]}
    return check.launch_problem(step, 0, list(runs))


@test
def a_launch_must_account_for_its_calls_and_its_time_outside_the_runs():
    assert launch() is None
    # counts that do not add up, or forged past what a launch can make: refused at once
    for bad in (dict(calls=41), dict(warm=-1, calls=9), dict(per_run=0), dict(calls=True), dict(calls="40"),
                dict(calls=1 + 30 + 9 * 1000, per_run=1000)):
        assert "no valid count" in launch(**bad), bad
    started = time.time()
    verdict = fake_bench([1e-5, 1e-5], [[1e-3], [1e-3]], [40, 10 ** 8])
    assert verdict["score"] == 0 and "launch 2: no valid count" in verdict["message"], verdict
    assert time.time() - started < 5, "a forged count must not make the checker work through it"
    # CPU time of the step's outside its runs: 5% of its timed work and 50 ms are allowed
    assert launch(stray=0.05 + 0.05 * 9e-3) is None
    assert "while only the grader's code ran" in launch(stray=0.06)
    assert launch(warm=0, calls=10) is None


@test
def the_final_c_tolerance_is_that_of_the_whole_sum():
    import numpy as np
    import matrices
    m, n, k, seed = SHAPE
    calls = 1000
    made, operands = products(SHAPE, calls)
    c0 = matrices.problem(m, n, k, seed)[2]
    want = c0 + sum(made)
    # every element off by the tolerance of the whole sum, either way: still right
    bound = matrices.TOLERANCE * (np.abs(c0) + sum(np.abs(a) @ np.abs(b) for a, b in operands))
    signs = np.random.default_rng(1).choice([-1.0, 1.0], size=want.shape)
    assert check.final_c_problem(m, n, k, seed, want + 0.999 * signs * bound, calls) is None
    # one call's product missing, or the first call's product added again in its place
    assert "rows of the final c" in check.final_c_problem(m, n, k, seed, want - made[500], calls)
    assert check.final_c_problem(m, n, k, seed, want - made[500] + made[0], calls) is not None
    assert check.final_c_problem(m, n, k, seed, want, calls - 1) is not None
    # every call after the first in float: off by far more than double arithmetic ever is
    single = c0 + made[0]
    for a, b in operands[1:]:
        single = (single.astype(np.float32) + (a.astype(np.float32) @ b.astype(np.float32))).astype(np.float64)
    assert check.final_c_problem(m, n, k, seed, single, calls) is not None


@test
def an_impossible_speed_is_refused():
    m, n, k, _ = SHAPE
    seconds = 2.0 * m * n * k / (1.01 * check.PEAK_GFLOPS_PER_CORE * 1e9)
    verdict = fake_bench([seconds], [[1e-3]], [10])
    assert verdict["score"] == 0 and "invalid" in verdict["message"], verdict
    assert fake_bench([seconds * 1.1], [[1e-3]], [10])["score"] > 0


@test
def the_naive_loop_comes_from_the_step_s_fastest_launch():
    # launch 2 is the step's fastest; its naive run is slower than launch 1's
    verdict = fake_bench([2e-5, 1e-5, 3e-5], [[1e-3], [2e-3], [1e-3]], [10, 10, 10])
    m, n, k, _ = SHAPE
    assert abs(verdict["metrics"]["naive_gflops"]["value"] - round(2.0 * m * n * k / 2e-3 / 1e9, 4)) < 1e-9, verdict
    assert abs(verdict["metrics"]["speedup_over_naive"]["value"] - 200.0) < 1e-9, verdict


STEP_IN_CHILD = r"""
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
/* The work of the naive loop, done by a child process on shared memory while this one waits. */
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    double *shared = mmap(0, sizeof(double) * m * n, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (fork() == 0) {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                double sum = c[i * n + j];
                for (int p = 0; p < k; p++)
                    sum += a[i * k + p] * b[p * n + j];
                shared[i * n + j] = sum;
            }
        _exit(0);
    }
    wait(0);
    for (int i = 0; i < m * n; i++)
        c[i] = shared[i];
    munmap(shared, sizeof(double) * m * n);
}
"""

NAIVE_STEP = open(os.path.join(ROOT, "harness", "naive.c")).read()


BENCH_SHAPE = [160, 150, 140, 7]


def bench(source, reps=6, cpu=None, code_wanted=0):
    """Builds source with the grader's harness and runs `harness bench` (on one CPU when cpu is
    given); returns its report, with the folder of its c files as "folder" (None when the program
    ended with code_wanted, not 0)."""
    folder = tempfile.mkdtemp(prefix="matmul-selftest-")
    with open(os.path.join(folder, "step.c"), "w") as f:
        f.write(source)
    build = grade.Build()
    try:
        exe = build.program(os.path.join(folder, "step.c"), "step")
        report = os.path.join(folder, "report.json")
        mask = os.sched_getaffinity(0)
        if cpu is not None:
            os.sched_setaffinity(0, {cpu})
        try:
            code, err = grade.run_harness(exe, ["bench", report, os.path.join(folder, "c.bin"), os.path.join(folder, "final.bin")]
                                          + [str(x) for x in BENCH_SHAPE] + [str(reps), "2"], timeout=60)
        finally:
            os.sched_setaffinity(0, mask)
        assert code == code_wanted, (code, err)
        return dict(grade.read_report(report)[0], folder=folder) if code == 0 else None
    finally:
        build.close()


STATIC_COUNTER = r"""
/* The naive loop on the first call only: every later call returns at once. */
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    static int calls;
    if (calls++)
        return;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                c[i * n + j] += a[i * k + p] * b[p * n + j];
}
"""

# Keeps the product for later calls on the same pointers: the labelled solution's step 2.
HIJACK = r"""
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>
/* Makes a's pages read-only, so that whoever writes a next (the grader's refresh) faults, and does
 * the call's work in the fault's handler, where it would not be timed. */
static const double *pa, *pb;
static double *pc;
static int pm, pn, pk;
static char *low;
static size_t length;
static void later(int signal)
{
    (void)signal;
    mprotect(low, length, PROT_READ | PROT_WRITE);
    for (int i = 0; i < pm; i++)
        for (int j = 0; j < pn; j++)
            for (int p = 0; p < pk; p++)
                pc[i * pn + j] += pa[i * pk + p] * pb[p * pn + j];
}
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    static int armed;
    if (!armed++)
        signal(SIGSEGV, later);
    pa = a, pb = b, pc = c, pm = m, pn = n, pk = k;
    long page = sysconf(_SC_PAGESIZE);
    low = (char *)((uintptr_t)a & ~(uintptr_t)(page - 1));
    length = ((size_t)((const char *)(a + (long)m * k) - low) + page - 1) / page * page;
    mprotect(low, length, PROT_READ);
}
"""

LIBRARY_NAME = r"""
#include <stddef.h>
/* A memcpy of its own: linked into the grader's program, it would serve the grader's copies too. */
void *memcpy(void *to, const void *from, size_t size)
{
    char *t = to;
    const char *s = from;
    while (size--)
        *t++ = *s++;
    return to;
}
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                c[i * n + j] += a[i * k + p] * b[p * n + j];
}
"""

CACHED_PRODUCT = open(os.path.join(ROOT, "solutions", "caches-product", "steps", "step2.c")).read()

SPINNER = r"""
#include <pthread.h>
/* The naive loop, plus a thread that spins from the first call on: on the same core it takes half
 * of the naive loop's wall time, between the step's calls. */
static void *spin(void *arg) { for (volatile long i = 0;; i++); return arg; }
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    static int started;
    pthread_t thread;
    if (!started++)
        pthread_create(&thread, 0, spin, 0);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                c[i * n + j] += a[i * k + p] * b[p * n + j];
}
"""

LEFTOVER_CHILD = r"""
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
/* The naive loop, plus a child (started on the first call) that outlives the program. */
void f(int m, int n, int k, const double *a, const double *b, double *c)
{
    static int started;
    if (!started++) {
        pid_t pid = fork();
        if (pid == 0) {
            for (;;)
                pause();
        }
        FILE *out = fopen(getenv("LEFTOVER_PID"), "w");
        fprintf(out, "%d\n", (int)pid);
        fclose(out);
    }
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                c[i * n + j] += a[i * k + p] * b[p * n + j];
}
"""


def final_verdict(report):
    m, n, k, seed = BENCH_SHAPE
    try:
        return check.final_c_problem(m, n, k, seed, check.read_c(report["folder"], "final.bin", m, n), report["calls"])
    finally:
        shutil.rmtree(report["folder"], ignore_errors=True)


@harness_test
def every_timed_run_reports_the_share_of_its_core():
    report = bench(NAIVE_STEP)
    for seconds, held in (("seconds", "held"), ("naive_seconds", "naive_held")):
        assert len(report[seconds]) == len(report[held]) > 0, report
        assert all(0 < h <= 1 for h in report[held]), report[held]


@harness_test
def the_harness_reports_every_call_and_the_final_c():
    honest = bench(NAIVE_STEP)
    assert honest["calls"] > len(honest["seconds"]) * honest["calls_per_rep"], honest
    assert final_verdict(honest) is None
    lazy = bench(STATIC_COUNTER)
    assert lazy["calls"] > 1 and final_verdict(lazy) is not None, lazy


def one_launch(report):
    """launch_problem's verdict on a report of `harness bench`, as the driver merges it."""
    merged = grade.merged([report])
    timed = check.timed_runs(merged, "seconds", "held")
    return check.launch_problem(merged, 0, timed[0])


@harness_test
def an_honest_step_accounts_for_its_calls_and_works_only_inside_them():
    report = bench(NAIVE_STEP)
    try:
        assert report["warm_calls"] >= 0 and report["stray_seconds"] < 0.05, report
        assert one_launch(report) is None, one_launch(report)
    finally:
        shutil.rmtree(report["folder"], ignore_errors=True)


@harness_test
def a_step_still_working_while_the_naive_loop_runs_is_caught():
    report = bench(SPINNER, cpu=min(os.sched_getaffinity(0)))
    try:
        assert "while only the grader's code ran" in (one_launch(report) or ""), report
    finally:
        shutil.rmtree(report["folder"], ignore_errors=True)


@harness_test
def a_step_cannot_run_its_code_inside_the_grader_s_refresh():
    # the fault comes while every signal is blocked: the program ends at once (a runtime error)
    assert bench(HIJACK, code_wanted=-11) is None


@harness_test
def a_step_may_not_define_the_c_library_s_names():
    folder = tempfile.mkdtemp(prefix="matmul-selftest-")
    build = grade.Build()
    try:
        with open(os.path.join(folder, "step1.c"), "w") as f:
            f.write(LIBRARY_NAME)
        try:
            build.program(os.path.join(folder, "step1.c"), "step1")
            raise AssertionError("a step defining memcpy was linked")
        except grade.CompileError as e:
            assert "defines memcpy" in e.log and "make it static" in e.log, e.log
        with open(os.path.join(folder, "step1.c"), "w") as f:
            f.write(LIBRARY_NAME.replace("void *memcpy(", "static void *copy(").replace("return to;", "return to; }\nvoid *unused(void *to) { return copy(to, to, 0);"))
        build.program(os.path.join(folder, "step1.c"), "step1")
    finally:
        build.close()
        shutil.rmtree(folder, ignore_errors=True)


@harness_test
def every_call_gets_new_matrices_so_no_product_can_be_kept():
    assert final_verdict(bench(NAIVE_STEP)) is None
    kept = bench(CACHED_PRODUCT)
    assert not kept["a_changed"] and not kept["b_changed"], kept
    assert kept["calls"] > 1 and final_verdict(kept) is not None, kept


@harness_test
def a_spinning_thread_does_not_slow_the_naive_loop():
    cpu = min(os.sched_getaffinity(0))
    quiet = check.median(check.timed_runs(bench(NAIVE_STEP, cpu=cpu), "naive_seconds", "naive_held")[0])
    spun = check.median(check.timed_runs(bench(SPINNER, cpu=cpu), "naive_seconds", "naive_held")[0])
    # counted by wall time (or the process's CPU time) the naive loop would take about twice as long
    assert spun < 1.4 * quiet, (spun, quiet)


@harness_test
def no_process_of_a_launch_outlives_it():
    folder = tempfile.mkdtemp(prefix="matmul-selftest-")
    os.environ["LEFTOVER_PID"] = os.path.join(folder, "pid")
    try:
        bench(LEFTOVER_CHILD)
        with open(os.path.join(folder, "pid")) as f:
            pid = int(f.read())
        for _ in range(100):  # SIGKILL is sent when the launch ends; the child is gone a moment later
            try:
                with open("/proc/%d/stat" % pid) as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except OSError:
                state = "gone"
            if state in ("gone", "Z", "X"):
                break
            time.sleep(0.02)
        assert state in ("gone", "Z", "X"), state
    finally:
        del os.environ["LEFTOVER_PID"]
        shutil.rmtree(folder, ignore_errors=True)


@harness_test
def a_step_is_charged_for_the_work_of_its_child_processes():
    if not os.path.exists("/sys/fs/cgroup/cpu.stat") and not os.path.exists("/sys/fs/cgroup/cpuacct/cpuacct.usage"):
        raise AssertionError("no cgroup CPU counter here: run this in the intern/matmul image")
    # The child runs the naive loop while the parent waits: counted by the parent's CPU time alone,
    # it would look many times faster than the naive loop itself.
    in_child = check.median(check.timed_runs(bench(STEP_IN_CHILD), "seconds", "held")[0])
    naive = check.median(check.timed_runs(bench(NAIVE_STEP), "seconds", "held")[0])
    assert in_child > 0.5 * naive, (in_child, naive)


def main(argv):
    passed = failed = 0
    # The harness tests run wherever gcc is (the task's image, as `./intern test` runs this file);
    # --harness insists on them, --no-harness skips them.
    harness = "--harness" in argv or ("--no-harness" not in argv and shutil.which("gcc") is not None)
    tests = TESTS + (HARNESS_TESTS if harness else [])
    if not harness:
        print("(%d harness tests not run: they need gcc and an executable /tmp, see selftest/run.py)" % len(HARNESS_TESTS))
    for function in tests:
        try:
            function()
            print("ok    %s" % function.__name__)
            passed += 1
        except Exception:
            print("FAIL  %s\n%s" % (function.__name__, traceback.format_exc()))
            failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
