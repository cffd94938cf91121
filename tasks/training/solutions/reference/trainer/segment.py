"""Sprite masks: a small fully convolutional network trained on scenes drawn by scenes.py."""
import numpy as np
import torch
from torch import nn

from scenes import scenes


class SceneStream:
    """An endless supply of training scenes, drawn in chunks from consecutive seeds, as random 32x32 crops.

    Crops cost a quarter of whole scenes per step and still hold whole sprites' textures; the network
    is fully convolutional, so it runs on whole scenes afterwards.
    """

    def __init__(self, seed, chunk=256, crop=32):
        self.seed, self.chunk, self.crop = seed, chunk, crop
        self.rng = np.random.default_rng(seed)
        self.images = self.masks = None
        self.used = chunk

    def batch(self, size):
        if self.used + size > self.chunk:
            images, masks = scenes(self.chunk, self.seed)
            self.images, self.masks = torch.from_numpy(images), torch.from_numpy(masks)
            self.seed += 1
            self.used = 0
        part = slice(self.used, self.used + size)
        self.used += size
        i, j = self.rng.integers(0, self.images.shape[-1] - self.crop + 1, 2)
        window = (part, slice(None), slice(i, i + self.crop), slice(j, j + self.crop))
        return self.images[window], self.masks[window]


class SegmentNet(nn.Module):
    """Dilated 3x3 convolutions (receptive field 15 pixels) and a 1x1 head giving mask logits (N, 1, H, W)."""

    def __init__(self, width=16):
        super().__init__()
        layers, channels = [], 3
        for dilation in (1, 2, 4):
            layers += [nn.Conv2d(channels, width, 3, padding=dilation, dilation=dilation), nn.ReLU()]
            channels = width
        layers.append(nn.Conv2d(width, 1, 1))
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x)


def train(seconds, log, seed=0, clock=None):
    torch.manual_seed(seed)
    stream = SceneStream(seed * 1_000_003 + 17)
    net = SegmentNet()
    optimiser = torch.optim.Adam(net.parameters(), lr=1e-2)
    start = clock()
    step = 0
    while (spent := clock() - start) < seconds:
        for group in optimiser.param_groups:
            group["lr"] = 1e-2 * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * min(spent / seconds, 1))))
        images, masks = stream.batch(16)
        loss = nn.functional.binary_cross_entropy_with_logits(net(images), masks)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        step += 1
        if step % 10 == 0:
            log(step, loss.item())
    return net


@torch.no_grad()
def evaluate(net, count=64, seed=123456789):
    """Mean IoU of predicted masks (logit > 0) over scenes the training never drew."""
    images, masks = scenes(count, seed)
    predicted = net(torch.from_numpy(images)) > 0
    truth = torch.from_numpy(masks) > 0.5
    inter = (predicted & truth).sum(dim=(1, 2, 3)).float()
    union = (predicted | truth).sum(dim=(1, 2, 3)).float()
    return (inter / union.clamp(min=1)).mean().item()
