# PyTorch replica of `descent train` defaults: MLP 784-256-128-10 ReLU, Adam lr 1e-3, batch 64,
# CosineAnnealingLR(T_max=20) stepped per epoch, random per-sample shifts of ±2 px (zero fill), 20 epochs.
# Usage: /usr/bin/python3 bench/pytorch/mnist_default.py <dir written by export-mnist-split.ts>
# (Debian's python3-torch; not a dependency of descent — a by-hand comparison, see BENCHMARKS.md.)
import sys, time, numpy as np, torch, torch.nn as nn, torch.nn.functional as F
DIR = sys.argv[1] if len(sys.argv) > 1 else '.tmp/pytorch'
torch.set_num_threads(2)
def load(n):
    x = np.fromfile(f'{DIR}/{n}-x.f32', dtype=np.float32).reshape(-1, 784); y = np.fromfile(f'{DIR}/{n}-y.i32', dtype=np.int32).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)
xtr, ytr = load('train'); xte, yte = load('test')
def shift_batch(xb, rng, m=2):
    img = xb.view(-1, 28, 28); out = torch.zeros_like(img)
    for i in range(img.shape[0]):
        dy, dx = rng.integers(-m, m + 1, 2)
        ys, yd = (slice(0, 28 - dy), slice(dy, 28)) if dy >= 0 else (slice(-dy, 28), slice(0, 28 + dy))
        xs, xd = (slice(0, 28 - dx), slice(dx, 28)) if dx >= 0 else (slice(-dx, 28), slice(0, 28 + dx))
        out[i, yd, xd] = img[i, ys, xs]
    return out.view(-1, 784)
def run(seed, epochs, augment, cosine):
    torch.manual_seed(seed); rng = np.random.default_rng(seed)
    m = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    o = torch.optim.Adam(m.parameters(), lr=1e-3)
    s = torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=epochs) if cosine else None
    t0 = time.time()
    for e in range(epochs):
        m.train(); perm = torch.randperm(len(xtr))
        for i in range(0, len(xtr), 64):
            idx = perm[i:i + 64]; xb = xtr[idx]
            if augment: xb = shift_batch(xb, rng)
            o.zero_grad(); F.cross_entropy(m(xb), ytr[idx]).backward(); o.step()
        if s: s.step()
    m.eval()
    with torch.no_grad(): acc = (m(xte).argmax(1) == yte).float().mean().item()
    return acc, time.time() - t0
for label, epochs, augment, cosine in [('default (shift ±2, cosine, 20 epochs)', 20, True, True), ('plain (no augmentation, constant lr, 12 epochs)', 12, False, False)]:
    for seed in (1, 2):
        acc, dt = run(seed, epochs, augment, cosine)
        print(f'{label} seed {seed}: held-out accuracy {acc*100:.2f}% in {dt:.1f}s', flush=True)
