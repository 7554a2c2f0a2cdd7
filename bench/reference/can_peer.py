#!/usr/bin/env python3
"""The peer of `dwb bench`: the same CAN and training step in plain PyTorch.

The network mirrors core/src/model/Can.cpp layer for layer: average pooling (kernel = stride =
pool), 13 dilated 3x3 convolutions of 32 channels each followed by BatchNorm2d and LeakyReLU(0.2)
in place, the activation of layer i < 6 added to that of layer 12 - i, a 1x1 head, nearest
upsampling to the input size; the image logits are the per-class maxima of the mask logits. The
training step is the workbench's: Adam (lr 5e-4, betas 0.99/0.99), lambda * BCE-with-logits of
the image logits + (1 - lambda) * BCE-with-logits of the mask logits, both with pos_weight and
per-class means, then forward, backward, step.

It is written the way a PyTorch user would write it: model.eval() under torch.no_grad() for
inference, a plain train step for training, the default (NCHW) memory format. Rows, timing rule
and JSON ("dwb-bench/1") are those of `dwb bench --json`, so that bench/run.sh can divide row by
row. Run with Debian's interpreter: /usr/bin/python3 bench/reference/can_peer.py --json.
"""

import argparse
import json
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

DILATIONS = (1, 2, 4, 8, 16, 32, 64, 32, 16, 8, 4, 2, 1)
WIDTH = 32
LEAK = 0.2
# height, width, pool, classes, the larger batch: Magnetic Tile and Severstal.
SHAPES = ((300, 400, 2, 5, 8), (256, 1600, 3, 4, 4))
SEED = 2024
LAMBDA = 0.5  # the progressive loss halfway through its schedule; speed does not depend on it


class Can(nn.Module):
    def __init__(self, in_channels=1, classes=5, pool=2):
        super().__init__()
        self.pool = pool
        self.layers = nn.ModuleList()
        self.norms = nn.ModuleList()
        inputs = in_channels
        # Created in the order of Can.cpp (conv, norm, conv, norm, ..., head), so that the same
        # seed gives the same initial weights on both sides.
        for d in DILATIONS:
            self.layers.append(nn.Conv2d(inputs, WIDTH, 3, padding=d, dilation=d))
            self.norms.append(nn.BatchNorm2d(WIDTH))
            inputs = WIDTH
        self.head = nn.Conv2d(inputs, classes, 1)

    def forward(self, images):
        height, width = images.shape[2:]
        x = F.avg_pool2d(images, self.pool) if self.pool > 1 else images
        count = len(self.layers)
        early = []
        for i, (conv, norm) in enumerate(zip(self.layers, self.norms)):
            x = F.leaky_relu(norm(conv(x)), LEAK, inplace=True)
            if i < count // 2:
                early.append(x)
            elif count - 1 - i < len(early):
                x = x + early[count - 1 - i]
        logits = F.interpolate(self.head(x), size=(height, width), mode="nearest")
        return logits, logits.amax(dim=(2, 3))


