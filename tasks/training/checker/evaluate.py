"""Runs submitted TorchScript models on hidden data; started by check.py as a child process.

    evaluate.py JOBS.json RESULTS.json

JOBS is a list of {"name", "model", "data"}; for each job the model is loaded with torch.jit.load
(never torch.load: nothing is unpickled but TorchScript's own constants) and run on data["input"].
RESULTS maps each name to its metrics, or to {"error": ...}. A model can print (TorchScript has
print), so the real stdout is pointed at stderr before anything runs: only check.py speaks JSON.
"""
import json
import os
import sys

os.dup2(2, 1)

import numpy as np  # noqa: E402
import torch  # noqa: E402

BATCH = 16


@torch.no_grad()
def predict(model, inputs):
    outputs = []
    for start in range(0, len(inputs), BATCH):
        out = model(torch.from_numpy(inputs[start:start + BATCH]))
        if not isinstance(out, torch.Tensor):
            raise ValueError(f"the model returned {type(out).__name__}, not a tensor")
        outputs.append(out.detach().to(torch.float64).numpy())
    return np.concatenate(outputs)


def metrics(name, output, data):
    target, inputs = data["target"], data["input"]
    if output.shape != target.shape:
        raise ValueError(f"input {tuple(inputs.shape)} gave output {tuple(output.shape)}; expected {tuple(target.shape)}")
    if name == "segment":
        predicted, truth = output > 0, target > 0.5
        inter = (predicted & truth).sum(axis=(1, 2, 3))
        union = (predicted | truth).sum(axis=(1, 2, 3))
        return {"iou": float(np.mean(inter / np.maximum(union, 1))), "count": len(target)}
    error = ((output - target) ** 2).sum(axis=1).reshape(-1)
    error = np.where(np.isfinite(error), error, np.inf)
    worst = int(np.argmax(error))
    pixels = inputs.transpose(0, 2, 3, 1).reshape(-1, 3)
    return {"mean": float(error.mean()), "worst": float(error[worst]), "worst_at": [float(v) for v in pixels[worst]],
            "count": int(error.size)}


def run(job):
    try:
        with np.load(job["data"], allow_pickle=False) as stored:
            data = {k: stored[k] for k in stored.files}
        model = torch.jit.load(job["model"], map_location="cpu")
        model.eval()
        return metrics(job["name"], predict(model, data["input"]), data)
    except Exception as e:  # noqa: BLE001 -- any failure of candidate's model is the candidate's result
        text = str(e).strip().splitlines()
        return {"error": f"{type(e).__name__}: {text[0] if text else ''}"[:300]}


def main(jobs_path, results_path):
    torch.set_num_threads(1)
    with open(jobs_path, encoding="utf-8") as f:
        jobs = json.load(f)
    results = {job["name"]: run(job) for job in jobs}
    with open(results_path, "w", encoding="utf-8") as f:
        json.dump(results, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
