"""The reference pipeline in PyTorch (Debian's python3-torch), timed: 50 epochs of batch 32.

Prints one JSON line: {"seconds": ..., "test_accuracy": ...}. Run with /usr/bin/python3.
"""
import json
import sys
import time

import torch
from sklearn.datasets import make_classification
from sklearn.model_selection import train_test_split

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
torch.manual_seed(42)
torch.set_num_threads(1)
X, y = make_classification(n_samples=1000, n_features=20, n_classes=2, random_state=42)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
xs = torch.tensor(X_train, dtype=torch.float32)
ys = torch.tensor(y_train, dtype=torch.float32).unsqueeze(1)
xt = torch.tensor(X_test, dtype=torch.float32)
yt = torch.tensor(y_test, dtype=torch.float32).unsqueeze(1)

# Keras's BatchNormalization: momentum 0.99 (PyTorch 0.01), epsilon 1e-3.
model = torch.nn.Sequential(
    torch.nn.Linear(20, 64), torch.nn.ReLU(), torch.nn.BatchNorm1d(64, eps=1e-3, momentum=0.01),
    torch.nn.Linear(64, 64), torch.nn.ReLU(), torch.nn.BatchNorm1d(64, eps=1e-3, momentum=0.01),
    torch.nn.Linear(64, 1), torch.nn.Sigmoid(),
)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
loss_fn = torch.nn.BCELoss()

start = time.perf_counter()
for epoch in range(epochs):
    model.train()
    order = torch.randperm(len(xs))
    for i in range(0, len(xs), 32):
        index = order[i:i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(xs[index]), ys[index])
        loss.backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():  # validation each epoch, as Keras's fit(validation_data=...) does
        val_loss = loss_fn(model(xt), yt).item()
        val_acc = ((model(xt) > 0.5).float() == yt).float().mean().item()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "test_accuracy": val_acc}))