def can_stats(in_channels, classes, pool, height, width):
    """Parameters and forward MACs per image, as core/src/model/ModelStats.cpp counts them."""
    pixels = (height // pool) * (width // pool)
    parameters, macs, inputs = 0, 0, in_channels
    for _ in DILATIONS:
        weights = inputs * WIDTH * 9
        parameters += weights + WIDTH + 2 * WIDTH
        macs += (weights + 2 * WIDTH) * pixels
        inputs = WIDTH
    head = inputs * classes + classes
    return parameters + head, macs + head * pixels


def progressive_loss(mask_logits, image_logits, masks, labels, pos_cls, pos_seg, lam):
    cls = F.binary_cross_entropy_with_logits(
        image_logits, labels, pos_weight=pos_cls, reduction="none").mean(0)
    seg = F.binary_cross_entropy_with_logits(
        mask_logits, masks, pos_weight=pos_seg, reduction="none").mean(dim=(0, 2, 3))
    return cls.mean() * lam + seg.mean() * (1 - lam)


def timed(step, quick, min_runs):
    """Median seconds of `step`: after warm-up, at least min_runs runs and 1 s (quick: 1 run)."""
    step()
    times = []
    started = time.perf_counter()
    while True:
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
        if (quick or (len(times) >= min_runs and time.perf_counter() - started >= 1.0)
                or len(times) >= 50):
            return statistics.median(times)


def measure_peak():
    """Best fp32 GFLOP/s of a 2048^3 matrix product: torch.mm, or oneDNN's inner product where
    torch.mm is the reference BLAS (Debian's default), as `dwb bench` measures it."""
    n = 2048
    a, b = torch.rand(n, n), torch.rand(n, n)

    def best(product, reps):
        product()
        fastest = min(timed_once(product) for _ in range(reps))
        return 2.0 * n ** 3 / fastest / 1e9

    def timed_once(product):
        t = time.perf_counter()
        product()
        return time.perf_counter() - t

    # A small probe first: the reference BLAS would need seconds per 2048^3 product.
    small = torch.rand(256, 256)
    t = time.perf_counter()
    torch.mm(small, small)
    mm_probe = 2.0 * 256 ** 3 / (time.perf_counter() - t) / 1e9
    candidates = {}
    if mm_probe > 20:
        candidates["mm 2048"] = best(lambda: torch.mm(a, b), 3)
    if torch.backends.mkldnn.is_available():
        a_mkldnn = a.to_mkldnn()
        candidates["onednn inner product 2048"] = best(
            lambda: torch._C._nn.mkldnn_linear(a_mkldnn, b), 5)
    if not candidates:
        candidates["mm 256"] = mm_probe
    kernel = max(candidates, key=candidates.get)
    return candidates[kernel], kernel


def run_rows(quick, only):
    rows = []
    for height, width, pool, classes, big in SHAPES:
        parameters, macs = can_stats(1, classes, pool, height, width)
        for batch in (1, big):
            for mode in ("inference", "training"):
                name = f"{mode} {height}x{width} b{batch}"
                if only not in name:
                    continue
                torch.manual_seed(SEED)
                model = Can(1, classes, pool)
                counted = sum(p.numel() for p in model.parameters())
                assert counted == parameters, (counted, parameters)
                images = torch.rand(batch, 1, height, width)
                if mode == "inference":
                    model.eval()

                    def step():
                        with torch.no_grad():
                            return model(images)
                    with torch.no_grad():
                        check = float(model(images)[0].double().mean())
                else:
                    model.train()
                    masks = (torch.rand(batch, classes, height, width) < 0.05).float()
                    labels = masks.amax(dim=(2, 3))
                    pos_cls = torch.ones(classes)
                    pos_seg = torch.ones(classes).view(classes, 1, 1)
                    optimizer = torch.optim.Adam(model.parameters(), lr=5e-4, betas=(0.99, 0.99))

                    def step():
                        optimizer.zero_grad()
                        mask_logits, image_logits = model(images)
                        loss = progressive_loss(mask_logits, image_logits, masks, labels,
                                                pos_cls, pos_seg, LAMBDA)
                        loss.backward()
                        optimizer.step()
                    check = None
                seconds = timed(step, quick, 3 if mode == "inference" else 2)
                rate = batch / seconds
                # Training: forward + backward counted as 3 forward passes (the usual rule).
                flops = 2.0 * macs * rate * (1 if mode == "inference" else 3)
                rows.append({
                    "name": name, "mode": mode,
                    "height": height, "width": width, "pool": pool, "classes": classes,
                    "batch": batch, "images_per_second": rate, "ms_per_batch": seconds * 1e3,
                    "parameters": parameters, "gmac": macs / 1e9, "gflops": flops / 1e9,
                    "check": check})
                print(f"{rows[-1]['name']:<28} {rate:8.2f} img/s", file=sys.stderr)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=os.cpu_count())
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", default="", help="run only the rows whose name contains this")
    parser.add_argument("--quick", action="store_true", help="one timed run per row")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    # Before and after the rows, the better kept, as `dwb bench` does.
    peak, kernel = measure_peak()
    rows = run_rows(args.quick, args.only)
    peak, kernel = max((peak, kernel), measure_peak())
    for row in rows:
        row["peak_share"] = row["gflops"] / peak
    result = {"format": "dwb-bench/1", "device": "cpu", "threads": torch.get_num_threads(),
              "peak_gflops": peak, "peak_kernel": kernel, "torch": torch.__version__,
              "rows": rows}
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
        return
    print(f"PyTorch {torch.__version__}, {result['threads']} thread(s), fp32 peak "
          f"{peak:.1f} GFLOP/s ({kernel})")
    for row in rows:
        print(f"{row['name']:<28} {row['images_per_second']:8.2f} img/s "
              f"{row['ms_per_batch']:9.1f} ms  {row['gflops']:6.1f} GFLOP/s "
              f"{100 * row['peak_share']:5.1f}%")


if __name__ == "__main__":
    main()
