"""The matmul package's own tests of its timing: python3 selftest/run.py [--harness]

It checks what `intern tasks check` cannot see from scores alone: a run counts only the time the
sandbox held its core (the checker's arithmetic, malformed shares refused), the confidence interval
the statement promises, that a trial ranks steps by their fastest run, and that the launches of a
program merge into one report. With --harness it also builds and runs the real harness: every
timed run reports its share, and a step which hands its work to a child process is charged for
the child's time. Those need a /tmp that allows programs
to run, which `./intern test` does not give (its tmpfs is noexec), so run them in the image with:
    docker run --rm --network none --cpuset-cpus 1 --tmpfs /tmp:exec -v "$PWD/tasks/matmul:/task:ro" \\
        -w /task intern/matmul python3 -B selftest/run.py --harness
Prints one line per test and 'N passed, N failed'; exits 1 on any failure.
"""
import os
import subprocess
import sys
import tempfile
import traceback

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, os.path.join(ROOT, "checker"))
sys.path.insert(0, os.path.join(ROOT, "harness"))

import check  # noqa: E402
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
    assert report["b_changed"] and not report["a_changed"], report
    assert grade.held_seconds([clean]) == 2 * (1.0 + 1.0), grade.held_seconds([clean])
    assert grade.held_seconds([{"seconds": "x"}]) == 0.0


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


def bench(source, reps=6):
    """Builds source with the grader's harness and runs `harness bench`; returns its report."""
    folder = tempfile.mkdtemp(prefix="matmul-selftest-")
    with open(os.path.join(folder, "step.c"), "w") as f:
        f.write(source)
    build = grade.Build()
    try:
        exe = build.program(os.path.join(folder, "step.c"), "step")
        report = os.path.join(folder, "report.json")
        code, err = grade.run_harness(exe, ["bench", report, os.path.join(folder, "c.bin"), "160", "150", "140", "7",
                                            str(reps), "2"], timeout=60)
        assert code == 0, err
        return grade.read_report(report)[0]
    finally:
        build.close()


@harness_test
def every_timed_run_reports_the_share_of_its_core():
    report = bench(NAIVE_STEP)
    for seconds, held in (("seconds", "held"), ("naive_seconds", "naive_held")):
        assert len(report[seconds]) == len(report[held]) > 0, report
        assert all(0 < h <= 1 for h in report[held]), report[held]


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
    tests = TESTS + (HARNESS_TESTS if "--harness" in argv else [])
    if "--harness" not in argv:
        print("(%d harness tests not run: they need --harness and an executable /tmp, see selftest/run.py)" % len(HARNESS_TESTS))
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
