"""The grader's driver, run in the candidate's sandbox from the case's input folder:

    python3 grade.py check K INPUT OUTPUT   compile steps/stepK.c (or .cc) and run it on the case's shapes
    python3 grade.py bench INPUT OUTPUT     find the fastest correct step and time it beside the naive
                                            loop and OpenBLAS
    python3 grade.py hw INPUT OUTPUT        simulate hw/*.v (module matmul4) with the grader's testbench

It compiles every step exactly as the statement says (`-O0 -march=x86-64-v3 -pthread`) and links
it with harness.c, the grader's main. It judges nothing that counts: it writes what happened to
OUTPUT/result.json and the c matrices to OUTPUT, and the trusted checker recomputes every product
from the seeds. A step that crashes ends this run with exit status 1 (a runtime error); a step
that hangs is stopped by the sandbox's time limit (or, while picking the fastest step, by ours).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["-O0", "-march=x86-64-v3", "-pthread"]
STEP = re.compile(r"^step([1-9])\.(c|cc)$")
HERE = os.path.dirname(os.path.abspath(__file__))
LOG_LIMIT = 4000
# A slow step gets no further launch (after 3) once its runs held the core this long: about what 16
# launches of 9 runs of a fast step (50 to 90 ms each) add up to, so that fast steps rarely stop early.
BUDGET, MIN_LAUNCHES = 12.0, 3
INTEGRITY = ("a_changed", "b_changed", "wrote_before_c", "wrote_after_c")


def steps(root="."):
    """{number: [file names]} of steps/stepK.c and steps/stepK.cc at the submission root."""
    found = {}
    folder = os.path.join(root, "steps")
    if os.path.isdir(folder):
        for name in sorted(os.listdir(folder)):
            match = STEP.match(name)
            if match and os.path.isfile(os.path.join(folder, name)):
                found.setdefault(int(match.group(1)), []).append("steps/" + name)
    return found


def misplaced(root="."):
    """Where the steps are when they are not at the root (a zip with a top folder, say)."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if os.path.basename(folder) == "steps" and folder != os.path.join(root, "steps"):
            if any(STEP.match(f) for f in files):
                return os.path.relpath(folder, root)
    return None


def tail(text):
    return text if len(text) <= LOG_LIMIT else "...\n" + text[-LOG_LIMIT:]


