"""RGB <-> CIE Lab as OpenCV defines it for float32 input, learnt by three 1x1 convolutions."""
import cv2
import numpy as np
import torch
from torch import nn

# Lab channels are brought to about [-1, 1] for training; the scales are folded into the convolutions before saving.
LAB_SCALE = 100.0


def opencv_lab(rgb):
    """Lab of float32 RGB rows (n, 3) in [0, 1]: L in [0, 100], a and b about [-128, 127]."""
    rgb = np.ascontiguousarray(rgb, np.float32).reshape(-1, 1, 3)
    return cv2.cvtColor(rgb, cv2.COLOR_RGB2Lab).reshape(-1, 3)


class ColourPairs(torch.utils.data.Dataset):
    """`n` colours of the RGB cube and their Lab values; `inverse` swaps input and target (Lab -> RGB).

    A fifth of the colours lie on a face of the cube (one channel exactly 0 or 1): the evaluation grid
    reaches the faces and corners, where the conversion bends most, and uniform sampling rarely does.
    """

    def __init__(self, n, seed, inverse=False):
        rng = np.random.default_rng(seed)
        rgb = rng.uniform(0, 1, (n, 3))
        on_face = rng.uniform(size=n) < 0.2
        channel = rng.integers(0, 3, n)
        rgb[on_face, channel[on_face]] = rng.integers(0, 2, on_face.sum())
        rgb = rgb.astype(np.float32)
        lab = opencv_lab(rgb)
        self.rgb, self.lab = torch.from_numpy(rgb), torch.from_numpy(lab)
        self.inputs, self.targets = (self.lab, self.rgb) if inverse else (self.rgb, self.lab)

    def __len__(self):
        return len(self.inputs)

    def __getitem__(self, i):
        return self.inputs[i], self.targets[i]


class PixelNet(nn.Module):
    """Three 1x1 convolutions with ReLU between them: a per-pixel MLP on (N, 3, H, W)."""

    def __init__(self, hidden=64):
        super().__init__()
        self.conv1 = nn.Conv2d(3, hidden, 1)
        self.conv2 = nn.Conv2d(hidden, hidden, 1)
        self.conv3 = nn.Conv2d(hidden, 3, 1)

    def forward(self, x):
        return self.conv3(torch.relu(self.conv2(torch.relu(self.conv1(x)))))

    @torch.no_grad()
    def fold(self, in_scale, out_scale):
        """Absorbs x / in_scale at the input and y * out_scale at the output into the weights."""
        self.conv1.weight /= in_scale
        self.conv3.weight *= out_scale
        self.conv3.bias *= out_scale
        return self


def as_pixels(rows):
    """(n, 3) rows as one image (1, 3, 1, n), the layout the models take."""
    return rows.t().reshape(1, 3, 1, -1)


def train(inverse, seconds, log, seed=0, clock=None):
    """Trains a PixelNet on fresh ColourPairs for `seconds` of CPU time; returns it with the scales folded in."""
    torch.manual_seed(seed)
    data = ColourPairs(200_000, seed, inverse)
    scale_in, scale_out = (LAB_SCALE, 1.0) if inverse else (1.0, LAB_SCALE)
    net = PixelNet()
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-2)
    start = clock()
    step = 0
    while (spent := clock() - start) < seconds:
        for group in optimiser.param_groups:  # cosine decay over the time budget
            group["lr"] = 1e-2 * (0.02 + 0.98 * 0.5 * (1 + np.cos(np.pi * min(spent / seconds, 1))))
        index = torch.randint(0, len(data), (512,))
        x, y = data[index]
        loss = nn.functional.mse_loss(net(as_pixels(x / scale_in)), as_pixels(y / scale_out))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 100 == 0:
            log(step, loss.item())
    return net.fold(scale_in, scale_out)


@torch.no_grad()
def evaluate(net, inverse, steps=32):
    """Mean and worst squared error (summed over channels) on a regular grid of the cube, corners included."""
    axis = torch.linspace(0, 1, steps)
    rgb = torch.cartesian_prod(axis, axis, axis)
    lab = torch.from_numpy(opencv_lab(rgb.numpy()))
    x, y = (lab, rgb) if inverse else (rgb, lab)
    error = ((net(as_pixels(x)) - as_pixels(y)) ** 2).sum(dim=1).flatten()
    return error.mean().item(), error.max().item()
