"""Benchmark: lesion-level RECIST 1.1 / iRECIST (measurability checks, NLT/NLNT, iCPD) at Laleh 2022 scale.

Run:  PYTHONPATH=src python benchmarks/bench_kinetics_lesions.py [--patients 1472] [--repeat 3]

None of the bundled datasets has lesion-level measurements, so the input is synthetic (seeded):
every patient has a baseline and 5 follow-up scans 6 weeks apart, 3 target lesions (one a lymph
node) and 1 non-target lesion, sizes following a random exponential trend, and with probability
0.3 one or two new lesions from the third scan on. Prints rows, wall/CPU time and patients per
second of :func:`recist_responses` and :func:`recist_lesion_problems`.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from mdm2io.cohort import Cohort
from mdm2io.kinetics import recist_lesion_problems, recist_responses

from bench_kinetics_common import best_time  # noqa: E402  (run as a script from benchmarks/)


def synthetic_lesions(n_patients: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = np.array([-7, 42, 84, 126, 168, 210], float)
    rate = rng.normal(0.0, 0.004, n_patients)  # per day
    rows = []
    for p in range(n_patients):
        pid = f"s{p:05d}"
        base = rng.uniform(9, 45, 3)  # some targets below 10 mm on purpose (reported)
        base[2] = rng.uniform(12, 30)  # the node's short axis
        has_new = rng.random() < 0.3
        for k, d in enumerate(days):
            f = np.exp(rate[p] * max(d, 0) + rng.normal(0, 0.03))
            for j in range(3):
                rows.append((pid, d, f"t{j}", ["lung", "liver", "mediastinum"][j], int(j == 2), round(base[j] * f, 1),
                             "target", ""))
            rows.append((pid, d, "nt", "bone", 0, np.nan, "non_target", "present"))
            if has_new and k >= 2:
                for j in range(1 + (k >= 4)):
                    rows.append((pid, d, f"n{j}", "liver", 0, round(8 + 3 * (k - 2) + 4 * j, 1), "new", "present"))
    return pd.DataFrame(rows, columns=["patient_id", "day", "lesion_id", "organ", "is_node", "diameter_mm", "role",
                                       "status"])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--patients", type=int, default=1472)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    les = synthetic_lesions(args.patients)
    c = Cohort(patients=pd.DataFrame({"patient_id": les["patient_id"].unique()}), lesions=les)
    n = c.n_patients
    print(f"synthetic lesion table: {n} patients, {len(les)} lesion rows")
    for name, fn in (("recist_responses (lesions)", lambda: recist_responses(c)),
                     ("recist_lesion_problems", lambda: recist_lesion_problems(c))):
        s, cpu, out = best_time(fn, args.repeat)
        print(f"{name:<27} {s:.3f} s ({cpu:.3f} s CPU) = {n / s:.0f} patients/s wall (best of {args.repeat})")
    r = recist_responses(c)
    print("best iRECIST response:", r["best_overall_iresponse"].value_counts().to_dict())


if __name__ == "__main__":
    main()
