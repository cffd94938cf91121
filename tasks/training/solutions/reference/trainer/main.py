"""Entry point of ./run: train, dataset and evaluate."""
import sys
import time
from pathlib import Path

import numpy as np
import torch

import colour
import segment

MODELS = ("rgb2lab", "lab2rgb", "segment")
# Shares of the CPU budget left after start-up; the rest is a margin for saving and for a busy machine.
SHARES = {"rgb2lab": 0.25, "lab2rgb": 0.25, "segment": 0.40}


def logger(name):
    def log(step, loss):
        print(f"{name} step={step} loss={loss:.6g}", flush=True)
    return log


def save(net, path):
    """TorchScript, loadable without this code: torch.jit.load(path) gives back the network."""
    torch.jit.save(torch.jit.script(net), path)


def train(out_dir, budget):
    torch.set_num_threads(1)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    left = budget - time.process_time()
    nets = {
        "rgb2lab": lambda s: colour.train(False, s, logger("rgb2lab"), clock=time.process_time),
        "lab2rgb": lambda s: colour.train(True, s, logger("lab2rgb"), clock=time.process_time),
        "segment": lambda s: segment.train(s, logger("segment"), clock=time.process_time),
    }
    for name in MODELS:
        net = nets[name](left * SHARES[name])
        save(net, str(out / f"{name}.pt"))
    print(f"done in {time.process_time():.1f} s of CPU (budget {budget:g} s)", flush=True)


def dataset(n, seed, path):
    pairs = colour.ColourPairs(n, seed)
    np.savez(path, input=pairs.inputs.numpy(), target=pairs.targets.numpy())


def evaluate(models_dir):
    models = Path(models_dir)
    for name, inverse in (("rgb2lab", False), ("lab2rgb", True)):
        mean, worst = colour.evaluate(torch.jit.load(str(models / f"{name}.pt")), inverse)
        print(f"{name}: mean squared error {mean:.4g}, worst {worst:.4g}")
    print(f"segment: mean IoU {segment.evaluate(torch.jit.load(str(models / 'segment.pt'))):.4f}")


def main(argv):
    if len(argv) == 3 and argv[0] == "train":
        train(argv[1], float(argv[2]))
    elif len(argv) == 4 and argv[0] == "dataset":
        dataset(int(argv[1]), int(argv[2]), argv[3])
    elif len(argv) in (1, 2) and argv[0] == "evaluate":
        evaluate(argv[1] if len(argv) == 2 else "models")
    else:
        sys.exit("usage: ./run train OUT_DIR BUDGET_SECONDS | ./run dataset N SEED OUT.npz | ./run evaluate [MODELS_DIR]")


if __name__ == "__main__":
    main(sys.argv[1:])
