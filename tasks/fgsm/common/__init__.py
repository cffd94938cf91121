"""Code shared by the fgsm generators, checker and self-test (trusted side, NumPy allowed)."""
