"""Benchmark: read a large synthetic MAF and call biomarkers (no committed data).

Writes a GENIE-sized MAF (default 300,000 variants over 20,000 samples, 500 genes) to a
temporary folder and reports, in a fresh process, wall time, CPU time and peak memory of
``read_maf`` and of ``call_biomarkers(..., preset="cbioportal")``. Usage::

    python benchmarks/bench_genomics_maf.py [--rows 300000] [--samples 20000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

CHILD = r"""
import resource, sys, time
t0 = time.perf_counter()
from mdm2io.io.maf import read_maf
from mdm2io.genomics import call_biomarkers
t1 = time.perf_counter()
cohort, problems = read_maf(sys.argv[1])
t2 = time.perf_counter()
b = call_biomarkers(cohort, preset="cbioportal", mutations_assessed=True)
t3 = time.perf_counter()
ru = resource.getrusage(resource.RUSAGE_SELF)
print(f"import {t1 - t0:.2f} s, read_maf {t2 - t1:.2f} s ({len(cohort.alterations)} rows, {cohort.n_samples} samples), "
      f"call_biomarkers {t3 - t2:.2f} s; CPU {ru.ru_utime + ru.ru_stime:.2f} s; peak RSS {ru.ru_maxrss / 1024:.0f} MB; "
      f"TP53 mutated {int((b.TP53_status == 'mutated').sum())}")
"""


def write_maf(path: Path, rows: int, samples: int, seed: int = 3) -> None:
    rng = np.random.default_rng(seed)
    genes = np.array(["TP53", "KRAS", "EGFR", "MDM2", "PIK3CA", "DNMT3A"] + [f"GENE{i}" for i in range(494)])
    classes = np.array(["Missense_Mutation", "Nonsense_Mutation", "Frame_Shift_Del", "Silent", "Splice_Site"])
    g = genes[rng.integers(0, len(genes), rows)]
    s = rng.integers(0, samples, rows)
    c = classes[rng.choice(len(classes), rows, p=[0.6, 0.1, 0.1, 0.15, 0.05])]
    pos = rng.integers(1, 900, rows)
    with open(path, "w") as fh:
        fh.write("Hugo_Symbol\tTumor_Sample_Barcode\tHGVSp_Short\tVariant_Classification\tt_alt_count\tt_depth\n")
        for gi, si, ci, pi in zip(g, s, c, pos):
            prot = f"p.R{pi}*" if ci == "Nonsense_Mutation" else f"p.R{pi}Q"
            fh.write(f"{gi}\tGENIE-S{si:06d}\t{prot}\t{ci}\t12\t100\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=300_000)
    ap.add_argument("--samples", type=int, default=20_000)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mdm2io_bench_") as tmp:
        path = Path(tmp) / "data_mutations.txt"
        write_maf(path, a.rows, a.samples)
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src") + os.pathsep
                   + os.environ.get("PYTHONPATH", ""))
        out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env, check=True)
        print(f"MAF: {a.rows} rows, {a.samples} samples, {path.stat().st_size / 1e6:.0f} MB")
        print(out.stdout.strip())
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
