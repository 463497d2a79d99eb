"""One training step of the bench models in PyTorch on one thread (Debian's python3-torch).

Usage: /usr/bin/python3 reference_pytorch.py '<json config>'
  {"model": "dense", "width": 64, "batch": 32, "features": 20, "seconds": 1.0}
  {"model": "cnn", "batch": 64, "seconds": 2.0}
Prints one JSON line: {"ms": <best milliseconds per step over several timed rounds>}.
"""
import json
import sys
import time

import torch

config = json.loads(sys.argv[1])
torch.manual_seed(42)
torch.set_num_threads(1)
budget = float(config.get("seconds", 1.0))

if config["model"] == "dense":
    w, batch, features = config["width"], config["batch"], config["features"]
    # Keras's BatchNormalization: momentum 0.99 (PyTorch 0.01), epsilon 1e-3.
    model = torch.nn.Sequential(
        torch.nn.Linear(features, w), torch.nn.ReLU(), torch.nn.BatchNorm1d(w, eps=1e-3, momentum=0.01),
        torch.nn.Linear(w, w), torch.nn.ReLU(), torch.nn.BatchNorm1d(w, eps=1e-3, momentum=0.01),
        torch.nn.Linear(w, 1), torch.nn.Sigmoid(),
    )
    x = torch.randn(batch, features)
    y = (torch.rand(batch, 1) > 0.5).float()
    loss_fn = torch.nn.BCELoss()
else:
    batch = config["batch"]
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(),
        torch.nn.BatchNorm2d(64, eps=1e-3, momentum=0.01),
        torch.nn.MaxPool2d(2), torch.nn.Flatten(),
        torch.nn.Linear(12 * 12 * 64, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10),
    )
    x = torch.randn(batch, 1, 28, 28)
    y = torch.randint(0, 10, (batch,))
    loss_fn = torch.nn.CrossEntropyLoss()

optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
model.train()


def step():
    optimizer.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()


for _ in range(3):
    step()
best = float("inf")
end = time.perf_counter() + budget
while True:
    start = time.perf_counter()
    n = 0
    while time.perf_counter() - start < budget / 5 or n == 0:
        step()
        n += 1
    best = min(best, (time.perf_counter() - start) / n * 1000)
    if time.perf_counter() > end:
        break
print(json.dumps({"ms": best}))
