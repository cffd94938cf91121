"""The 1024-256-256-23 ReLU perceptron of the task in NumPy: training, the text format of
params.txt, predictions and the FGSM reference. Everything judged is computed in float64 from
the parameters as written to the text file, so that the checker sees exactly the model the
candidate reads."""
import numpy as np

SHAPES = [(256, 1024), (256,), (256, 256), (256,), (23, 256), (23,)]
NAMES = ["W1", "b1", "W2", "b2", "W3", "b3"]


def init(rng):
    """He-normal weights, zero biases; rng is a numpy Generator."""
    params = []
    for shape in SHAPES:
        if len(shape) == 2:
            params.append(rng.normal(0.0, np.sqrt(2.0 / shape[1]), size=shape).astype(np.float32))
        else:
            params.append(np.zeros(shape, dtype=np.float32))
    return params


def forward(params, x):
    """Logits of a batch x (n x 1024, values in [0, 1])."""
    w1, b1, w2, b2, w3, b3 = params
    h1 = np.maximum(x @ w1.T + b1, 0)
    h2 = np.maximum(h1 @ w2.T + b2, 0)
    return h2 @ w3.T + b3


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def input_gradient(params, x, labels):
    """d(cross-entropy)/dx for each row of x; labels are 1..23. ReLU'(0) is taken as 0."""
    w1, b1, w2, b2, w3, b3 = params
    a1 = x @ w1.T + b1
    h1 = np.maximum(a1, 0)
    a2 = h1 @ w2.T + b2
    h2 = np.maximum(a2, 0)
    p = softmax(h2 @ w3.T + b3)
    p[np.arange(len(x)), np.asarray(labels) - 1] -= 1.0
    g2 = (p @ w3) * (a2 > 0)
    g1 = (g2 @ w2) * (a1 > 0)
    return g1 @ w1


def sign(g):
    """The task's sign: +1 where positive, -1 elsewhere (sign(0) = -1)."""
    return np.where(g > 0, 1.0, -1.0)


def fgsm_pixels(params, pixels, labels, eps):
    """The reference attack on integer pixels (n x 1024, 0..255): integer pixels 0..255."""
    x = pixels / 255.0
    adversarial = x + eps * sign(input_gradient(params, x, labels))
    return np.clip(np.floor(adversarial * 255.0 + 0.5), 0, 255)


def predict(params, pixels):
    """Labels 1..23 of integer pixels (n x 1024); ties go to the smaller label (argmax does that)."""
    return forward(params, np.asarray(pixels, dtype=np.float64) / 255.0).argmax(axis=1) + 1


def margins(params, pixels):
    """Gap between the largest and the second largest logit of each image."""
    z = np.sort(forward(params, np.asarray(pixels, dtype=np.float64) / 255.0), axis=1)
    return z[:, -1] - z[:, -2]


def train(rng, x, y, x_val, y_val, target, max_epochs=25, batch=64, lr=1e-3):
    """Adam on cross-entropy until the validation accuracy reaches `target` (checked every
    quarter epoch) or max_epochs pass. Returns (params, validation accuracy, epochs run)."""
    params = init(rng)
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    beta1, beta2, step = 0.9, 0.999, 0
    onehot = np.eye(23, dtype=np.float32)[y - 1]
    n = len(x)
    per_check = max(1, n // batch // 4)
    accuracy = 0.0
    for epoch in range(max_epochs):
        order = rng.permutation(n)
        for k, start in enumerate(range(0, n, batch)):
            idx = order[start:start + batch]
            grads = _batch_gradients(params, x[idx], onehot[idx])
            step += 1
            for i, g in enumerate(grads):
                m[i] = beta1 * m[i] + (1 - beta1) * g
                v[i] = beta2 * v[i] + (1 - beta2) * g * g
                mh = m[i] / (1 - beta1 ** step)
                vh = v[i] / (1 - beta2 ** step)
                params[i] -= (lr * mh / (np.sqrt(vh) + 1e-8)).astype(np.float32)
            if (k + 1) % per_check == 0:
                accuracy = float((forward(params, x_val).argmax(axis=1) + 1 == y_val).mean())
                if accuracy >= target:
                    return params, accuracy, epoch + (start + batch) / n
    return params, accuracy, max_epochs


def _batch_gradients(params, x, onehot):
    w1, b1, w2, b2, w3, b3 = params
    a1 = x @ w1.T + b1
    h1 = np.maximum(a1, 0)
    a2 = h1 @ w2.T + b2
    h2 = np.maximum(a2, 0)
    d3 = (softmax(h2 @ w3.T + b3) - onehot) / len(x)
    d2 = (d3 @ w3) * (a2 > 0)
    d1 = (d2 @ w2) * (a1 > 0)
    return [d1.T @ x, d1.sum(0), d2.T @ h1, d2.sum(0), d3.T @ h2, d3.sum(0)]


def to_text(params):
    """params.txt: W1 (256 lines of 1024), b1, W2 (256 lines of 256), b2, W3 (23 lines of 256), b3."""
    lines = []
    for p in params:
        for row in np.atleast_2d(p):
            lines.append(" ".join("%.5g" % v for v in row))
    return "\n".join(lines) + "\n"


def from_text(text):
    """Parameters in float64 from the text of params.txt; ValueError when the shapes are wrong."""
    rows = [line.split() for line in text.splitlines() if line.strip()]
    expected_rows = 256 + 1 + 256 + 1 + 23 + 1
    if len(rows) != expected_rows:
        raise ValueError("params.txt has %d non-empty lines, expected %d" % (len(rows), expected_rows))
    params, at = [], 0
    for shape in SHAPES:
        count = shape[0] if len(shape) == 2 else 1
        block = np.array([[float(t) for t in row] for row in rows[at:at + count]], dtype=np.float64)
        at += count
        params.append(block.reshape(shape))
    return params


def read(path):
    with open(path, encoding="ascii") as f:
        return from_text(f.read())
