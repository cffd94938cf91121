import os
import tempfile
import unittest

from main import numbered


class NumberedTest(unittest.TestCase):
    def test_numeric_not_text_order(self):
        with tempfile.TemporaryDirectory() as folder:
            for name in ["10.pgm", "2.pgm", "1.pgm", "notes.txt"]:
                open(os.path.join(folder, name), "w").close()
            self.assertEqual(numbered(folder), ["1.pgm", "2.pgm", "10.pgm"])
