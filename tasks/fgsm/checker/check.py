"""Checker of fgsm, run by the grader as: check.py INPUT OUTPUT ANSWER MODE [ARGS...]

MODE and ARGS are the case's own arguments with the placeholders replaced:
  predict PARAMS IMAGES                    OUTPUT is the candidate's stdout, ANSWER the expected lines
  fgsm PARAMS IMAGES LABELS EPS OUT_DIR    OUTPUT is the folder the candidate wrote; the reference
                                           attack is recomputed here from INPUT, never taken from files
  test                                     the candidate's own tests exited 0 (the only way to get here)
Prints {"score", "message", ...} and exits 0; only a broken package makes it fail.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from checker import judge  # noqa: E402


def main(argv):
    input_dir, output, answer, mode, *args = argv
    if mode == "predict":
        report = judge.predictions(output, answer)
    elif mode == "fgsm":
        params, images, labels, eps, out_dir = args
        with open(answer, encoding="utf-8") as f:
            case = json.load(f)["case"]
        report = judge.attack(params, images, labels, float(eps), out_dir, case, artifacts="/box/check/artifacts")
    elif mode == "test":
        report = {"score": 1.0, "message": "./run test exited 0"}
    else:
        raise SystemExit("unknown case mode %r" % mode)
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
