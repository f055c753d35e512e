"""Copy-number status of one gene in one sample, under named, cited presets.

A *preset* turns a gene-level copy-number measurement (the source's own call, a
cBioPortal/GISTIC discrete value, an absolute total copy number or a log2 ratio) into one
status of :data:`CN_STATUSES`. Every call records the preset, so two analyses with
different cut-offs can never be confused. Amplification thresholds in the literature are
arbitrary and assay-specific (see ``docs/genomics.md``); the presets below are the ones
users meet in practice, each with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..errors import InputError

__all__ = ["CN_STATUSES", "Preset", "PRESETS", "get_preset", "classify_copy_number"]

#: Copy-number statuses, from most to least copies. ``not_assessed``: the gene was not
#: measured in that sample (not on the panel, NA in the matrix, no covering segment).
CN_STATUSES = ("amplified", "gain", "neutral", "loss", "deleted", "not_assessed")

#: The source's own call word -> status (FoundationOne channels, cBioPortal kinds).
_KIND_TO_STATUS = {"amplification": "amplified", "gain": "gain", "loss": "loss", "deletion": "deleted"}


@dataclass(frozen=True)
class Preset:
    """A named copy-number calling rule.

    Parameters
    ----------
    name
        Short name used on the command line (``--preset NAME``) and in every call's ``rule``.
    measure
        What the rule reads: ``"source_call"`` (the assay's own call), ``"discrete"``
        (cBioPortal/GISTIC −2…2), ``"absolute"`` (total copy number), ``"relative"``
        (copy number ÷ sample ploidy) or ``"log2"`` (log2 ratio tumour/normal).
    amplified, gain, loss, deleted
        Thresholds on that measure: amplified if ≥ ``amplified``, gain if ≥ ``gain``,
        deleted if ≤ ``deleted``, loss if ≤ ``loss``; ``None`` where the measure has no
        such threshold.
    amplified_wgd
        Amplification threshold after whole-genome doubling (FACETS).
    citation
        Source of the thresholds (DOI/URL).
    description
        One sentence for the rule text.
    """

    name: str
    measure: str
    description: str
    citation: str
    amplified: float | None = None
    gain: float | None = None
    loss: float | None = None
    deleted: float | None = None
    amplified_wgd: float | None = None
    genes: tuple[str, ...] | None = None  #: genes the cut-off was defined for (others: see description)
    short: str = ""  #: compact thresholds for the per-row rule text

    def rule(self, citation: bool = True, short: bool = False, **overrides) -> str:
        """The rule text recorded on every call made with this preset (citation optional).

        Examples
        --------
        >>> PRESETS["mantra2"].rule(citation=False)[:40]
        'mantra2: copy number >= 12 amplified (MA'
        """
        parts = [f"{self.name}: {self.short if (short and self.short) else self.description}"]
        if overrides:
            parts.append("options " + ", ".join(f"{k}={v}" for k, v in sorted(overrides.items())))
        if citation:
            parts.append(f"[{self.citation}]")
        return " ".join(parts)


PRESETS: dict[str, Preset] = {
    "foundation": Preset(
        "foundation", "source_call",
        "the assay's own amplification/gain/deletion call (FoundationOne: amplification, gain, loss(0) = deep "
        "deletion); no call = neutral",
        "Frampton 2013 doi:10.1038/nbt.2696"),
    "cbioportal": Preset(
        "cbioportal", "discrete",
        "cBioPortal/GISTIC discrete value: 2 amplified, 1 gain, 0 neutral, -1 loss, -1.5 or -2 deleted",
        "cBioPortal file formats (discrete CNA); Mermel 2011 doi:10.1186/gb-2011-12-4-r41",
        amplified=2, gain=1, loss=-1, deleted=-1.5),
    "pcgr": Preset(
        "pcgr", "absolute",
        "total copy number >= 5 amplified, >= 3 gain, <= 1 loss, 0 deleted (PCGR v2 absolute mode)",
        "Nakken 2018 doi:10.1093/bioinformatics/btx817; PCGR v2 cna defaults",
        amplified=5, gain=3, loss=1, deleted=0),
    "facets": Preset(
        "facets", "absolute",
        "total copy number >= 5 amplified (>= 6 after whole-genome doubling), >= 3 gain, <= 1 loss, "
        "0 deleted (facetsSuite copy_number_states)",
        "Shen & Seshan 2016 doi:10.1093/nar/gkw520; mskcc/facets-suite gene-level-changes",
        amplified=5, gain=3, loss=1, deleted=0, amplified_wgd=6),
    "ploidy_relative": Preset(
        "ploidy_relative", "relative",
        "copy number >= 2.5 x sample ploidy amplified, >= 1.5 x gain, <= 0.5 x loss, 0 deleted "
        "(PCGR relative mode; GDC uses amp_factor=2)",
        "PCGR v2 relative mode; GDC copy-number categories (ASCAT/ABSOLUTE, 2 x ploidy)",
        amplified=2.5, gain=1.5, loss=0.5, deleted=0),
    "cnvkit": Preset(
        "cnvkit", "log2",
        "log2 ratio >= 0.7 amplified, >= 0.2 gain, <= -0.25 loss, <= -1.1 deleted (CNVkit call -m threshold "
        "defaults; rescaled to a pure tumour when purity is given)",
        "Talevich 2016 doi:10.1371/journal.pcbi.1004873",
        amplified=0.7, gain=0.2, loss=-0.25, deleted=-1.1),
    "mantra2": Preset(
        "mantra2", "absolute",
        "copy number >= 12 amplified (MANTRA-2 milademetan basket-trial MDM2 cut-off, applied to every gene), "
        ">= 3 gain, <= 1 loss, 0 deleted",
        "MANTRA-2 NCT05012397 (eligibility: MDM2 CN >= 12 or 6-fold increase, Dumbrava et al. ASCO 2022 "
        "trial-in-progress abstract; cut-off from GENIE TP53/MDM2 mutual exclusivity, Cancer Res 2022;82(12 Suppl):1174)",
        amplified=12, gain=3, loss=1, deleted=0, genes=("MDM2",)),
}
_SHORT = {
    "foundation": "assay call (amplification/gain/loss; loss(0) = deleted); no call = neutral",
    "cbioportal": "discrete 2 amplified, 1 gain, -1 loss, -1.5/-2 deleted",
    "pcgr": "CN >= 5 amplified, >= 3 gain, <= 1 loss, 0 deleted",
    "facets": "CN >= 5 (>= 6 if WGD) amplified, >= 3 gain, <= 1 loss, 0 deleted",
    "ploidy_relative": "CN/ploidy >= 2.5 amplified, >= 1.5 gain, <= 0.5 loss, CN 0 deleted",
    "cnvkit": "log2 >= 0.7 amplified, >= 0.2 gain, <= -0.25 loss, <= -1.1 deleted (purity-adjusted)",
    "mantra2": "CN >= 12 amplified, >= 3 gain, <= 1 loss, 0 deleted",
}
PRESETS = {k: replace(v, short=_SHORT[k]) for k, v in PRESETS.items()}


def get_preset(name: str | Preset) -> Preset:
    """The preset called ``name``; a clear error with suggestions when unknown.

    Examples
    --------
    >>> get_preset("pcgr").amplified
    5
    >>> get_preset("pcg")
    Traceback (most recent call last):
    ...
    mdm2io.errors.InputError: unknown preset 'pcg' (expected one of foundation, cbioportal, pcgr, facets, ploidy_relative, cnvkit, mantra2). Fix: did you mean 'pcgr'?
    """
    if isinstance(name, Preset):
        return name
    if name not in PRESETS:
        import difflib

        close = difflib.get_close_matches(str(name), list(PRESETS), n=1)
        raise InputError(f"unknown preset {name!r}", expected=f"one of {', '.join(PRESETS)}",
                         fix=f"did you mean {close[0]!r}?" if close else f"use one of {', '.join(PRESETS)}")
    return PRESETS[name]


def _thresholds(values: np.ndarray, p: Preset, amp: np.ndarray | float) -> np.ndarray:
    out = np.empty(values.shape, dtype=object)
    out.fill("neutral")  # one shared str (np.full would make one per cell)
    if p.gain is not None:
        out[values >= p.gain] = "gain"
    out[values >= amp] = "amplified"
    if p.loss is not None:
        out[values <= p.loss] = "loss"
    if p.deleted is not None:
        out[values <= p.deleted] = "deleted"
    out[np.isnan(values)] = "not_assessed"
    return out


def classify_copy_number(measure: pd.DataFrame, preset: str | Preset = "foundation", *,
                         amp_factor: float | None = None, default_ploidy: float = 2.0) -> pd.DataFrame:
    """Copy-number status of gene-level measurements under ``preset`` (vectorised).

    Parameters
    ----------
    measure : DataFrame
        One row per measured (sample, gene). Columns used, depending on the preset:
        ``kind`` (the source's call: amplification, gain, loss, deletion, or empty for a
        measured neutral value), ``cna_value`` (discrete −2…2), ``copy_number`` (absolute
        total copy number), ``log2_ratio``, ``purity``, ``ploidy``, ``wgd`` (0/1).
    preset : str or Preset
        See :data:`PRESETS`.
    amp_factor : float, optional
        For ``ploidy_relative`` only: amplification at ``amp_factor`` × ploidy (default
        2.5 as in PCGR; 2.0 reproduces GDC's rule).
    default_ploidy : float
        Ploidy used when a sample has none (``relative`` and ``log2`` measures); the rule
        text of such calls says so.

    Returns
    -------
    DataFrame
        The input with ``status`` (one of :data:`CN_STATUSES`) and ``value_used`` (the
        number the thresholds were applied to) added.

    Examples
    --------
    >>> m = pd.DataFrame({"copy_number": [14.0, 6.0, 3.0, 0.0, np.nan]})
    >>> list(classify_copy_number(m, "pcgr").status)
    ['amplified', 'amplified', 'gain', 'deleted', 'not_assessed']
    >>> list(classify_copy_number(m, "mantra2").status)
    ['amplified', 'gain', 'gain', 'deleted', 'not_assessed']
    >>> m = pd.DataFrame({"log2_ratio": [0.4, 0.4], "purity": [np.nan, 0.4]})
    >>> list(classify_copy_number(m, "cnvkit").status)  # 0.4 in a 40%-pure sample: 3.6 copies in the tumour
    ['gain', 'amplified']
    """
    p = get_preset(preset)
    out = measure.copy()
    n = len(out)

    def col(name, default=np.nan):
        if name in out.columns:
            return pd.to_numeric(out[name], errors="coerce").to_numpy(dtype=float)
        return np.full(n, default, dtype=float)

    if p.measure == "source_call":
        kind = out["kind"].astype(object) if "kind" in out.columns else pd.Series([None] * n, index=out.index)
        status = kind.map(_KIND_TO_STATUS)
        # A measured row without a call word is a neutral measurement; no row at all is handled by the caller.
        status = status.where(kind.notna(), "neutral").fillna("neutral").to_numpy(dtype=object)
        value = col("copy_number")
    elif p.measure == "discrete":
        value = col("cna_value")
        status = _thresholds(value, p, p.amplified)
    elif p.measure == "absolute":
        value = col("copy_number")
        amp = np.full(n, float(p.amplified))
        if p.amplified_wgd is not None:
            amp = np.where(col("wgd", 0.0) == 1, float(p.amplified_wgd), amp)
        status = _thresholds(value, p, amp)
    elif p.measure == "relative":
        ploidy = col("ploidy")
        ploidy = np.where(np.isnan(ploidy), default_ploidy, ploidy)
        value = col("copy_number") / ploidy
        factor = float(amp_factor if amp_factor is not None else p.amplified)
        status = _thresholds(value, p, factor)
        status[col("copy_number") == 0] = "deleted"
    elif p.measure == "log2":
        log2 = col("log2_ratio")
        cn = col("copy_number")
        # Without a log2 ratio, use the absolute copy number relative to a diploid reference.
        with np.errstate(divide="ignore", invalid="ignore"):
            log2 = np.where(np.isnan(log2) & ~np.isnan(cn), np.log2(np.maximum(cn, 1e-3) / 2.0), log2)
        purity = col("purity")
        has_p = ~np.isnan(purity) & (purity > 0) & (purity < 1)
        # CNVkit's purity rescaling: observed ratio r mixes tumour (fraction p) with diploid normal,
        # r = p * n/2 + (1 - p)  =>  tumour copy ratio n/2 = (r - (1 - p)) / p  (Talevich 2016).
        with np.errstate(divide="ignore", invalid="ignore"):
            pure = (np.exp2(log2) - (1 - purity)) / purity
            pure_log2 = np.log2(np.maximum(pure, 2 ** -10))
        value = np.where(has_p, pure_log2, log2)
        status = _thresholds(value, p, p.amplified)
    else:  # pragma: no cover - presets are declared above
        raise ValueError(p.measure)
    out["status"] = status
    out["value_used"] = value
    return out
