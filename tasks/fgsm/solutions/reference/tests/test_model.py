import random
import unittest

from adversarial.model import Model


def tiny_model(seed=1):
    """4 -> 3 -> 3 -> 2: small enough for finite differences, same code as the real 1024-256-256-23."""
    rng = random.Random(seed)
    shapes = [(3, 4), (3, 3), (2, 3)]
    weights = [[[rng.uniform(-1, 1) for _ in range(n)] for _ in range(m)] for m, n in shapes]
    biases = [[rng.uniform(-0.5, 0.5) for _ in range(m)] for m, _ in shapes]
    return Model(weights, biases)


class ModelTest(unittest.TestCase):
    def test_gradient_matches_central_differences(self):
        model = tiny_model()
        rng = random.Random(2)
        for _ in range(20):
            x = [rng.uniform(0, 1) for _ in range(4)]
            label = rng.randint(1, 2)
            gradient = model.input_gradient(x, label)
            h = 1e-6
            for i in range(4):
                up, down = list(x), list(x)
                up[i] += h
                down[i] -= h
                numeric = (model.loss(up, label) - model.loss(down, label)) / (2 * h)
                self.assertAlmostEqual(gradient[i], numeric, places=5)

    def test_prediction_is_the_largest_logit(self):
        model = Model([[[1.0, 0.0]], [[1.0]], [[1.0], [-1.0], [2.0]]], [[0.0], [0.0], [0.0, 0.0, 0.0]])
        self.assertEqual(model.predict([1.0, 0.0]), 3)

    def test_tie_goes_to_the_smaller_label(self):
        model = Model([[[1.0]], [[1.0]], [[1.0], [1.0]]], [[0.0], [0.0], [0.0, 0.0]])
        self.assertEqual(model.predict([1.0]), 1)

    def test_huge_logits_give_a_finite_loss_and_gradient(self):
        model = Model([[[1.0]], [[1.0]], [[1e6], [-1e6]]], [[0.0], [0.0], [0.0, 0.0]])
        self.assertEqual(model.loss([1.0], 1), 0.0)
        self.assertEqual(model.input_gradient([1.0], 1), [0.0])
        self.assertEqual(model.input_gradient([1.0], 2), [2e6])
