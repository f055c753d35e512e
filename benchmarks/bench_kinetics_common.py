"""Shared timing helper of the kinetics benchmark scripts (not a benchmark itself)."""

from __future__ import annotations

import time


def best_time(fn, repeat):
    """Best wall time over ``repeat`` runs, the CPU time of that run (the machine may be shared), and its output."""
    best, cpu, out = float("inf"), float("nan"), None
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        res = fn()
        w = time.perf_counter() - t
        if w < best:
            best, cpu, out = w, time.process_time() - c, res
    return best, cpu, out
