"""Generator of the training test groups, run by the grader as: gen.py MODE SEED COUNT OUT_DIR.

Every case is a folder with `answer/case.json` (what the checker judges) and, for model cases, the
hidden data with its ground truth as `answer/<model>.npz`: only the trusted checker sees answers.
Modes (one per group of task.yaml):
  dataset   COUNT cases `./run dataset N SEED {output}/pairs.npz` (the first N = 1000), SEEDs drawn from SEED
  public    COUNT cases judging the three submitted models on data from SEED (a fixed, public seed)
  hidden    COUNT cases judging the three submitted models on larger hidden data, weighted by WEIGHTS
  retrain   COUNT cases `./run train {output} BUDGET`, judging the three fresh models with loose thresholds
Colour data is an offset grid of the RGB cube (common/colour.py) with OpenCV's Lab as truth;
segmentation data are scenes of common/scenes.py.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402

from common import colour, scenes  # noqa: E402

# CPU seconds the retraining may use: the statement quotes this number.
BUDGET_SECONDS = 30
# Grid steps per channel and number of scenes of each kind of case.
SIZES = {"public": (16, 32), "hidden": (24, 96), "retrain": (16, 48)}
MODELS = ("rgb2lab", "lab2rgb", "segment")
# Points of each model in the hidden group (of its 50): one case instead of three saves two loads of torch per grading.
WEIGHTS = {"rgb2lab": 15, "lab2rgb": 15, "segment": 20}


def write_case(folder, case, args=None, data=None):
    os.makedirs(os.path.join(folder, "answer"), exist_ok=True)
    with open(os.path.join(folder, "answer", "case.json"), "w", encoding="utf-8") as f:
        json.dump(case, f, indent=1)
    if args is not None:
        with open(os.path.join(folder, "args"), "w", encoding="utf-8") as f:
            f.write("\n".join(args) + "\n")
    for name, arrays in (data or {}).items():
        np.savez_compressed(os.path.join(folder, "answer", name + ".npz"), **arrays)


def model_data(name, rng, size):
    """Input and target of one model's evaluation: colour grids as images (1, 3, 1, P), or scenes."""
    steps, count = SIZES[size]
    if name == "segment":
        images, masks = scenes.scenes(count, int(rng.integers(2**62)))
        return {"input": images, "target": masks}
    rgb = colour.cube_grid(steps, rng.uniform(0.05, 0.95, 3))
    lab = colour.rgb_to_lab(rgb)
    x, y = (lab, rgb) if name == "lab2rgb" else (rgb, lab)
    return {"input": colour.as_images(x), "target": colour.as_images(y)}


def main(mode, seed, count, out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.Generator(np.random.PCG64(seed))
    for k in range(1, count + 1):
        folder = os.path.join(out, f"{k:02d}" if count > 1 or mode == "dataset" else mode)
        if mode == "dataset":
            n = int(rng.integers(200, 2001)) if k > 1 else 1000
            args = ["dataset", str(n), str(int(rng.integers(0, 10**6))), "{output}/pairs.npz"]
            write_case(folder, {"kind": "dataset", "n": n}, args)
        elif mode in ("public", "hidden"):
            case = {"kind": "models", "models": list(MODELS), "thresholds": "submitted", "folder": "models"}
            if mode == "hidden":
                case["weights"] = WEIGHTS
            write_case(folder, case, data={n: model_data(n, rng, mode) for n in MODELS})
        elif mode == "retrain":
            write_case(folder, {"kind": "models", "models": list(MODELS), "thresholds": "retrained", "folder": "",
                                "budget": BUDGET_SECONDS},
                       ["train", "{output}", str(BUDGET_SECONDS)], {n: model_data(n, rng, "retrain") for n in MODELS})
        else:
            raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
