"""Writes the known-bad solutions' models/ from the reference's, run by hand after retraining the reference:

    docker run --rm --network none -u "$(id -u)" -v "$PWD/tasks/training:/pkg" -w /pkg intern/training python3 -B tools/derive-bad-models.py

Each is what that solution's code would converge to, without training it for minutes:
  over-budget      the reference's files (its only bug is in ./run train)
  swapped-pairs    the reference's colour models exchanged: trained on (Lab, RGB) pairs, "rgb2lab" maps Lab to RGB
  uint8-lab        the reference's colour models with OpenCV's 8-bit Lab map (L * 2.55, a + 128, b + 128)
                   folded into the last convolution of rgb2lab and undone in the first of lab2rgb
  pickled-models   the reference's networks saved with torch.save (a pickle), as its code saves them
"""
import os
import shutil
import sys

import torch

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "solutions")
sys.path.insert(0, os.path.join(ROOT, "reference", "trainer"))

import colour  # noqa: E402
import segment  # noqa: E402

SCALE, SHIFT = torch.tensor([2.55, 1.0, 1.0]), torch.tensor([0.0, 128.0, 128.0])


def reference(name):
    return torch.jit.load(os.path.join(ROOT, "reference", "models", name + ".pt"))


def plain(name):
    """The reference's network as a Python module (the class its code defines), with the same weights."""
    net = segment.SegmentNet() if name == "segment" else colour.PixelNet(reference(name).conv1.weight.shape[0])
    net.load_state_dict(reference(name).state_dict())
    return net


def folder(solution):
    path = os.path.join(ROOT, solution, "models")
    os.makedirs(path, exist_ok=True)
    return path


def main():
    source = os.path.join(ROOT, "reference", "models")
    for name in ("rgb2lab", "lab2rgb", "segment"):
        shutil.copyfile(os.path.join(source, name + ".pt"), os.path.join(folder("over-budget"), name + ".pt"))
        torch.save(plain(name), os.path.join(folder("pickled-models"), name + ".pt"))
    for mine, theirs in (("rgb2lab", "lab2rgb"), ("lab2rgb", "rgb2lab"), ("segment", "segment")):
        shutil.copyfile(os.path.join(source, theirs + ".pt"), os.path.join(folder("swapped-pairs"), mine + ".pt"))
    with torch.no_grad():
        forward, inverse = plain("rgb2lab"), plain("lab2rgb")
        forward.conv3.weight *= SCALE.view(3, 1, 1, 1)
        forward.conv3.bias.copy_(forward.conv3.bias * SCALE + SHIFT)
        # conv1(x) with x = (x8 - SHIFT) / SCALE: the weights divide by SCALE, the bias takes the shift.
        inverse.conv1.weight /= SCALE.view(1, 3, 1, 1)
        inverse.conv1.bias -= (inverse.conv1.weight[:, :, 0, 0] * SHIFT).sum(dim=1)
    torch.jit.save(torch.jit.script(forward), os.path.join(folder("uint8-lab"), "rgb2lab.pt"))
    torch.jit.save(torch.jit.script(inverse), os.path.join(folder("uint8-lab"), "lab2rgb.pt"))
    shutil.copyfile(os.path.join(source, "segment.pt"), os.path.join(folder("uint8-lab"), "segment.pt"))


if __name__ == "__main__":
    main()
