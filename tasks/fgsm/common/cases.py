"""Writes test case folders in the layout the grader reads (args, input/, answer)."""
import json
import os

import numpy as np

from . import mlp, pgm

INPUT = "{input}"
OUTPUT = "{output}"


def write_input(folder, params_text, pixels, labels):
    """input/params.txt, input/images/1.pgm..N.pgm and input/labels.txt."""
    images = os.path.join(folder, "input", "images")
    os.makedirs(images, exist_ok=True)
    with open(os.path.join(folder, "input", "params.txt"), "w", encoding="ascii") as f:
        f.write(params_text)
    for i, row in enumerate(pixels, start=1):
        pgm.write(os.path.join(images, "%d.pgm" % i), [int(v) for v in row])
    with open(os.path.join(folder, "input", "labels.txt"), "w", encoding="ascii") as f:
        f.write("".join("%d\n" % label for label in labels))


def write_args(folder, args):
    with open(os.path.join(folder, "args"), "w", encoding="utf-8") as f:
        f.write("".join(a + "\n" for a in args))


def predict_case(folder, params_text, pixels, labels):
    """A `predict` case; its answer is the expected output, computed from the parameters as written."""
    write_input(folder, params_text, pixels, labels)
    write_args(folder, ["predict", INPUT + "/params.txt", INPUT + "/images"])
    predicted = mlp.predict(mlp.from_text(params_text), pixels)
    with open(os.path.join(folder, "answer"), "w", encoding="ascii") as f:
        f.write("".join("%d.pgm %d\n" % (i, p) for i, p in enumerate(predicted, start=1)))


def fgsm_case(folder, params_text, pixels, labels, eps, name):
    """An `fgsm` case; the checker recomputes the reference attack from input/, so the answer only
    names the case (for the names of its metrics)."""
    write_input(folder, params_text, pixels, labels)
    write_args(folder, ["fgsm", INPUT + "/params.txt", INPUT + "/images", INPUT + "/labels.txt", "%g" % eps, OUTPUT])
    with open(os.path.join(folder, "answer"), "w", encoding="ascii") as f:
        json.dump({"case": name, "eps": eps}, f)


def clear_images(params, pixels, min_margin=1e-3):
    """Which images have a top logit at least min_margin above the runner-up: on those the
    prediction cannot depend on rounding, even in single precision."""
    return mlp.margins(params, pixels) >= min_margin


def pick(models, draw, count):
    """`count` images whose predictions are clear under every model; draw(attempt) -> (pixels, labels)
    gives a fresh batch each attempt."""
    kept_pixels, kept_labels, attempt = [], [], 0
    while sum(len(p) for p in kept_pixels) < count:
        pixels, labels = draw(attempt)
        ok = np.all([clear_images(m, pixels) for m in models], axis=0)
        kept_pixels.append(pixels[ok])
        kept_labels.append(labels[ok])
        attempt += 1
    return np.concatenate(kept_pixels)[:count], np.concatenate(kept_labels)[:count]
