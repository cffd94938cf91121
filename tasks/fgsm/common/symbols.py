"""The 23 symbol classes and how one 32x32 binary image of a symbol is drawn.

A glyph is drawn large on a 96x96 canvas with a random font, size, stroke width, small rotation
and offset, reduced to 32x32 by averaging and thresholded at a random level, and then a few
pixels are flipped. Every choice comes from the caller's random.Random, so a seed fixes the images.
"""
import os

import numpy as np
from PIL import Image, ImageDraw, ImageFont

# Label i (1-based) is CLASSES[i - 1]: (character, name shown in the statement).
CLASSES = [
    ("0", "zero"), ("1", "one"), ("2", "two"), ("3", "three"), ("4", "four"),
    ("5", "five"), ("6", "six"), ("7", "seven"), ("8", "eight"), ("9", "nine"),
    ("+", "plus"), ("\u2212", "minus"), ("\u00d7", "times"), ("\u00f7", "divide"), ("=", "equals"),
    ("<", "less than"), (">", "greater than"), ("(", "left parenthesis"), (")", "right parenthesis"),
    ("\u221a", "square root"), ("\u03c0", "pi"), ("\u2211", "sum"), ("\u221e", "infinity"),
]

FONT_DIRS = ["/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/freefont",
             "/usr/share/fonts/truetype/liberation2"]

SIZE = 32
CANVAS = 96


def font_files():
    """Every TrueType file of the three Debian font packages the image installs, in a fixed order."""
    files = []
    for folder in FONT_DIRS:
        if os.path.isdir(folder):
            files.extend(os.path.join(folder, name) for name in sorted(os.listdir(folder)) if name.endswith(".ttf"))
    if not files:
        raise RuntimeError("no fonts found under " + ", ".join(FONT_DIRS))
    return files


def _mask(font, char):
    image = Image.new("L", (CANVAS, CANVAS), 0)
    ImageDraw.Draw(image).text((CANVAS // 2, CANVAS // 2), char, fill=255, font=font, anchor="mm")
    return image.tobytes()


def usable_fonts():
    """Fonts that have a real glyph for every class (a missing one draws the same box as U+E000)."""
    usable = []
    for path in font_files():
        font = ImageFont.truetype(path, 48)
        missing = _mask(font, "\ue000")
        if all(_mask(font, char) != missing for char, _ in CLASSES):
            usable.append(path)
    return usable


class Renderer:
    """Draws symbols; keeps loaded fonts, so make one per process."""

    def __init__(self, noise=0.015):
        self.fonts = font_files()   # selftest/run.py checks that each has every glyph
        self.noise = noise
        self._cache = {}

    def _font(self, path, size):
        key = (path, size)
        if key not in self._cache:
            self._cache[key] = ImageFont.truetype(path, size)
        return self._cache[key]

    def draw(self, rng, label):
        """One image of class `label` (1..23): 1024 values 0 or 255 (uint8), row by row."""
        char = CLASSES[label - 1][0]
        font = self._font(rng.choice(self.fonts), rng.randint(48, 88))
        stroke = rng.choice([0, 0, 1, 2, 3])
        image = Image.new("L", (CANVAS, CANVAS), 0)
        draw = ImageDraw.Draw(image)
        centre = (CANVAS // 2 + rng.randint(-8, 8), CANVAS // 2 + rng.randint(-8, 8))
        draw.text(centre, char, fill=255, font=font, anchor="mm", stroke_width=stroke, stroke_fill=255)
        image = image.rotate(rng.uniform(-12, 12), resample=Image.BILINEAR)
        small = image.resize((SIZE, SIZE), resample=Image.BOX)
        threshold = rng.randint(70, 170)
        pixels = np.frombuffer(small.tobytes(), dtype=np.uint8) >= threshold
        flips = np.random.default_rng(rng.getrandbits(64)).random(SIZE * SIZE) < self.noise
        return np.where(pixels ^ flips, 255, 0).astype(np.uint8)
