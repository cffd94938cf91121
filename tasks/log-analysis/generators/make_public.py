"""Writes the public cases into tests/public/ and the same into starter/tests/public/:

  python3 generators/make_public.py

The statement's example tree three times (one per command), three scenarios and two random
cases, all from fixed seeds; rerunning it rewrites the same bytes.
"""
import os
import random
import shutil

import cases
import example
import gen
import scenarios

PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEED = 20260401


def build(out_dir):
    for i, command in enumerate(["over", "medians", "alerts"]):
        gen.write_case(out_dir, "%02d-example-%s" % (i + 1, command), example.COMMANDS[command], example.write)
    picks = [("04-threshold-equal-over", scenarios.threshold_equal_over), ("05-window-edge-alerts", scenarios.window_edge_alerts),
             ("06-rotation-over", scenarios.rotation_over)]
    for name, scenario in picks:
        tree, args = scenario(random.Random("%d:%s" % (SEED, name)))
        gen.write_case(out_dir, name, args, gen.from_tree(tree))
    for name, command, shape in [("07-medians", "medians", 0), ("08-alerts", "alerts", 4)]:
        tree, args = cases.random_case(command, shape, random.Random("%d:%s" % (SEED, name)))
        gen.write_case(out_dir, name, args, gen.from_tree(tree))


def main():
    for target in (os.path.join(PACKAGE, "tests", "public"), os.path.join(PACKAGE, "starter", "tests", "public")):
        shutil.rmtree(target, ignore_errors=True)
        build(target)
        print("wrote", target)


if __name__ == "__main__":
    main()
