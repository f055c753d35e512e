"""Independent cross-check for the tests: a biomarker table from a cohort's own (source) calls,
written without the genomics stage, to compare with :func:`mdm2io.genomics.call_biomarkers`.

It reads ``Cohort.alterations`` as reported by the source (e.g. FoundationOne's
amplification / deletion / short-variant calls in IMvigor210) and writes the same wide
columns as the genomics stage (``<GENE>_status``, ``<GENE>_cn``, ``TP53_status``,
``TP53_detail``), with ``rule = "source call"``. It applies no copy-number threshold of its
own; a gene absent from a profiled sample is ``neutral`` (copy number) / ``wild_type`` (TP53).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["source_calls", "GENES"]

#: Genes written as ``<GENE>_status`` columns.
GENES = ("MDM2", "MDM4", "CDK4", "FRS2", "EGFR", "TP53", "DNMT3A", "ALK", "CCND1", "FGF3", "FGF4", "FGF19", "ATM")

_KIND_TO_STATUS = {"amplification": "amplified", "gain": "gain", "deletion": "deleted", "loss": "loss",
                   "mutation": "mutated", "fusion": "mutated"}
# When a gene has several calls in one sample, keep the most consequential.
_RANK = {"amplified": 0, "deleted": 1, "mutated": 2, "gain": 3, "loss": 4}


def source_calls(cohort, genes=GENES) -> pd.DataFrame:
    """Wide biomarker table (one row per sample) from the cohort's alteration rows.

    Examples
    --------
    >>> from mdm2io.datasets import load_imvigor210
    >>> t = source_calls(load_imvigor210())
    >>> int((t.MDM2_status == "amplified").sum()), len(t)
    (25, 293)
    """
    samples = cohort.samples[["sample_id", "patient_id"]].copy()
    out = samples.set_index("sample_id")
    alts = cohort.alterations
    alts = alts[alts["gene"].isin(genes)].copy()
    alts["status"] = alts["kind"].map(_KIND_TO_STATUS)
    alts["rank"] = alts["status"].map(_RANK)
    for gene in genes:
        g = alts[alts["gene"] == gene].sort_values("rank", kind="stable")
        default = "wild_type" if gene == "TP53" else "neutral"
        status = g.groupby("sample_id")["status"].first()
        out[f"{gene}_status"] = status.reindex(out.index).fillna(default)
        if gene == "TP53":
            out.loc[out[f"{gene}_status"] == "mutated", f"{gene}_status"] = "mutated"
        if "copy_number" in g:
            cn = g[g["status"].isin(["amplified", "gain", "deleted", "loss"])].groupby("sample_id")["copy_number"].max()
            out[f"{gene}_cn"] = cn.reindex(out.index).astype(float)
        if "protein_change" in g:
            det = (g[g["status"] == "mutated"].groupby("sample_id")["protein_change"]
                   .agg(lambda s: ", ".join(str(x) for x in s if isinstance(x, str) and x)))
            out[f"{gene}_detail"] = det.reindex(out.index).replace("", np.nan)
    out["rule"] = "source call (Cohort.alterations, no mdm2io threshold)"
    out["MDM2_amplified"] = out["MDM2_status"] == "amplified"
    return out.reset_index()
