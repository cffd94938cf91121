import os
import tempfile
import unittest

from adversarial import pgm


class PgmTest(unittest.TestCase):
    def test_round_trip(self):
        values = [(i * 37) % 256 for i in range(1024)]
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "1.pgm")
            pgm.write(path, values)
            self.assertEqual(pgm.read(path), values)

    def test_comments_are_skipped(self):
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "a.pgm")
            with open(path, "w") as f:
                f.write("P2\n# made by hand\n2 1\n255\n0 255\n")
            self.assertEqual(pgm.read(path), [0, 255])

    def test_numbered_is_numeric_order(self):
        with tempfile.TemporaryDirectory() as folder:
            for name in ["10.pgm", "2.pgm", "1.pgm", "notes.txt"]:
                open(os.path.join(folder, name), "w").close()
            self.assertEqual(pgm.numbered(folder), ["1.pgm", "2.pgm", "10.pgm"])
