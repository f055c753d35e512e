"""Tumour mutational burden (TMB) from mutation calls and the panel's coding territory.

TMB = (number of counted variants) / (coding territory in Mb). Which variants count is a
choice that changes the number, so it is an option and is written on every value
(Merino et al. 2020, TMB harmonization, doi:10.1136/jitc-2019-000147; PCGR's ``tmb``
numerators, Nakken 2018, doi:10.1093/bioinformatics/btx817):

* ``coding_non_silent`` (default): missense, nonsense, frameshift, in-frame indel, splice
  site, start/stop-loss (MAF classes);
* ``coding_and_silent``: the above plus synonymous (Chalmers et al. 2017,
  doi:10.1186/s13073-017-0424-2, counted synonymous changes to reduce sampling noise);
* ``missense_only``.

Variants without a Variant_Classification are classified from their protein change
(``p.R248Q`` missense, ``p.Q192*`` nonsense, ``fs`` frameshift, ``=``/same residue synonymous).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from .tp53 import classify_variant

__all__ = ["compute_tmb", "TMB_NUMERATORS"]

_NON_SILENT = frozenset({"Missense_Mutation", "Nonsense_Mutation", "Frame_Shift_Del", "Frame_Shift_Ins",
                         "In_Frame_Del", "In_Frame_Ins", "Splice_Site", "Translation_Start_Site", "Nonstop_Mutation"})
TMB_NUMERATORS = {
    "coding_non_silent": _NON_SILENT,
    "coding_and_silent": _NON_SILENT | {"Silent"},
    "missense_only": frozenset({"Missense_Mutation"}),
}
_CLASS_FROM_PROTEIN = {"truncating": "Nonsense_Mutation", "hotspot missense": "Missense_Mutation",
                       "other missense": "Missense_Mutation", "in-frame": "In_Frame_Del", "silent": "Silent"}


def compute_tmb(cohort, panel_size_mb: float | None = None, *, numerator: str = "coding_non_silent",
                samples=None) -> pd.DataFrame:
    """TMB per sample from ``cohort.alterations`` (kind ``mutation``).

    Parameters
    ----------
    cohort : Cohort
    panel_size_mb : float, optional
        Coding territory in Mb; default ``samples.panel_size_mb`` per sample (an error
        when neither is given: a TMB without its denominator is meaningless).
    numerator : {"coding_non_silent", "coding_and_silent", "missense_only"}
    samples : iterable of str, optional
        Samples profiled for mutations (others get NaN); default all samples.

    Returns
    -------
    DataFrame
        ``sample_id, n_counted, n_not_counted, panel_size_mb, tmb_per_mb, tmb_rule``.

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.cohort import Cohort
    >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p1", "p2"]}),
    ...            samples=pd.DataFrame({"sample_id": ["s1", "s2"], "patient_id": ["p1", "p2"]}),
    ...            alterations=pd.DataFrame({"sample_id": ["s1", "s1", "s1"], "gene": ["TP53", "KRAS", "EGFR"],
    ...                                      "kind": "mutation", "protein_change": ["p.R248Q", "p.G12D", "p.T790T"],
    ...                                      "variant_classification": ["Missense_Mutation", None, "Silent"]}))
    >>> compute_tmb(c, panel_size_mb=0.8)[["sample_id", "n_counted", "tmb_per_mb"]].values.tolist()
    [['s1', 2, 2.5], ['s2', 0, 0.0]]
    """
    if numerator not in TMB_NUMERATORS:
        raise InputError(f"unknown TMB numerator {numerator!r}", expected=f"one of {', '.join(TMB_NUMERATORS)}",
                         fix="use coding_non_silent, coding_and_silent or missense_only")
    s = cohort.samples
    size = pd.Series(np.nan, index=s.index)
    if panel_size_mb is not None:
        if not panel_size_mb > 0:
            raise InputError(f"panel size {panel_size_mb!r} Mb is not positive", column="panel_size_mb",
                             expected="the coding territory in Mb, e.g. 0.8 for FoundationOne (T7)",
                             fix="give the panel's coding size in megabases")
        size[:] = float(panel_size_mb)
    elif "panel_size_mb" in s.columns:
        size = pd.to_numeric(s["panel_size_mb"], errors="coerce")
    if size.isna().all():
        raise InputError("no panel size: TMB needs the sequenced coding territory in Mb", column="panel_size_mb",
                         expected="samples.panel_size_mb or panel_size_mb=...",
                         fix="pass --panel-size-mb (e.g. 0.8 for FoundationOne T7; check your assay's documentation)")
    a = cohort.alterations
    m = a[a["kind"] == "mutation"]
    vc = m["variant_classification"] if "variant_classification" in m.columns else pd.Series(None, index=m.index, dtype=object)
    pc = m["protein_change"] if "protein_change" in m.columns else pd.Series(None, index=m.index, dtype=object)
    inferred = [v if isinstance(v, str) and v else _CLASS_FROM_PROTEIN.get(classify_variant(p)) for v, p in zip(vc, pc)]
    counted = pd.Series([x in TMB_NUMERATORS[numerator] for x in inferred], index=m.index, dtype=bool)
    n_inferred = int(sum(not (isinstance(v, str) and v) for v in vc))
    sid = s["sample_id"].astype(str)
    n_c = m.loc[counted, "sample_id"].astype(str).value_counts().reindex(sid, fill_value=0).to_numpy()
    n_n = m.loc[~counted, "sample_id"].astype(str).value_counts().reindex(sid, fill_value=0).to_numpy()
    tmb = n_c / size.to_numpy(dtype=float)
    if samples is not None:
        tmb = np.where(sid.isin(set(samples)).to_numpy(), tmb, np.nan)
    rule = (f"TMB = {numerator} variants / panel Mb (counted classes: {', '.join(sorted(TMB_NUMERATORS[numerator]))}"
            + (f"; {n_inferred} variants without Variant_Classification classified from the protein change" if n_inferred else "")
            + "; Merino 2020 doi:10.1136/jitc-2019-000147)")
    return pd.DataFrame({"sample_id": sid.to_numpy(), "n_counted": n_c, "n_not_counted": n_n,
                         "panel_size_mb": size.to_numpy(dtype=float), "tmb_per_mb": tmb, "tmb_rule": rule})
