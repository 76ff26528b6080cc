"""The same calibration work as bench/calibration.mjs, in scikit-learn/numpy.
Prints one JSON line: {"seconds": median of 3, "threshold": best F1 threshold, versions}."""
import json
import statistics
import sys
import time

import numpy as np
import sklearn
from sklearn.calibration import _sigmoid_calibration
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import precision_recall_curve

d = sys.argv[1]
s = np.fromfile(f"{d}/scores.f32", dtype="<f4").astype(np.float64)
y = np.fromfile(f"{d}/labels.u8", dtype=np.uint8).astype(np.int64)


def reliability(p):
    ids = np.searchsorted(np.linspace(0, 1, 11)[1:-1], p, side="left")
    n = np.bincount(ids, minlength=10)
    sp = np.bincount(ids, weights=p, minlength=10)
    sy = np.bincount(ids, weights=y, minlength=10)
    nz = n > 0
    return float(np.sum(n[nz] / len(p) * np.abs(sy[nz] / n[nz] - sp[nz] / n[nz]))), float(np.mean((p - y) ** 2))


def run():
    prec, rec, thr = precision_recall_curve(y, s)
    f1 = np.where(prec + rec > 0, 2 * prec * rec / np.maximum(prec + rec, 1e-300), 0)[:-1]
    best = thr[len(f1) - 1 - np.argmax(f1[::-1])]
    ok = np.nonzero(prec[:-1] >= 0.9)[0]
    _ = thr[ok[0]] if len(ok) else None
    iso = IsotonicRegression(out_of_bounds="clip").fit(s, y)
    a, b = _sigmoid_calibration(s, y)
    reliability(1 / (1 + np.exp(a * s + b)))
    reliability(iso.predict(s))
    return float(best)


run()
times = []
for _ in range(3):
    t0 = time.perf_counter()
    best = run()
    times.append(time.perf_counter() - t0)
print(json.dumps({"seconds": statistics.median(times), "threshold": best, "sklearn": sklearn.__version__, "numpy": np.__version__}))
