"""Skeleton of the command line. Replace every NotImplementedError; split the code into modules as you like."""
import sys
import time

import numpy as np
import torch

from scenes import scenes  # the segmentation scenes, exactly as the grader draws them


def train(out_dir, budget_seconds):
    """Train the three models within budget_seconds of CPU time and save them to out_dir as TorchScript:
    torch.jit.save(torch.jit.script(model), f"{out_dir}/rgb2lab.pt"), and lab2rgb.pt, segment.pt.
    Print one line per logged step, e.g. `rgb2lab step=100 loss=0.0123`: the grader plots them."""
    torch.set_num_threads(1)  # the budget counts the CPU time of every thread
    start = time.process_time()
    raise NotImplementedError("train: see the statement")


def dataset(n, seed, out_path):
    """Write n (input, target) pairs of your colour dataset class: np.savez(out_path, input=..., target=...),
    float32, input RGB in [0, 1] and target OpenCV's Lab, shaped (n, 3) or (n, 3, H, W)."""
    raise NotImplementedError("dataset: see the statement")


def main(argv):
    if argv[:1] == ["train"] and len(argv) == 3:
        train(argv[1], float(argv[2]))
    elif argv[:1] == ["dataset"] and len(argv) == 4:
        dataset(int(argv[1]), int(argv[2]), argv[3])
    else:
        sys.stderr.write("usage: ./run train OUT_DIR BUDGET_SECONDS\n"
                         "       ./run dataset N SEED OUT.npz\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
