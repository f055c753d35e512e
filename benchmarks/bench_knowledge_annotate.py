"""Benchmark: knowledge-base load and annotation speed/memory (prints figures; not a test).

Run:  PYTHONPATH=src python benchmarks/bench_knowledge_annotate.py [--max-copies 50]

Input: the IMvigor210 biomarker table (genomics stage, preset foundation) replicated k times
with new sample ids (k = 1, 10, 50 -> 293, 2,930, 14,650 samples), tumour type from the
cohort. Times are wall-clock best of 3 (1 for the largest); memory is the tracemalloc peak of a
separate run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc

import pandas as pd

from mdm2io.datasets import load_imvigor210
from mdm2io.genomics import call_biomarkers
from mdm2io.knowledge import annotate, write_annotations
from mdm2io.knowledge.load import _load_cached, validate_knowledge


def best_of(fn, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--max-copies", type=int, default=50)
    args = ap.parse_args()
    t, _ = best_of(lambda: validate_knowledge(), 3)
    print(f"knowledge base parse + validate (8 YAML files): {t * 1000:.0f} ms")
    cohort = load_imvigor210()
    bm = call_biomarkers(cohort, preset="foundation")
    clin = cohort.patients[["patient_id", "oncotree_code", "cancer_type"]]
    for k in (1, 10, args.max_copies):
        parts = []
        for i in range(k):
            b = bm.copy()
            b["sample_id"] = b["sample_id"] + f"_{i}"
            b["patient_id"] = b["patient_id"] + f"_{i}"
            parts.append(b.merge(clin.assign(patient_id=clin["patient_id"] + f"_{i}"), on="patient_id", how="left"))
        big = pd.concat(parts, ignore_index=True)
        t, res = best_of(lambda: annotate(big), 1 if k > 10 else 3)
        tracemalloc.start()  # separate run: tracing slows Python down several-fold
        annotate(big)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        with tempfile.TemporaryDirectory() as d:
            tw, _ = best_of(lambda: write_annotations(res, d, pages="none"), 1)
            tp, _ = best_of(lambda: write_annotations(res, d, pages="relevant"), 1) if k == 1 else (float("nan"), None)
        print(f"{len(big):>6} samples: annotate {t:6.2f} s ({len(big) / t:,.0f} samples/s; {len(res.matches):,} "
              f"sample x cohort decisions), peak {peak:5.0f} MiB; write TSV/JSON {tw:5.2f} s"
              + (f"; with {res.table.loc[res.table.ICI_IMPLICATION.ne('') | res.table.TRIAL_MATCHES.ne(''), 'SAMPLE_ID'].nunique()} "
                 f"patient pages {tp:5.2f} s" if k == 1 else ""))
    _load_cached.cache_clear()


if __name__ == "__main__":
    main()