class Build:
    """Compiles the harness and the naive loop once, and links them with one step per call."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="matmul-")
        self.harness = os.path.join(self.dir, "harness.o")
        self.run(["gcc", "-O2", "-march=x86-64-v3", "-c", os.path.join(HERE, "harness.c"), "-o", self.harness])
        # The naive loop rides along in every program, under its own name, to be timed beside the step.
        self.naive = os.path.join(self.dir, "naive-inside.o")
        self.run(["gcc"] + FLAGS + ["-Df=intern_naive_gemm", "-c", os.path.join(HERE, "naive.c"), "-o", self.naive])

    def run(self, command):
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        if done.returncode != 0:
            raise CompileError(" ".join(command), done.stdout)

    def program(self, source, name, libraries=()):
        """Compiles `source` with the fixed flags, links it with the harness; returns the program."""
        compiler = "g++" if source.endswith(".cc") else "gcc"
        obj, exe = os.path.join(self.dir, name + ".o"), os.path.join(self.dir, name)
        self.run([compiler] + FLAGS + ["-c", source, "-o", obj])
        self.refuse_library_names(source, obj)
        self.run([compiler, "-pthread", self.harness, self.naive, obj, "-o", exe] + list(libraries) + ["-lm"])
        return exe

    _library_names = None

    def refuse_library_names(self, source, obj):
        """A step is linked into the harness's program, so a global function of its named like one of
        the C library's (memcpy, clock_gettime, fwrite ...) would replace that function for the
        harness too, which could then time or copy what the step likes. Such a name is refused as if
        the step did not compile."""
        if Build._library_names is None:
            names = set()
            for library in ("libc.so.6", "libm.so.6"):
                path = next((os.path.join(d, library) for d in ("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64")
                             if os.path.exists(os.path.join(d, library))), None)
                if path:
                    done = subprocess.run(["nm", "-D", "--defined-only", path], stdout=subprocess.PIPE, text=True, errors="replace")
                    names.update(line.split()[-1].split("@")[0] for line in done.stdout.splitlines() if line.strip())
            if not names:
                raise CompileError("nm -D --defined-only libc.so.6", "the grader could not read the C library's names")
            Build._library_names = names
        done = subprocess.run(["nm", "-g", "--defined-only", obj], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        clashes = sorted({line.split()[-1] for line in done.stdout.splitlines() if len(line.split()) >= 3} & Build._library_names)
        if done.returncode != 0 or clashes:
            raise CompileError("nm -g --defined-only %s" % os.path.basename(obj), (
                "%s defines %s, a name of the C library's: the grader's own code, linked into the same program, would call "
                "yours instead. Rename it, or make it static." % (source, ", ".join(clashes[:5]))) if clashes else done.stdout)

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


class CompileError(Exception):
    def __init__(self, command, log):
        super().__init__(command)
        self.command, self.log = command, log


def shape_args(shapes):
    return [str(x) for shape in shapes for x in shape]


def read_report(path):
    try:
        with open(path) as f:
            return [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError):
        return []


def signal_name(code):
    import signal
    try:
        return signal.Signals(-code).name
    except ValueError:
        return "signal %d" % -code


def run_harness(exe, args, timeout=None, capture=True):
    """Runs the harness; returns (exit code or None on timeout, its stderr when captured).
    Uncaptured, its progress lines reach the sandbox's stderr as they happen, so that a run the
    sandbox stops for taking too long still shows the shape it was stuck on.
    The harness runs in a session of its own, whose processes are all killed when it ends: a step
    cannot leave a thread's process or a child spinning on the core while the next program (the
    naive loop's, OpenBLAS's) is timed."""
    import threading
    process = subprocess.Popen([exe] + args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE if capture else None,
                               errors="replace", text=True, start_new_session=True)
    err = []
    reader = threading.Thread(target=lambda: err.append(process.stderr.read()), daemon=True) if capture else None
    if reader:
        reader.start()
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        code = None
    kill_group(process.pid)
    if code is None:
        process.wait()
    if reader:
        reader.join(5)  # a process that left the session can keep the pipe open: do not wait for it
    return code, "".join(err)


def kill_group(pid):
    import signal
    try:
        os.killpg(pid, signal.SIGKILL)
    except OSError:
        pass


def write_result(output, result):
    with open(os.path.join(output, "result.json"), "w") as f:
        json.dump(result, f, indent=1)


def check(number, input_dir, output):
    with open(os.path.join(input_dir, "case.json")) as f:
        case = json.load(f)
    present = steps()
    result = {"mode": "check", "step": number, "present": sorted(present), "flags": " ".join(FLAGS)}
    if not present:
        result["misplaced"] = misplaced()
        return write_result(output, result)
    files = present.get(number, [])
    if len(files) != 1:
        result["files"] = files
        return write_result(output, result)
    result["file"] = files[0]
    try:
        build = Build()
    except CompileError as e:
        result["platform_error"] = "the grader's harness did not compile: %s\n%s" % (e.command, tail(e.log))
        return write_result(output, result)
    try:
        exe = build.program(files[0], "step%d" % number)
    except CompileError as e:
        result.update(compile_command=e.command, compile_log=tail(e.log))
        build.close()
        return write_result(output, result)
    report = os.path.join(build.dir, "report.jsonl")
    code, _ = run_harness(exe, ["check", report, output] + shape_args(case["shapes"]), capture=False)
    result["shapes"] = read_report(report)
    build.close()
    if code == 4:
        result["no_f"] = True
    write_result(output, result)
    if code not in (0, 4):
        what = "ended with %s" % signal_name(code) if code < 0 else "exited with status %d" % code
        sys.stderr.write("%s %s while running the shape above\n" % (files[0], what))
        return 1
    return 0


def timed(exe, shape, reps, c_file, report, timeout, naive_reps=0, final_file=None):
    """One launch of `harness bench`: c after the first call goes to c_file, c after the last
    call to final_file (c_file + ".final" when not given)."""
    args = ["bench", report, c_file, final_file or c_file + ".final"] + [str(x) for x in shape] + [str(reps), str(naive_reps)]
    code, err = run_harness(exe, args, timeout)
    lines = read_report(report)
    if code != 0 or not lines:
        return None, ("did not finish within %.0f s" % timeout if code is None
                      else "ended with %s" % signal_name(code) if code < 0 else "exited with status %d" % code) + (
            "\n" + tail(err) if err else "")
    if not isinstance(lines[0], dict):
        return None, "left a malformed timing report"
    return lines[0], None


def merged(parts):
    """One report from those of several launches of a program: the first launch's, with the runs
    of all of them in launch order, how many of them each launch made (launch_runs, and
    naive_launch_runs for the naive loop inside), so the checker can split them again and take
    the fastest launch, how many calls of the step each made (launch_calls: the checker compares
    each launch's final c with c0 plus the products of its calls) and how (launch_calls_per_rep,
    launch_warm_calls), the stray CPU time of each (launch_stray_seconds), and every broken promise
    of any of them."""
    report = dict(parts[0], launches=len(parts))
    for key in ("calls", "calls_per_rep", "warm_calls", "stray_seconds"):
        report["launch_" + key] = [part.get(key) for part in parts]
    for key in ("seconds", "held", "naive_seconds", "naive_held"):
        if key in report:
            report[key] = [x for part in parts for x in part.get(key, [])]
    for key, runs in (("launch_runs", "seconds"), ("naive_launch_runs", "naive_seconds")):
        if runs in report:
            report[key] = [len(part.get(runs, [])) for part in parts]
    for key in INTEGRITY:
        report[key] = any(part.get(key) for part in parts)
    return report


def held_seconds(parts):
    """How long the launches' runs held the core, in all (0 when a report is garbled)."""
    try:
        return sum(float(s) * float(h) * part["calls_per_rep"] for part in parts for s, h in zip(part["seconds"], part["held"]))
    except (KeyError, TypeError, ValueError):
        return 0.0


