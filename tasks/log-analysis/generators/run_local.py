"""Runs a solution folder on case folders without Docker, for authors; the checker judges.

  python3 generators/run_local.py SOLUTION_DIR CASES_DIR [CASES_DIR...]

Builds first when the solution has `build`. Prints one line per case: verdict, seconds, peak
memory of the run (RSS of the process tree, as the sandbox counts it roughly) and the message.
"""
import json
import os
import resource
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(os.path.dirname(HERE), "checker", "check.py")


def run_case(solution, case, scratch):
    with open(os.path.join(case, "args")) as f:
        args = [a.replace("{input}", os.path.join(case, "input")) for a in f.read().split("\n") if a]
    out_path = os.path.join(scratch, "stdout")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    with open(out_path, "wb") as out:
        code = subprocess.call(["./run"] + args, cwd=solution, stdout=out)
    seconds = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    checked = subprocess.run([sys.executable, CHECKER, os.path.join(case, "input"), out_path, os.path.join(case, "answer")] + args,
                             capture_output=True, text=True, check=True)
    verdict = json.loads(checked.stdout)
    status = "RE" if code else ("AC" if verdict["score"] == 1 else "WA")
    return status, seconds, peak if peak > before else None, verdict["message"]


def main(argv):
    solution = os.path.abspath(argv[0])
    if os.path.exists(os.path.join(solution, "build")):
        subprocess.check_call(["./build"], cwd=solution)
    scratch = os.path.join("/tmp", "run_local_%d" % os.getpid())
    os.makedirs(scratch, exist_ok=True)
    right = total = 0
    for cases_dir in argv[1:]:
        for name in sorted(os.listdir(cases_dir)):
            case = os.path.join(cases_dir, name)
            if not os.path.isfile(os.path.join(case, "args")):
                continue
            status, seconds, peak, message = run_case(solution, case, scratch)
            total += 1
            right += status == "AC"
            print("%-3s %6.2fs %8s  %s: %s" % (status, seconds, "%dMB" % (peak // 1024) if peak else "-", name, message[:300]))
    print("%d of %d right" % (right, total))


if __name__ == "__main__":
    main(sys.argv[1:])
