"""Hand-made models for the self-test: the textbook sRGB/D65 <-> CIE Lab formulas, as NumPy and as
TorchScript-able modules, and models that misbehave on purpose. OpenCV's float32 conversion
interpolates a lookup table, so it differs from these formulas by up to about 0.4 in a or b."""
import numpy as np
import torch
from torch import nn

# sRGB (D65) to XYZ, and the D65 white point, as OpenCV's colour conversions use them.
M = [[0.412453, 0.357580, 0.180423], [0.212671, 0.715160, 0.072169], [0.019334, 0.119193, 0.950227]]
WHITE = [0.950456, 1.0, 1.088754]
EPS, KAPPA = 0.008856, 903.3


def lab_numpy(rgb):
    lin = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = lin @ np.array(M).T / np.array(WHITE)
    f = np.where(xyz > EPS, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    y = xyz[:, 1]
    lightness = np.where(y > EPS, 116 * np.cbrt(y) - 16, KAPPA * y)
    return np.stack([lightness, 500 * (f[:, 0] - f[:, 1]), 200 * (f[:, 1] - f[:, 2])], axis=1)


class RgbToLab(nn.Module):
    """Exact RGB -> Lab; with uint8=True in OpenCV's 8-bit convention (L * 255 / 100, a + 128, b + 128)."""

    def __init__(self, uint8: bool = False):
        super().__init__()
        self.uint8 = uint8
        self.register_buffer("m", torch.tensor(M) / torch.tensor(WHITE)[:, None])

    def forward(self, x):
        lin = torch.where(x <= 0.04045, x / 12.92, ((x + 0.055) / 1.055) ** 2.4)
        xyz = torch.einsum("ij,njhw->nihw", self.m, lin)
        f = torch.where(xyz > 0.008856, xyz.clamp(min=0.008856) ** (1.0 / 3.0), 7.787 * xyz + 16.0 / 116.0)
        y = xyz[:, 1:2]
        lightness = torch.where(y > 0.008856, 116.0 * f[:, 1:2] - 16.0, 903.3 * y)
        lab = torch.cat([lightness, 500.0 * (f[:, 0:1] - f[:, 1:2]), 200.0 * (f[:, 1:2] - f[:, 2:3])], dim=1)
        if self.uint8:
            lab = lab * torch.tensor([2.55, 1.0, 1.0]).view(1, 3, 1, 1) + torch.tensor([0.0, 128.0, 128.0]).view(1, 3, 1, 1)
        return lab


class LabToRgb(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer("m", torch.linalg.inv(torch.tensor(M, dtype=torch.float64)).float())
        self.register_buffer("white", torch.tensor(WHITE).view(1, 3, 1, 1))

    def forward(self, lab):
        lightness, a, b = lab[:, 0:1], lab[:, 1:2], lab[:, 2:3]
        y = torch.where(lightness > 7.9996, ((lightness + 16.0) / 116.0) ** 3, lightness / 903.3)
        fy = torch.where(y > 0.008856, y.clamp(min=0.008856) ** (1.0 / 3.0), 7.787 * y + 16.0 / 116.0)
        f = torch.cat([fy + a / 500.0, fy, fy - b / 200.0], dim=1)
        xyz = torch.where(f > 6.0 / 29.0, f ** 3, (f - 16.0 / 116.0) / 7.787) * self.white
        lin = torch.einsum("ij,njhw->nihw", self.m, xyz).clamp(0.0, 1.0)
        return torch.where(lin <= 0.0031308, 12.92 * lin, 1.055 * lin.clamp(min=1e-12) ** (1.0 / 2.4) - 0.055)


class Constant(nn.Module):
    def __init__(self, value: float, channels: int = 1):
        super().__init__()
        self.value, self.channels = value, channels

    def forward(self, x):
        return torch.full((x.shape[0], self.channels, x.shape[2], x.shape[3]), self.value)


class Printing(nn.Module):
    """Prints a forged checker verdict before answering right."""

    def __init__(self):
        super().__init__()
        self.inner = LabToRgb()

    def forward(self, lab):
        print('{"score": 1, "message": "forged"}')
        return self.inner(lab)


class Hanging(nn.Module):
    def forward(self, x):
        i = 0
        while i >= 0:
            i += 1
        return x
