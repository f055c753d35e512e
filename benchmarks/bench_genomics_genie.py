"""Benchmark: `mdm2io call` on a synthetic discrete CNA matrix shaped like AACR GENIE.

Writes a genes x samples cBioPortal ``data_CNA.txt`` (default 500 genes x 200,000 samples,
about 219 MB; values 0 / NA / ±1 / 2 / -2 at GENIE-like rates) to a temporary folder,
then measures, each in a fresh process:

1. ``scan``: a plain Python line scan that splits only the four needed gene rows (the floor);
2. ``pandas``: a full ``pandas.read_csv`` of the matrix (what a naive reader does; skip with --no-pandas);
3. ``call``: the whole ``mdm2io call FILE --preset cbioportal --genes MDM2,MDM4,TP53,CDK4 --out DIR``
   (read, build the Cohort, call every sample, write biomarkers.tsv / alterations.tsv / problems.tsv / rules.txt).

Prints wall time, CPU time (user + system; less sensitive to other load on the machine) and
peak resident memory (ru_maxrss) of each; the call's time includes importing pandas and mdm2io. The matrix is not kept
(use --keep DIR to keep it). Usage::

    python benchmarks/bench_genomics_genie.py [--samples 200000] [--genes 500] [--no-pandas]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

CALLED = ("MDM2", "MDM4", "TP53", "CDK4")


def write_matrix(path: Path, n_genes: int, n_samples: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    # GENIE mixes panels, so many cells are NA (gene not on that sample's panel).
    values = np.array(["0", "NA", "1", "-1", "2", "-2", "-1.5"], dtype=object)
    probs = np.array([0.80, 0.12, 0.03, 0.03, 0.012, 0.006, 0.002])
    probs = probs / probs.sum()
    # A pool of distinct row bodies is reused for the filler genes (same size and parse cost).
    pool = ["\t".join(values[rng.choice(len(values), n_samples, p=probs)]) for _ in range(8)]
    genes = list(CALLED) + [f"GENE{i:04d}" for i in range(n_genes - len(CALLED))]
    rng.shuffle(genes)
    with open(path, "w") as fh:
        fh.write("Hugo_Symbol\tEntrez_Gene_Id\t" + "\t".join(f"GENIE-S{i:06d}" for i in range(n_samples)) + "\n")
        for i, g in enumerate(genes):
            body = ("\t".join(values[rng.choice(len(values), n_samples, p=probs)]) if g in CALLED else pool[i % len(pool)])
            fh.write(f"{g}\t{i + 1}\t{body}\n")


SCAN = r"""
import resource, sys, time
t = time.perf_counter()
want = {"MDM2", "MDM4", "TP53", "CDK4"}
rows = {}
with open(sys.argv[1]) as fh:
    header = fh.readline().rstrip("\n").split("\t")
    for line in fh:
        g = line[:line.index("\t")]
        if g in want:
            rows[g] = line.rstrip("\n").split("\t")[2:]
amp = sum(v == "2" for v in rows["MDM2"])
ru = resource.getrusage(resource.RUSAGE_SELF)
print(f"{time.perf_counter() - t:.3f} {ru.ru_maxrss / 1024:.0f} cpu={ru.ru_utime + ru.ru_stime:.2f}s MDM2_amp={amp}")
"""

PANDAS = r"""
import resource, sys, time
t = time.perf_counter()
import pandas as pd
df = pd.read_csv(sys.argv[1], sep="\t", index_col=0)
amp = int((df.loc["MDM2"].iloc[1:] == 2).sum())
ru = resource.getrusage(resource.RUSAGE_SELF)
print(f"{time.perf_counter() - t:.3f} {ru.ru_maxrss / 1024:.0f} cpu={ru.ru_utime + ru.ru_stime:.2f}s MDM2_amp={amp}")
"""

CALL = r"""
import resource, sys, time
t = time.perf_counter()
from mdm2io.cli import main
rc = main(["call", sys.argv[1], "--preset", "cbioportal", "--genes", "MDM2,MDM4,TP53,CDK4", "--out", sys.argv[2]])
ru = resource.getrusage(resource.RUSAGE_SELF)
print(f"{time.perf_counter() - t:.3f} {ru.ru_maxrss / 1024:.0f} cpu={ru.ru_utime + ru.ru_stime:.2f}s rc={rc}")
"""


def run(code: str, *args: str, python: str = sys.executable) -> tuple[float, float, str]:
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([python, "-c", code, *args], capture_output=True, text=True, env=env, check=True)
    wall, rss, extra = out.stdout.strip().splitlines()[-1].split(" ", 2)
    return float(wall), float(rss), extra


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=200_000)
    ap.add_argument("--genes", type=int, default=500)
    ap.add_argument("--repeats", type=int, default=3, help="runs of scan and call; the best is reported")
    ap.add_argument("--no-pandas", action="store_true", help="skip the (slow, ~7 GB) full pandas.read_csv")
    ap.add_argument("--keep", type=Path, default=None, help="write the matrix here and keep it")
    ap.add_argument("--python", default=sys.executable,
                    help="interpreter that runs the scan and the call, e.g. that of a venv made by a plain "
                         "'pip install mdm2io' (default: this one; a dev/test environment also has the optional pyarrow)")
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="mdm2io_bench_"))
    folder = a.keep or tmp
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "data_CNA.txt"
    t = time.perf_counter()
    write_matrix(path, a.genes, a.samples)
    probe = "import importlib.util, sys; print(sys.version.split()[0], importlib.util.find_spec('pyarrow') is not None)"
    version, has_arrow = subprocess.run([a.python, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    print(f"interpreter: {a.python} (Python {version}; pyarrow installed: {has_arrow == 'True'}, "
          f"and pandas imports it whenever it is)")
    print(f"matrix: {a.genes} genes x {a.samples} samples, {path.stat().st_size / 1e6:.0f} MB "
          f"(written in {time.perf_counter() - t:.1f} s)")
    results = {}
    for name, code, args in (("scan", SCAN, (str(path),)), ("call", CALL, (str(path), str(tmp / "out")))):
        best = min((run(code, *args, python=a.python) for _ in range(a.repeats)), key=lambda r: r[0])
        results[name] = best
        print(f"{name:7s} wall {best[0]:7.2f} s   peak RSS {best[1]:7.0f} MB   {best[2]}")
    if not a.no_pandas:
        results["pandas"] = run(PANDAS, str(path))
        print(f"pandas  wall {results['pandas'][0]:7.2f} s   peak RSS {results['pandas'][1]:7.0f} MB   {results['pandas'][2]}")
    s, c = results["scan"], results["call"]
    print(f"call / scan: {c[0] / max(s[0], 1e-3):.1f}x wall time, {c[1] / s[1]:.1f}x memory "
          f"(target: wall within 5x of the scan, <= 150 MB); load average now {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(json.dumps({k: {"wall_s": v[0], "peak_rss_mb": v[1]} for k, v in results.items()}))
    if a.keep is None:
        for p in sorted(tmp.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        tmp.rmdir()


if __name__ == "__main__":
    main()
