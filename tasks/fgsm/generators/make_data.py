"""Makes the package's fixed data once, by hand (not at grading time):
    python3 generators/make_data.py [SEED]

Trains the public model from SEED, draws 460 public images (20 per class) and writes both to
data/public/ (read by gen.py) and starter/data/ (the applicants' copy): params.txt, images/N.pgm,
labels.txt. The model is kept only if its accuracy on the public images is 82-88%, inside the
80-90% the statement promises with room to spare; otherwise the next seed is tried.
Then trains the second model from another seed, the same way, into data/second-model.npz: gen.py
disguises it per deployment (secret permutations and scalings) for the second-model group, which
is much faster than training a model at every grading.
Run it in the intern/fgsm image; OpenBLAS may round differently on another CPU, so a rerun elsewhere
can give slightly different models, which is why the results are committed.
"""
import os
import shutil
import sys
import time

import numpy as np  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from common import cases, dataset, mlp  # noqa: E402
from common.symbols import Renderer  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PUBLIC_IMAGES = 20 * dataset.CLASS_COUNT


def main(seed):
    started = time.time()
    renderer = Renderer()
    while True:
        params, validation, epochs = dataset.train_model(seed, per_class=300, copies=4)
        text = mlp.to_text(params)
        model = mlp.from_text(text)
        pixels, labels = cases.pick(
            [model], lambda attempt: dataset.images(10 ** 6 + seed * 100 + attempt, PUBLIC_IMAGES, renderer), PUBLIC_IMAGES)
        accuracy = float((mlp.predict(model, pixels) == labels).mean())
        print("seed %d: validation %.3f after %.2f epochs, public images %.3f (%.0f s)"
              % (seed, validation, epochs, accuracy, time.time() - started))
        if 0.82 <= accuracy <= 0.88:
            break
        seed += 1
    for target in [os.path.join(ROOT, "data", "public"), os.path.join(ROOT, "starter", "data")]:
        shutil.rmtree(target, ignore_errors=True)
        os.makedirs(target)
        cases.write_input(target, text, pixels, labels)
        # write_input puts the files under input/; the data folders hold them directly.
        for name in os.listdir(os.path.join(target, "input")):
            os.rename(os.path.join(target, "input", name), os.path.join(target, name))
        os.rmdir(os.path.join(target, "input"))

    second, validation, epochs = dataset.train_model(seed + 1000, per_class=300, copies=4)
    accuracy = float((mlp.predict(mlp.from_text(mlp.to_text(second)), pixels) == labels).mean())
    print("second model: validation %.3f after %.2f epochs, public images %.3f" % (validation, epochs, accuracy))
    np.savez_compressed(os.path.join(ROOT, "data", "second-model.npz"), **dict(zip(mlp.NAMES, second)))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2026)
