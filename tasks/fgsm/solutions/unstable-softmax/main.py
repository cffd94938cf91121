"""Command line of the submission: predict, fgsm and test (see ./run)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from adversarial import attack, pgm  # noqa: E402
from adversarial.model import Model  # noqa: E402

USAGE = """usage: ./run predict PARAMS IMAGES_DIR
       ./run fgsm PARAMS IMAGES_DIR LABELS EPS OUT_DIR
       ./run test"""


def predict(params, images):
    model = Model.load(params)
    out = []
    for name in pgm.numbered(images):
        out.append("%s %d\n" % (name, model.predict(pgm.to_input(pgm.read(os.path.join(images, name))))))
    sys.stdout.write("".join(out))


def fgsm(params, images, labels, eps, out_dir):
    model = Model.load(params)
    with open(labels) as f:
        truth = [int(t) for t in f.read().split()]
    os.makedirs(out_dir, exist_ok=True)
    for name in pgm.numbered(images):
        label = truth[int(name[:-4]) - 1]
        values = pgm.read(os.path.join(images, name))
        pgm.write(os.path.join(out_dir, name), attack.fgsm(model, values, label, float(eps)))


def test():
    here = os.path.dirname(os.path.abspath(__file__))
    suite = unittest.defaultTestLoader.discover(os.path.join(here, "tests"), top_level_dir=here)
    return 0 if unittest.TextTestRunner(verbosity=1).run(suite).wasSuccessful() else 1


def main(argv):
    if argv[:1] == ["predict"] and len(argv) == 3:
        predict(*argv[1:])
    elif argv[:1] == ["fgsm"] and len(argv) == 6:
        fgsm(*argv[1:])
    elif argv == ["test"]:
        return test()
    else:
        sys.stderr.write(USAGE + "\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
