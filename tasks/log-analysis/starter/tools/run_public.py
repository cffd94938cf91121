"""Runs ./run on every public case and judges it as the grader does (tools/check.py).

  python3 tools/run_public.py [CASE_NAME_PREFIX...]    (from the root of your submission)

Runs ./build first when there is one. Prints, per case, the verdict, the wall time and the
checker's message; the last line counts the cases right.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CASES = os.path.join(ROOT, "tests", "public")


def main(prefixes):
    if os.path.exists(os.path.join(ROOT, "build")):
        subprocess.check_call(["./build"], cwd=ROOT)
    right = total = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name in sorted(os.listdir(CASES)):
            if prefixes and not name.startswith(tuple(prefixes)):
                continue
            case = os.path.join(CASES, name)
            with open(os.path.join(case, "args")) as f:
                args = [a.replace("{input}", os.path.join(case, "input")) for a in f.read().split("\n") if a]
            output = os.path.join(scratch, "stdout")
            start = time.monotonic()
            with open(output, "wb") as out:
                code = subprocess.call(["./run"] + args, cwd=ROOT, stdout=out)
            seconds = time.monotonic() - start
            judged = subprocess.run([sys.executable, os.path.join(HERE, "check.py"), os.path.join(case, "input"), output,
                                     os.path.join(case, "answer")] + args, capture_output=True, text=True, check=True)
            result = json.loads(judged.stdout)
            verdict = "RE (exit %d)" % code if code else "AC" if result["score"] == 1 else "WA"
            total += 1
            right += verdict == "AC"
            print("%-12s %6.2f s  %s\n             %s" % (verdict, seconds, name, result["message"]))
    print("%d of %d public cases right" % (right, total))
    return 0 if right == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
