"""Copy-number pieces shared by the readers: one definition each.

* the discrete (cBioPortal/GISTIC) CNA values, their accepted spellings and their kinds, used by
  the CNA-matrix reader, by format detection and by the long-table reader;
* the gene columns of a CNA matrix (``Hugo_Symbol`` / ``Entrez_Gene_Id`` / ``Cytoband``);
* the *provisional* kind (direction) of a copy number or log2 ratio, used by the segment and
  long-table readers (and the log2 CNA matrix).

Discrete values follow the cBioPortal file formats (https://docs.cbioportal.org/file-formats/
#discrete-copy-number-data): −2 deep deletion, −1 shallow deletion, 0 diploid, 1 gain,
2 amplification, and −1.5 partial deep deletion (cBioPortal PR #2627); GISTIC 2.0 thresholded
values (Mermel et al. 2011, doi:10.1186/gb-2011-12-4-r41).
"""

from __future__ import annotations

import numpy as np

from ..genomics import PRESETS
from ..schema import MISSING_STRINGS

__all__ = ["DISCRETE_CNA_KINDS", "DISCRETE_VALUES", "discrete_value", "cna_gene_columns", "cn_direction"]

#: Discrete CNA value -> alteration kind (0 = diploid, not an alteration).
DISCRETE_CNA_KINDS = {2.0: "amplification", 1.0: "gain", -1.0: "loss", -1.5: "deletion", -2.0: "deletion"}

#: Every spelling of a discrete CNA cell the readers accept -> its value (NaN = missing):
#: ``-2 -1.5 -1 0 1 2``, the same with one decimal (``-1.0``, ``2.0``: matrices written by
#: pandas/R) and every spelling of :data:`mdm2io.schema.MISSING_STRINGS`.
DISCRETE_VALUES: dict[str, float] = {
    **{m: np.nan for m in MISSING_STRINGS},
    **{f"{v:g}": v for v in (-2.0, -1.5, -1.0, 0.0, 1.0, 2.0)},
    **{f"{v:.1f}": v for v in (-2.0, -1.5, -1.0, 0.0, 1.0, 2.0)},
}


def discrete_value(text: str) -> float | None:
    """The value of one discrete CNA cell (NaN when missing), None when it is not an allowed value.

    Surrounding white space is ignored.

    Examples
    --------
    >>> discrete_value("2"), discrete_value("-1.0"), discrete_value(" -1.5 ")
    (2.0, -1.0, -1.5)
    >>> discrete_value("NaN"), discrete_value(""), discrete_value("0.37")
    (nan, nan, None)
    """
    return DISCRETE_VALUES.get(str(text).strip())


def cna_gene_columns(header: list[str]) -> tuple[int | None, int | None, int]:
    """``(Hugo_Symbol index, Entrez_Gene_Id index, first sample column)`` of a CNA matrix header.

    Gene columns come first (case-insensitive; an optional ``Cytoband`` follows them); the
    indices are None when absent (the first sample column is then 0 + the columns found).

    Examples
    --------
    >>> cna_gene_columns(["Hugo_Symbol", "Entrez_Gene_Id", "S1"])
    (0, 1, 2)
    >>> cna_gene_columns(["Hugo_Symbol", "Cytoband", "S1", "S2"])
    (0, None, 2)
    """
    low = [h.strip().lower() for h in header[:5]]  # 200,000 sample names may follow
    sym_i = low.index("hugo_symbol") if "hugo_symbol" in low else None
    entrez_i = low.index("entrez_gene_id") if "entrez_gene_id" in low else None
    cyto_i = low.index("cytoband") if "cytoband" in low else None
    found = [i for i in (sym_i, entrez_i, cyto_i) if i is not None]
    return sym_i, entrez_i, (max(found) + 1 if found else 0)


def cn_direction(values, scale: str) -> np.ndarray:
    """Provisional kind of copy numbers or log2 ratios: the direction only (None = neutral or missing).

    The status comes from a preset at call time (:mod:`mdm2io.genomics.copy_number`); this
    kind only says which way a number points, with the extremes named as presets would name
    them:

    * ``scale="absolute"`` (total copy number; neutral 2): ``amplification`` at ≥ the ``pcgr``
      preset's amplification threshold (5; PCGR v2 / facetsSuite, Nakken et al. 2018,
      doi:10.1093/bioinformatics/btx817), ``deletion`` at 0, otherwise ``gain`` above 2 and
      ``loss`` below;
    * ``scale="log2"`` (log2 ratio; neutral 0): ``amplification`` at ≥ 0.7 and ``deletion`` at
      ≤ −1.1, the ``cnvkit`` preset's thresholds (CNVkit ``call -m threshold`` defaults,
      Talevich et al. 2016, doi:10.1371/journal.pcbi.1004873), otherwise ``gain`` above 0 and
      ``loss`` below.

    The thresholds are read from :data:`mdm2io.genomics.PRESETS`, so there is one copy of them.

    Examples
    --------
    >>> cn_direction([15, 3, 2, 1, 0, float("nan")], "absolute").tolist()
    ['amplification', 'gain', None, 'loss', 'deletion', None]
    >>> cn_direction([2.1, 0.3, 0.0, -0.4, -1.2], "log2").tolist()
    ['amplification', 'gain', None, 'loss', 'deletion']
    """
    v = np.asarray(values, dtype=float)
    if scale == "absolute":
        p, neutral = PRESETS["pcgr"], 2.0
        big, zero = v >= p.amplified, v <= p.deleted
    elif scale == "log2":
        p, neutral = PRESETS["cnvkit"], 0.0
        big, zero = v >= p.amplified, v <= p.deleted
    else:
        raise ValueError(f"scale must be 'absolute' or 'log2', not {scale!r}")
    out = np.select([big, zero, v > neutral, v < neutral], ["amplification", "deletion", "gain", "loss"],
                    default="").astype(object)
    out[out == ""] = None
    return out
