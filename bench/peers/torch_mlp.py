# The PyTorch peer of `npm run bench -- --only pytorch` (bench/pytorch-mlp.ts), one run per process:
# the MLP 784-256-128-10 (ReLU, cross-entropy, Adam lr 1e-3) trained on the digits the bench exported
# (raw little-endian train-x.f32 [N, 784] and train-y.i32 [N]), a fresh permutation every epoch, each
# batch taken with `x[idx]` as a PyTorch user writes it, three epochs of `samples` samples, epochs 2-3
# timed. Prints one JSON line: samples/s and what ran (versions, threads, the BLAS library loaded).
#   /usr/bin/python3 bench/peers/torch_mlp.py <dir> <batch> <samples> [threads=1]
# Not a dependency of descent: Debian's python3-torch (see BENCHMARKS.md); no network.
import json, os, sys, time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

directory, batch, samples = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
torch.set_num_threads(threads)
torch.manual_seed(7)

x = torch.from_numpy(np.fromfile(os.path.join(directory, 'train-x.f32'), dtype=np.float32).reshape(-1, 784))
y = torch.from_numpy(np.fromfile(os.path.join(directory, 'train-y.i32'), dtype=np.int32).astype(np.int64))
n = x.shape[0]

model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)


def epoch():
    order = torch.randperm(n)[:samples]
    for i in range(0, samples, batch):
        idx = order[i:i + batch]
        xb, yb = x[idx], y[idx]
        optimizer.zero_grad()
        F.cross_entropy(model(xb), yb).backward()
        optimizer.step()


epoch()  # epoch 1: warm-up, untimed
t0 = time.perf_counter()
epoch()
epoch()
seconds = time.perf_counter() - t0


def blas_library():
    """The BLAS shared library this process loaded (Debian's torch calls sgemm through libblas.so.3)."""
    with open('/proc/self/maps') as maps:
        paths = {line.split()[-1] for line in maps if 'blas' in line and '/' in line}
    return sorted(os.path.realpath(p) for p in paths)


print(json.dumps({
    'samplesPerSecond': 2 * samples / seconds,
    'torch': torch.__version__,
    'threads': torch.get_num_threads(),
    'blas': blas_library(),
    'openblasCoretype': os.environ.get('OPENBLAS_CORETYPE') or None,
}))
