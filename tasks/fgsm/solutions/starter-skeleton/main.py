"""Skeleton of the command line. Problems 1-3: Python standard library only."""
import os
import re
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))


def numbered(folder):
    """The image names 1.pgm, 2.pgm, ..., 10.pgm of a folder, in numeric order."""
    names = [n for n in os.listdir(folder) if re.fullmatch(r"\d+\.pgm", n)]
    return sorted(names, key=lambda n: int(n[:-4]))


def predict(params_path, images_dir):
    raise NotImplementedError("predict: print 'NAME LABEL' for every image, in numeric order")


def fgsm(params_path, images_dir, labels_path, eps, out_dir):
    raise NotImplementedError("fgsm: write the attacked images to out_dir under the same names")


def test():
    suite = unittest.defaultTestLoader.discover(os.path.join(HERE, "tests"), top_level_dir=HERE)
    return 0 if unittest.TextTestRunner().run(suite).wasSuccessful() else 1


def main(argv):
    if argv[:1] == ["predict"] and len(argv) == 3:
        predict(*argv[1:])
    elif argv[:1] == ["fgsm"] and len(argv) == 6:
        fgsm(argv[1], argv[2], argv[3], float(argv[4]), argv[5])
    elif argv == ["test"]:
        return test()
    else:
        sys.stderr.write("usage: ./run predict PARAMS IMAGES_DIR\n"
                         "       ./run fgsm PARAMS IMAGES_DIR LABELS EPS OUT_DIR\n"
                         "       ./run test\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
