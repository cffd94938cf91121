import math
import unittest

from adversarial.linalg import matvec, relu, softmax, transpose, vadd


class LinalgTest(unittest.TestCase):
    def test_vadd_adds_componentwise(self):
        self.assertEqual(vadd([1.0, -2.0], [0.5, 2.0]), [1.5, 0.0])

    def test_vadd_refuses_different_lengths(self):
        with self.assertRaises(ValueError):
            vadd([1.0], [1.0, 2.0])

    def test_matvec_of_a_non_square_matrix(self):
        self.assertEqual(matvec([[1, 2, 3], [0, -1, 0]], [1, 1, 2]), [9, -1])

    def test_matvec_refuses_a_wrong_length(self):
        with self.assertRaises(ValueError):
            matvec([[1, 2]], [1, 2, 3])

    def test_transpose_swaps_rows_and_columns(self):
        self.assertEqual(transpose([[1, 2, 3], [4, 5, 6]]), [[1, 4], [2, 5], [3, 6]])
        self.assertEqual(transpose(transpose([[1, 2], [3, 4]])), [[1, 2], [3, 4]])

    def test_relu_zeroes_negatives_only(self):
        self.assertEqual(relu([-1.0, 0.0, 2.5]), [0.0, 0.0, 2.5])

    def test_softmax_sums_to_one_and_keeps_order(self):
        p = softmax([1.0, 2.0, 3.0])
        self.assertAlmostEqual(sum(p), 1.0)
        self.assertTrue(p[0] < p[1] < p[2])
        self.assertAlmostEqual(p[2] / p[1], math.e)

