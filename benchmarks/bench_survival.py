"""Speed and memory of mdm2io.survival (prints figures; not a timed test).

    PYTHONPATH=src python benchmarks/bench_survival.py

Cases: IMvigor210 OS by MDM2 amplification (bundled, 274 patients), a two-arm
interaction analysis on a synthetic cohort of N patients (N = 1,000 / 10,000 / 100,000), and
the KM + log-rank part alone at 100,000 patients; with delayed entry (synthetic entry times) at
10,000 patients; Fisher-Freeman-Halton exact test on a 6 x 2 response table.
"""

import time
import tracemalloc

import numpy as np
import pandas as pd

from mdm2io.datasets import load_imvigor210
from mdm2io.survival import (compare_survival, fisher_exact_rxc, kaplan_meier, logrank, survival_data,
                             survival_data_from_frame)


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best, peak / 2**20, out


def synthetic(n, seed=0):
    rng = np.random.default_rng(seed)
    g = rng.integers(0, 2, n)
    arm = rng.integers(0, 2, n)
    t = rng.exponential(12 * np.exp(0.4 * arm * (1 - g)), n)
    c = rng.uniform(0, 36, n)
    return pd.DataFrame({"t": np.minimum(t, c).round(2), "e": (t <= c).astype(int), "g": g, "arm": arm})


if __name__ == "__main__":
    c = load_imvigor210()
    s, mb, _ = timed(lambda: compare_survival(survival_data(c, "MDM2_amplified")))
    print(f"IMvigor210 OS by MDM2 (274 patients, genomics calls + KM + log-rank + Cox + PH test): {s * 1e3:.0f} ms, peak {mb:.1f} MiB")
    for n in (1_000, 10_000, 100_000):
        df = synthetic(n)
        sd = survival_data_from_frame(df, time="t", event="e", group="g", treatment="arm")
        s, mb, _ = timed(lambda: compare_survival(sd), repeat=1 if n >= 100_000 else 3)
        print(f"synthetic {n:>7,} patients, full analysis with interaction: {s:.2f} s, peak {mb:.0f} MiB")
    sd = survival_data_from_frame(synthetic(100_000), time="t", event="e", group="g")
    s, mb, _ = timed(lambda: (kaplan_meier(sd), logrank(sd)))
    print(f"synthetic 100,000 patients, KM (both groups) + log-rank only: {s * 1e3:.0f} ms, peak {mb:.0f} MiB")
    df = synthetic(10_000).assign(entry=lambda d: (np.random.default_rng(1).uniform(0, 6, len(d)) * (d.t > 0)).round(2))
    sd = survival_data_from_frame(df, time="t", event="e", group="g", treatment="arm", entry="entry")
    s, mb, _ = timed(lambda: compare_survival(sd))
    print(f"synthetic 10,000 patients with delayed entry, full analysis with interaction: {s:.2f} s, peak {mb:.0f} MiB")
    tab = [[30, 9], [25, 14], [41, 8], [12, 7], [33, 15], [28, 11]]
    s, mb, p = timed(lambda: fisher_exact_rxc(tab))
    print(f"Fisher-Freeman-Halton exact, 6 x 2 table of 233 patients: {s * 1e3:.0f} ms, peak {mb:.1f} MiB (p = {p:.4g})")
