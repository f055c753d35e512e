"""Files in, biomarker tables out: the Python API behind ``mdm2io call``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import Problem
from .calls import call_biomarkers, call_genes
from .copy_number import Preset, get_preset
from .genes import CN_GENES

__all__ = ["CallResult", "call_inputs", "call_cohort"]


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
    """

    biomarkers: pd.DataFrame
    gene_calls: pd.DataFrame
    alterations: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    cohort: object = None

    def write(self, out_dir: str | Path) -> dict[str, Path]:
        """Write ``biomarkers.tsv``, ``gene_calls.tsv``, ``alterations.tsv`` and ``problems.tsv`` to ``out_dir``."""
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        files = {"biomarkers": out / "biomarkers.tsv", "gene_calls": out / "gene_calls.tsv",
                 "alterations": out / "alterations.tsv", "problems": out / "problems.tsv"}
        self.biomarkers.to_csv(files["biomarkers"], sep="\t", index=False, na_rep="")
        self.gene_calls.to_csv(files["gene_calls"], sep="\t", index=False, na_rep="")
        self.alterations.to_csv(files["alterations"], sep="\t", index=False, na_rep="")
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
    b = call_biomarkers(cohort, p, **options)
    keys = ("amp_factor", "default_ploidy", "copy_number_assessed")
    g = call_genes(cohort, p, genes=genes, **{k: options[k] for k in keys if k in options})
    return CallResult(b, g, cohort.alterations, list(problems or []), cohort)


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
