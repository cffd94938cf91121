"""Problem 2: the 1024-256-256-23 ReLU perceptron, its predictions and its input gradient."""
import math

from .linalg import matvec, relu, softmax, transpose, vadd

LAYERS = [(256, 1024), (256, 256), (23, 256)]


class Model:
    def __init__(self, weights, biases):
        self.weights = weights
        self.biases = biases
        # The gradient needs W^T v for every layer; transposing once makes that a plain matvec.
        self.transposed = [transpose(w) for w in weights]

    @classmethod
    def load(cls, path):
        """params.txt: per layer, the rows of W (one line each) and then b on one line."""
        with open(path) as f:
            rows = [[float(t) for t in line.split()] for line in f if line.strip()]
        weights, biases, at = [], [], 0
        for out_size, in_size in LAYERS:
            w = rows[at:at + out_size]
            b = rows[at + out_size]
            if len(w) != out_size or any(len(r) != in_size for r in w) or len(b) != out_size:
                raise ValueError("%s: layer %d is not %dx%d with %d biases" % (path, len(weights) + 1, out_size, in_size, out_size))
            weights.append(w)
            biases.append(b)
            at += out_size + 1
        return cls(weights, biases)

    def _layers(self, x):
        """Pre-activations of every layer; the last one holds the logits."""
        pre = []
        h = x
        for i, (w, b) in enumerate(zip(self.weights, self.biases)):
            a = vadd(matvec(w, h), b)
            pre.append(a)
            h = relu(a) if i < len(self.weights) - 1 else a
        return pre

    def logits(self, x):
        return self._layers(x)[-1]

    def predict(self, x):
        """Label 1..23 of the largest logit (the first one on a tie)."""
        z = self.logits(x)
        return z.index(max(z)) + 1

    def loss(self, x, label):
        """Cross-entropy -log softmax(z)[label-1], as log-sum-exp so that it is finite for huge logits."""
        z = self.logits(x)
        top = max(z)
        return top + math.log(sum(math.exp(v - top) for v in z)) - z[label - 1]

    def input_gradient(self, x, label):
        """d loss / d x by the chain rule: d loss / d z = softmax(z) - onehot(label), then back
        through each layer with W^T and the ReLU mask (ReLU'(0) = 0)."""
        pre = self._layers(x)
        g = softmax(pre[-1])
        g[label - 1] -= 1.0
        for i in range(len(self.weights) - 1, 0, -1):
            g = matvec(self.transposed[i], g)
            g = [gj if aj > 0.0 else 0.0 for gj, aj in zip(g, pre[i - 1])]
        return matvec(self.transposed[0], g)
