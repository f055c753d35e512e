"""Cohort-level summaries of biomarker calls: frequencies and co-amplification."""

from __future__ import annotations

import pandas as pd

from .copy_number import CN_STATUSES
from .tp53 import TP53_STATUSES

__all__ = ["biomarker_frequencies", "coamplification_table"]


def biomarker_frequencies(biomarkers: pd.DataFrame, genes=None) -> pd.DataFrame:
    """Samples per copy-number status for each gene, with % amplified among assessed samples.

    Parameters
    ----------
    biomarkers : DataFrame
        Output of :func:`~mdm2io.genomics.call_biomarkers`.
    genes : sequence of str, optional
        Default: every gene with a ``<gene>_status`` column (TP53 as its own statuses).

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> from mdm2io.genomics import call_biomarkers
    >>> f = biomarker_frequencies(call_biomarkers(load_imvigor210())).set_index("gene")
    >>> int(f.loc["MDM2", "amplified"]), float(f.loc["MDM2", "pct_amplified"])
    (25, 8.5)
    """
    if genes is None:
        genes = [c[:-7] for c in biomarkers.columns if c.endswith("_status") and c not in ("TP53_status",)
                 and not c.endswith("_cn_status")]
    rows = []
    for g in genes:
        vc = biomarkers[f"{g}_status"].value_counts()
        row = {"gene": g, **{s: int(vc.get(s, 0)) for s in CN_STATUSES}}
        assessed = len(biomarkers) - row["not_assessed"]
        row["n_assessed"] = assessed
        row["pct_amplified"] = round(100.0 * row["amplified"] / assessed, 1) if assessed else float("nan")
        rows.append(row)
    out = pd.DataFrame(rows, columns=["gene", "n_assessed", *CN_STATUSES, "pct_amplified"])
    return out


def coamplification_table(biomarkers: pd.DataFrame, anchor: str = "MDM2", partners=("FRS2", "CDK4", "MDM4")) -> pd.DataFrame:
    """Partner-gene amplification and TP53 status among ``anchor``-amplified and other samples.

    Returns one row per group (``<anchor> amplified`` / ``<anchor> not amplified``) with the
    number of samples, the number (and %) with each partner amplified, and TP53 status counts.

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> from mdm2io.genomics import call_biomarkers
    >>> t = coamplification_table(call_biomarkers(load_imvigor210())).set_index("group")
    >>> int(t.loc["MDM2 amplified", "n_samples"]), int(t.loc["MDM2 amplified", "FRS2_amplified"])
    (25, 23)
    """
    st = biomarkers[f"{anchor}_status"]
    rows = []
    for label, mask in ((f"{anchor} amplified", st == "amplified"),
                        (f"{anchor} not amplified", st.isin(["gain", "neutral", "loss", "deleted"]))):
        sub = biomarkers[mask]
        n = len(sub)
        row = {"group": label, "n_samples": n}
        for p in partners:
            col = f"{p}_status"
            if col in sub:
                k = int((sub[col] == "amplified").sum())
                row[f"{p}_amplified"] = k
                row[f"{p}_pct"] = round(100.0 * k / n, 1) if n else float("nan")
        if "TP53_status" in sub:
            for s in TP53_STATUSES:
                row[f"TP53_{s}"] = int((sub["TP53_status"] == s).sum())
        rows.append(row)
    return pd.DataFrame(rows)