def launch_median(part):
    """The median held time per call of one launch's runs; None when its report is garbled."""
    try:
        held = sorted(float(s) * float(h) for s, h in zip(part["seconds"], part["held"]))
    except (KeyError, TypeError, ValueError):
        return None
    return (held[(len(held) - 1) // 2] + held[len(held) // 2]) / 2 if held else None


def settled(parts, agree):
    """True when the two fastest launches so far agree within `agree` (a fraction) on their median:
    the fast level was met twice, not once by chance. A garbled report settles it (the checker
    refuses it anyway)."""
    medians = [launch_median(part) for part in parts]
    if any(m is None or m <= 0 for m in medians):
        return True
    fastest = sorted(medians)[:2]
    return len(fastest) < 2 or fastest[1] <= fastest[0] * (1 + agree)


def time_side_by_side(exe, openblas, shape, case, limit, c_file, scratch):
    """Times the chosen step (with the naive loop inside) and OpenBLAS in alternate launches of
    their programs. One launch of a step can run a quarter slower than the next on the same machine
    (the machine's other tenants come and go in phases of seconds; where its memory lands matters
    too), while the runs inside a launch agree closely: the checker takes the launch with the lowest median time,
    so several launches give every grading several chances at a quiet moment. Alternating lets
    the machine's changes hit both alike. The case gives the runs per launch (launch_reps), the
    launches (at least `launches`, then more, up to `max_launches`, until the two fastest agree
    within `agree`) and the naive runs (naive_reps over `launches`, at least one per launch).
    The first launch's first-call c goes to c_file; every launch's final c goes beside it, as
    final1.bin, final2.bin, ... (the checker verifies them all).
    Returns (step report, OpenBLAS report, step error)."""
    launches = case.get("launches", 1)
    most, agree = max(launches, case.get("max_launches", launches)), case.get("agree", 0.0)
    reps, naive_reps = case["launch_reps"], max(1, case["naive_reps"] // launches)
    steps, blas = [], []
    for launch in range(most):
        part, error = timed(exe, shape, reps, c_file if launch == 0 else scratch("again.bin"), scratch("best.json"),
                            20 * limit, naive_reps, os.path.join(os.path.dirname(c_file), "final%d.bin" % (launch + 1)))
        if error:
            return None, None, error
        steps.append(part)
        if openblas:
            part, error = timed(openblas, shape, reps, scratch("openblas.bin"), scratch("openblas.json"), 600)
            if error:
                raise RuntimeError("OpenBLAS failed: " + error)
            blas.append(part)
        if launch + 1 >= MIN_LAUNCHES and held_seconds(steps) >= BUDGET:  # a slow step: enough runs
            break
        if launch + 1 >= launches and settled(steps, agree):
            break
    return merged(steps), merged(blas) if blas else None, None


def fastest(runs):
    """The shortest time per call of a trial's runs, counting only the time the sandbox held its
    core: the trial ranks the steps, and neither the other work on the machine nor one slow run
    should decide which step is timed. None when the step's process garbled the report."""
    try:
        return min(float(s) * float(h) for s, h in zip(runs["seconds"], runs["held"]))
    except (KeyError, TypeError, ValueError):
        return None


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def bench(input_dir, output, lint_dir=None):
    with open(os.path.join(input_dir, "case.json")) as f:
        case = json.load(f)
    sys.path.insert(0, lint_dir or input_dir)
    import lint
    shape, screen = case["shape"], case["screen"]
    present = steps()
    forbidden = {}
    for finding in lint.findings("."):
        number = int(re.search(r"step([1-9])", finding["tests"][0]).group(1))
        forbidden.setdefault(number, "%s:%d: %s" % (finding["file"], finding["line"], finding["message"]))
    result = {"mode": "bench", "present": sorted(present), "shape": shape, "flags": " ".join(FLAGS),
              "cpus": len(os.sched_getaffinity(0)), "cpu": cpu_model(), "candidates": {}}
    try:
        build = Build()
    except CompileError as e:
        result["platform_error"] = "the grader's harness did not compile: %s\n%s" % (e.command, tail(e.log))
        return write_result(output, result) or 0

    def scratch(name):
        return os.path.join(build.dir, name)

    try:
        naive = build.program(os.path.join(HERE, "naive.c"), "naive")
        try:
            openblas = build.program(os.path.join(HERE, "openblas.c"), "openblas", ["-lopenblas"])
        except CompileError as e:
            if case.get("openblas", True):  # the grader always has it; tools/try.py may not
                raise
            openblas, result["openblas_missing"] = None, e.log.strip().split("\n")[0]
        passed = {}
        for number in sorted(present):
            files = present[number]
            entry = result["candidates"].setdefault(str(number), {"file": " and ".join(files)})
            if len(files) != 1:
                entry["skipped"] = "two files for one step"
            elif number in forbidden:
                entry["skipped"] = "forbidden: " + forbidden[number]
            if "skipped" in entry:
                continue
            sys.stderr.write("checking %s on small shapes\n" % files[0])
            try:
                exe = build.program(files[0], "step%d" % number)
            except CompileError:
                entry["skipped"] = "does not compile"
                continue
            code, _ = run_harness(exe, ["verify", scratch("verify.json")] + shape_args(screen), case["screen_timeout"])
            checked = read_report(scratch("verify.json"))
            if code != 0 or len(checked) != len(screen):
                entry["skipped"] = "failed on a small shape: " + ("timed out" if code is None else "crashed")
                continue
            wrong = [s for s in checked if s["wrong"] or any(s[key] for key in INTEGRITY)]
            if wrong:
                entry["skipped"] = "wrong on m=%(m)d n=%(n)d k=%(k)d" % wrong[0]
                continue
            passed[number] = exe
        if passed:
            sys.stderr.write("a trial of the naive loop\n")
            result["naive_trial"], error = timed(naive, shape, 0, scratch("naive.bin"), scratch("naive.json"), 600)
            if error:
                raise RuntimeError("the naive baseline failed: " + error)
            limit = case["screen_timeout"] + 3 * median(result["naive_trial"]["seconds"])
        for number, exe in passed.items():
            entry = result["candidates"][str(number)]
            sys.stderr.write("trying %s on the benchmark shape\n" % entry["file"])
            trial, error = timed(exe, shape, 0, scratch("trial.bin"), scratch("trial.json"), limit)
            if error:
                entry["skipped"] = error.split("\n")[0]
                continue
            entry["trial_seconds"] = fastest(trial)
            if entry["trial_seconds"] is None:
                entry["skipped"] = "its trial left a malformed report"
                continue
            entry["exe"] = exe
        ready = {n: e for n, e in result["candidates"].items() if "exe" in e}
        if ready:
            best = min(ready, key=lambda n: ready[n]["trial_seconds"])
            result["best"] = int(best)
            sys.stderr.write("timing step %s beside the naive loop%s\n" % (
                best, ", alternating with OpenBLAS" if openblas else ""))
            step, blas, error = time_side_by_side(ready[best]["exe"], openblas, shape, case, limit,
                                                  os.path.join(output, "c.bin"), scratch)
            if error:
                result["step_error"] = error
            else:
                result["step"] = step
                if blas:
                    result["openblas"] = blas
        for entry in result["candidates"].values():
            entry.pop("exe", None)
    except CompileError as e:
        # The grader's own code failing is the platform's problem: the checker reports it as such.
        result["platform_error"] = "the grader's own code did not compile: %s\n%s" % (e.command, tail(e.log))
    except RuntimeError as e:
        result["platform_error"] = str(e)
    finally:
        build.close()
    write_result(output, result)
    return 0


def hardware(input_dir, output):
    with open(os.path.join(input_dir, "case.json")) as f:
        case = json.load(f)
    sources = sorted("hw/" + name for name in os.listdir("hw") if name.endswith(".v")) if os.path.isdir("hw") else []
    result = {"mode": "hw", "sources": sources}
    if "hw/matmul.v" not in sources:
        result["absent"] = True
        return write_result(output, result)
    folder = tempfile.mkdtemp(prefix="matmul-hw-")
    try:
        sim = os.path.join(folder, "sim")
        command = ["iverilog", "-g2012", "-s", "matmul4_tb", "-o", sim, os.path.join(input_dir, "tb.v")] + sources
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
        if done.returncode != 0:
            result.update(compile_command=" ".join(command), compile_log=tail(done.stdout))
            return write_result(output, result)
        sys.stderr.write("simulating %s\n" % " ".join(sources))
        try:
            run = subprocess.run(["vvp", "-n", sim, "+vectors=" + os.path.join(input_dir, "vectors.hex"),
                                  "+count=%d" % case["count"], "+out=" + os.path.join(output, "hw.txt")],
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace",
                                 timeout=case["timeout"])
            result["log"] = tail(run.stdout)
        except subprocess.TimeoutExpired:
            result["timeout"] = case["timeout"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return write_result(output, result)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def main(argv):
    if len(argv) == 5 and argv[1] == "check" and argv[2].isdigit():
        return check(int(argv[2]), argv[3], argv[4])
    if len(argv) == 4 and argv[1] == "bench":
        return bench(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "hw":
        return hardware(argv[2], argv[3])
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
