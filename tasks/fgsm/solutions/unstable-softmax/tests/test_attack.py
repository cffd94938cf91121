import random
import unittest

from adversarial import attack
from adversarial.model import Model


class AttackTest(unittest.TestCase):
    def test_sign_of_zero_is_minus_one(self):
        self.assertEqual(attack.sign([0.5, 0.0, -0.0, -2.0]), [1.0, -1.0, -1.0, -1.0])

    def test_perturb_clips_to_the_pixel_range(self):
        self.assertEqual(attack.perturb([0, 255, 0, 255], [-1, 1, 1, -1], 0.1), [0, 255, 26, 230])   # 25.5 rounds up

    def test_perturb_rounds_to_nearest(self):
        self.assertEqual(attack.perturb([100], [1], 0.03), [108])   # 100 + 7.65

    def test_fgsm_raises_the_loss(self):
        model = Model([[[1.0, -1.0], [0.5, 0.5]], [[1.0, 0.0], [0.0, 1.0]], [[1.0, -1.0], [-1.0, 1.0]]],
                      [[0.1, 0.1], [0.0, 0.0], [0.0, 0.0]])
        values = [128, 64]
        attacked = attack.fgsm(model, values, 1, 0.1)
        self.assertGreater(model.loss([v / 255 for v in attacked], 1), model.loss([v / 255 for v in values], 1))

    def test_random_sign_moves_every_pixel_by_eps(self):
        out = attack.random_sign([128] * 50, 0.1, random.Random(3))
        self.assertEqual(set(out), {103, 154})
