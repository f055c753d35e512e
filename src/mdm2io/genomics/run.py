"""Files in, biomarker tables out: the Python API behind ``mdm2io call``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import Problem
from .calls import call_biomarkers, call_genes
from .copy_number import Preset, get_preset
from .genes import CN_GENES

__all__ = ["CallResult", "call_inputs", "call_cohort", "write_tsv"]


@dataclass
class CallResult:
    """Biomarker calls with everything needed to trace them.

    Attributes
    ----------
    biomarkers : DataFrame
        One row per sample (:func:`~mdm2io.genomics.call_biomarkers`).
    gene_calls : DataFrame
        One row per (sample, gene) (:func:`~mdm2io.genomics.call_genes`).
    alterations : DataFrame
        Every alteration read, with the rule (and source line) it came from.
    problems : list of Problem
        Rows or files the readers could not use, and warnings.

    Examples
    --------
    >>> import tempfile
    >>> from mdm2io.datasets import load_imvigor210
    >>> r = call_cohort(load_imvigor210(), "mantra2")
    >>> print(r.summary().splitlines()[1])
      MDM2: amplified 22, not assessed 0
    >>> sorted(r.write(tempfile.mkdtemp(), gene_calls=False))
    ['alterations', 'biomarkers', 'problems', 'rules']
    """

    biomarkers: pd.DataFrame
    gene_calls: pd.DataFrame
    alterations: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    cohort: object = None
    rules_text: str = ""

    def write(self, out_dir: str | Path, gene_calls: bool = True) -> dict[str, Path]:
        """Write ``biomarkers.tsv``, ``alterations.tsv``, ``problems.tsv``, ``rules.txt`` and ``gene_calls.tsv``.

        ``gene_calls.tsv`` (one row per sample and gene; written when ``gene_calls``) leaves out
        the ``rule`` column, the same for every row; ``rules.txt`` holds the full rule text with
        its citations.
        """
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = {"biomarkers": out / "biomarkers.tsv", "alterations": out / "alterations.tsv",
                 "problems": out / "problems.tsv", "rules": out / "rules.txt"}
        write_tsv(self.biomarkers, files["biomarkers"])
        if gene_calls:
            files["gene_calls"] = out / "gene_calls.tsv"
            write_tsv(self.gene_calls, files["gene_calls"], columns=[c for c in self.gene_calls.columns if c != "rule"])
        write_tsv(self.alterations, files["alterations"])
        files["rules"].write_text(self.rules_text + "\n")
        pd.DataFrame([p.to_dict() for p in self.problems],
                     columns=["severity", "file", "line", "column", "message", "expected", "fix"]).to_csv(
            files["problems"], sep="\t", index=False, na_rep="")
        return files

    def summary(self) -> str:
        """A few lines for a terminal: samples, MDM2/MDM4 amplified, TP53 status counts, problems."""
        b = self.biomarkers
        n = len(b)
        lines = [f"{n} samples; preset {b['preset'].iloc[0] if n else '-'}"]
        for g in ("MDM2", "MDM4", "CDK4", "FRS2"):
            col = f"{g}_status"
            if col in b:
                vc = b[col].value_counts()
                lines.append(f"  {g}: amplified {int(vc.get('amplified', 0))}, not assessed {int(vc.get('not_assessed', 0))}")
        if "TP53_status" in b:
            lines.append("  TP53: " + ", ".join(f"{k} {v}" for k, v in b["TP53_status"].value_counts().items()))
        errors = sum(p.severity == "error" for p in self.problems)
        lines.append(f"{errors} input row(s) not used, {len(self.problems) - errors} warning(s) (see problems.tsv)")
        return "\n".join(lines)


def call_cohort(cohort, preset: str | Preset = "foundation", *, problems=None, **options) -> CallResult:
    """:class:`CallResult` for a Cohort (options as :func:`~mdm2io.genomics.call_biomarkers`).

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> r = call_cohort(load_imvigor210(), "foundation")
    >>> int(r.biomarkers.MDM2_amplified.sum()), len(r.gene_calls) == 293 * 11
    (25, True)
    """
    p = get_preset(preset)
    genes = options.get("genes", CN_GENES)
    keys = ("amp_factor", "default_ploidy", "copy_number_assessed")
    g = call_genes(cohort, p, genes=genes, **{k: options[k] for k in keys if k in options})
    b = call_biomarkers(cohort, p, gene_calls=g, **options)
    from .calls import tp53_rule
    from .tp53 import TP53_HOTSPOT_CODONS

    rules = "\n".join([
        f"copy number: {p.rule(citation=True)}",
        tp53_rule(options.get("hotspot_codons", TP53_HOTSPOT_CODONS), citation=True),
        f"per-row rule text (biomarkers.tsv): {b['rule'].iloc[0] if len(b) else ''}",
    ])
    return CallResult(b, g, cohort.alterations, list(problems or []), cohort, rules)


_BOOL_TEXT = np.array(["", "True", "False"], dtype=object)


def write_tsv(df: pd.DataFrame, path: Path, columns=None, chunk_rows: int = 50_000) -> None:
    """Write ``df`` as TSV (empty string for missing), faster than ``DataFrame.to_csv`` on wide tables.

    Rows are converted and written ``chunk_rows`` at a time, so memory stays flat on large cohorts.

    Examples
    --------
    >>> import tempfile, pathlib, numpy as np
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tsv"
    >>> write_tsv(pd.DataFrame({"a": ["x", None], "b": [1.5, np.nan], "c": pd.array([True, pd.NA], dtype="boolean")}), p)
    >>> p.read_text()
    'a\\tb\\tc\\nx\\t1.5\\tTrue\\n\\t\\t\\n'
    """
    columns = list(df.columns if columns is None else columns)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\t".join(map(str, columns)) + "\n")
        for start in range(0, len(df), chunk_rows):
            part = df.iloc[start:start + chunk_rows]
            cols = [_column_text(part[c]) for c in columns]
            fh.write("\n".join(map("\t".join, zip(*cols))) + "\n")


def _column_text(s: pd.Series) -> np.ndarray:
    if isinstance(s.dtype, pd.CategoricalDtype):
        s = s.astype(object)
    miss = s.isna().to_numpy()
    if pd.api.types.is_bool_dtype(s.dtype):
        # index into three shared str objects (np.where(...).astype(object) would make one object per cell)
        return _BOOL_TEXT[np.where(miss, 0, np.where(s.fillna(False).to_numpy(dtype=bool), 1, 2))]
    if pd.api.types.is_float_dtype(s.dtype):
        vals = np.full(len(s), "", dtype=object)
        ok = ~miss
        vals[ok] = [repr(float(x)) if not float(x).is_integer() else f"{x:.1f}" for x in s.to_numpy()[ok]]
        return vals
    vals = s.astype(object).to_numpy().copy()
    vals[miss] = ""
    if pd.api.types.infer_dtype(vals, skipna=False) != "string":
        vals = np.array([v if isinstance(v, str) else str(v) for v in vals], dtype=object)
    if s.dtype == object and any("\t" in v or "\n" in v for v in pd.unique(vals)):
        # a tab or newline inside a value would break the row structure
        vals = np.array([v.replace("\t", " ").replace("\n", " ") for v in vals], dtype=object)
    return vals


def call_inputs(paths, preset: str | Preset = "foundation", *, seg_units: str | None = None, genome: str | None = None,
                purity: float | None = None, ploidy: float | None = None, assay: str | None = None,
                **options) -> CallResult:
    """Read one or more inputs (any format :mod:`mdm2io.io` reads) and call biomarkers.

    Parameters
    ----------
    paths : list of str or Path
        Cohort folders, cBioPortal study folders, VCF, MAF, .seg, CNA matrices or long tables;
        several inputs are combined (e.g. a CNA matrix and a MAF).
    preset : str
        Copy-number preset (see :data:`mdm2io.genomics.PRESETS`).
    seg_units, genome, purity, ploidy, assay
        Reader options (see :func:`mdm2io.io.detect.read_input`).
    **options
        Passed to :func:`~mdm2io.genomics.call_biomarkers`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "data_CNA.txt").write_text("Hugo_Symbol\\tS1\\tS2\\nMDM2\\t2\\t0\\nTP53\\t0\\t-2\\n")
    >>> r = call_inputs([d / "data_CNA.txt"], preset="cbioportal")
    >>> r.biomarkers[["sample_id", "MDM2_status", "TP53_status"]].values.tolist()
    [['S1', 'amplified', 'not_assessed'], ['S2', 'neutral', 'deleted']]
    """
    from ..io.detect import read_inputs

    genes = options.get("genes", CN_GENES)
    cohort, problems = read_inputs(paths, genes=genes, seg_units=seg_units, genome=genome, purity=purity,
                                   ploidy=ploidy, assay=assay)
    return call_cohort(cohort, preset, problems=problems, **options)
