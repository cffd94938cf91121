"""Generator of the fgsm test groups, run by the grader as: gen.py MODE SEED COUNT OUT_DIR.

COUNT is the number of images in each case. Modes (one per group of task.yaml):
  public          the first COUNT public images with the public model: a predict and an fgsm case (eps 0.1)
  predict         COUNT hidden images, public model: one predict case
  second-model    the second model (data/second-model.npz, trained like the public one) disguised
                  by SEED: classes and hidden units permuted, hidden units rescaled; one predict case
  stable-softmax  the public model disguised by SEED with its logits scaled by 1000 (so that
                  exp(logit) overflows a double): a predict and an fgsm case
  fgsm            hidden images, public model: one case per eps in FGSM_EPS
Hidden images are drawn from SEED; only images whose top two logits differ by at least 1e-3 are used.
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402

from common import cases, dataset, mlp, pgm  # noqa: E402
from common.symbols import Renderer  # noqa: E402

PUBLIC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "public")
PUBLIC_EPS = 0.1
FGSM_EPS = [0.03, 0.08, 0.2]
SECOND = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "second-model.npz")
HUGE = 1000.0


def public_model_text():
    with open(os.path.join(PUBLIC, "params.txt"), encoding="ascii") as f:
        return f.read()


def public_images(count):
    names = pgm.numbered(os.path.join(PUBLIC, "images"))[:count]
    pixels = np.array([pgm.read(os.path.join(PUBLIC, "images", n)) for n in names], dtype=np.uint8)
    with open(os.path.join(PUBLIC, "labels.txt"), encoding="ascii") as f:
        labels = np.array([int(v) for v in f.read().split()[:count]])
    return pixels, labels


def second_model():
    with np.load(SECOND) as stored:
        return [stored[name].astype(np.float64) for name in mlp.NAMES]


def disguise(rng, params):
    """The same function up to a relabelling of the classes, with parameters that look unrelated:
    hidden units permuted and rescaled (ReLU(s*a) = s*ReLU(a) for s > 0, undone in the next layer)
    and the output rows permuted. Returns (params, classes): row k of the result scores the
    original class classes[k] + 1."""
    w1, b1, w2, b2, w3, b3 = params
    p1, p2, classes = rng.permutation(256), rng.permutation(256), rng.permutation(len(b3))
    s1, s2 = np.exp(rng.uniform(-0.7, 0.7, 256)), np.exp(rng.uniform(-0.7, 0.7, 256))
    w1, b1 = w1[p1] * s1[:, None], b1[p1] * s1
    w2, b2 = w2[p2][:, p1] / s1[None, :] * s2[:, None], b2[p2] * s2
    w3 = w3[classes][:, p2] / s2[None, :]
    return [w1, b1, w2, b2, w3, b3[classes]], classes


def hidden_images(seed, count, models, renderer):
    return cases.pick(models, lambda attempt: dataset.images(seed * 1000 + attempt, count, renderer), count)


def main(mode, seed, count, out):
    os.makedirs(out, exist_ok=True)
    renderer = Renderer()
    text = public_model_text()
    model = mlp.from_text(text)
    if mode == "public":
        pixels, labels = public_images(count)
        cases.predict_case(os.path.join(out, "predict"), text, pixels, labels)
        cases.fgsm_case(os.path.join(out, "fgsm"), text, pixels, labels, PUBLIC_EPS, "public/fgsm")
    elif mode == "predict":
        pixels, labels = hidden_images(seed, count, [model], renderer)
        cases.predict_case(os.path.join(out, "predict"), text, pixels, labels)
    elif mode == "second-model":
        rng = np.random.default_rng(seed)
        disguised, classes = disguise(rng, second_model())
        second_text = mlp.to_text(disguised)
        pixels, labels = hidden_images(seed, count, [mlp.from_text(second_text)], renderer)
        cases.predict_case(os.path.join(out, "predict"), second_text, pixels, np.argsort(classes)[labels - 1] + 1)
    elif mode == "stable-softmax":
        huge, classes = disguise(np.random.default_rng(seed), model)
        huge[4], huge[5] = huge[4] * HUGE, huge[5] * HUGE
        huge_text = mlp.to_text(huge)
        pixels, labels = hidden_images(seed, 2 * count, [model], renderer)
        labels = np.argsort(classes)[labels - 1] + 1
        cases.predict_case(os.path.join(out, "predict"), huge_text, pixels[:count], labels[:count])
        cases.fgsm_case(os.path.join(out, "fgsm"), huge_text, pixels[count:], labels[count:], 0.08, "stable-softmax/fgsm")
    elif mode == "fgsm":
        for k, eps in enumerate(FGSM_EPS):
            pixels, labels = hidden_images(seed * 10 + k, count, [model], renderer)
            cases.fgsm_case(os.path.join(out, "eps-%.3f" % eps), text, pixels, labels, eps, "fgsm/eps-%.3f" % eps)
    else:
        raise SystemExit("unknown mode %r" % mode)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        raise SystemExit("usage: gen.py MODE SEED COUNT OUT_DIR")
    started = time.time()
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
    sys.stderr.write("%s: %.1f s\n" % (sys.argv[1], time.time() - started))
