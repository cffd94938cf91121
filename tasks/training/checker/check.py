"""Checker of training, run by the grader as: check.py INPUT OUTPUT ANSWER [ARGS...]

ANSWER/case.json says what to judge:
  {"kind": "dataset", "n": N}   OUTPUT/pairs.npz written by `./run dataset N SEED {output}/pairs.npz`
  {"kind": "models", "models": [...], "thresholds": "submitted" | "retrained", "folder": F, "weights": {...}}
        each model OUTPUT/F/<name>.pt run on ANSWER/<name>.npz, the case's score the weighted mean
        (equal weights when none are given). F is "models" for the submitted
        models (declared outputs of the submission) and "" for the retraining, whose {output} files
        sit at OUTPUT's top; the retraining's loss lines (stdout) become an SVG artifact.
Models are run only by evaluate.py, in a child process with a time limit, after a check that the
file is a TorchScript archive. Prints {"score", "message", ...} and exits 0.
"""
import filecmp
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from checker import dataset, losses, models  # noqa: E402

EVALUATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "evaluate.py")
EVALUATION_SECONDS = 60


def evaluate(jobs):
    """Metrics of each job, or {"error": ...}; a model that hangs or crashes the process fails alone."""
    with tempfile.TemporaryDirectory() as tmp:
        jobs_path, results_path = os.path.join(tmp, "jobs.json"), os.path.join(tmp, "results.json")
        with open(jobs_path, "w", encoding="utf-8") as f:
            json.dump(jobs, f)
        try:
            child = subprocess.run([sys.executable, "-B", EVALUATE, jobs_path, results_path], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, timeout=EVALUATION_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            return {job["name"]: {"error": f"running the models took over {EVALUATION_SECONDS} s"} for job in jobs}
        if child.returncode != 0 or not os.path.exists(results_path):
            tail = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
            return {job["name"]: {"error": f"the evaluation process died ({child.returncode}): {tail[0][:200]}"} for job in jobs}
        with open(results_path, encoding="utf-8") as f:
            return json.load(f)


def judge_models(output, answer, case):
    # The grader's layout: the run's stdout and the artifact folder sit beside OUTPUT (/box/check/...).
    stdout_path, artifacts = (os.path.join(os.path.dirname(output), n) for n in ("stdout", "artifacts"))
    folder = os.path.join(output, case["folder"])
    lines, fractions, jobs = {}, {}, []
    for name in case["models"]:
        path = os.path.join(folder, name + ".pt")
        shown = os.path.join(case["folder"], name + ".pt")
        problem = models.torchscript_problem(path)
        submitted = os.path.join(output, "models", name + ".pt")
        if problem is None and case["thresholds"] == "retrained" and os.path.isfile(submitted) and filecmp.cmp(path, submitted, shallow=False):
            problem = "byte for byte the submitted models/" + name + ".pt: the retraining must train it, not copy it"
        if problem is None:
            jobs.append({"name": name, "model": path, "data": os.path.join(answer, name + ".npz")})
        else:
            fractions[name], lines[name] = 0.0, f"{name}: {shown} is {problem}"
    for name, result in (evaluate(jobs) if jobs else {}).items():
        if "error" in result:
            fractions[name], lines[name] = 0.0, f"{name}: running {os.path.join(case['folder'], name + '.pt')} failed: {result['error']}"
        else:
            fractions[name], lines[name] = models.score(name, result, case["thresholds"])
    names = case["models"]
    weights = case.get("weights") or {n: 1 for n in names}
    score = sum(fractions[n] * weights[n] for n in names) / sum(weights[n] for n in names)
    if "weights" in case:
        lines = {n: f"{lines[n]} of {weights[n]} points" for n in names}
    report = {"score": round(score, 6), "message": "\n".join(lines[n] for n in names)}
    if case["thresholds"] == "retrained":
        report["message"] = f"retrained within the CPU budget of {case['budget']} s\n" + report["message"]
        curves = losses.parse(stdout_path)
        if curves:
            with open(os.path.join(artifacts, "loss.svg"), "w", encoding="utf-8") as f:
                f.write(losses.svg(curves))
            report["artifacts"] = [{"name": "Loss curves of the retraining", "media_type": "image/svg+xml", "path": "loss.svg"}]
            report["message"] += "\nloss lines: " + ", ".join(f"{n} {len(p)}" for n, p in curves.items())
        else:
            report["message"] += "\nno loss lines (`MODEL step=N loss=X`) in the output: no loss curve to show"
    return report


def main(argv):
    input_dir, output, answer = argv[:3]
    with open(os.path.join(answer, "case.json"), encoding="utf-8") as f:
        case = json.load(f)
    if case["kind"] == "dataset":
        report = dataset.judge(os.path.join(output, "pairs.npz"), case["n"])
    elif case["kind"] == "models":
        report = judge_models(output, answer, case)
    else:
        raise SystemExit(f"unknown case kind {case['kind']!r}")
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
