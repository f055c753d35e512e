"""TP53 variant classes and per-sample TP53 status, for MDM2-inhibitor eligibility.

MDM2 inhibitors act by releasing wild-type p53, so trials enrol TP53 wild-type tumours
(e.g. NCT03964233, NCT03787602). A sample is ``mutated`` when any protein-altering TP53
variant was called, ``deleted`` on a deep (homozygous) deletion, ``wild_type`` when TP53
was assessed and neither was found, and ``not_assessed`` when TP53 was not covered.

Variant classes:

* ``truncating``: nonsense, frameshift, splice-site, start-loss, nonstop;
* ``hotspot missense``: missense at the six most frequent TP53 codons R175, G245, R248,
  R249, R273, R282 (Baugh et al. 2018, doi:10.1038/cdd.2017.180; IARC TP53 database,
  Bouaoun et al. 2016, doi:10.1002/humu.23035); the codon set is an option;
* ``other missense``; ``in-frame`` (in-frame insertions/deletions); ``other``.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["TP53_STATUSES", "TP53_HOTSPOT_CODONS", "classify_variant", "protein_to_short"]

TP53_STATUSES = ("wild_type", "mutated", "deleted", "not_assessed")
#: The six canonical TP53 hotspot codons (Baugh 2018, doi:10.1038/cdd.2017.180).
TP53_HOTSPOT_CODONS = frozenset({175, 245, 248, 249, 273, 282})

_AA3 = {"Ala": "A", "Arg": "R", "Asn": "N", "Asp": "D", "Cys": "C", "Gln": "Q", "Glu": "E", "Gly": "G",
        "His": "H", "Ile": "I", "Leu": "L", "Lys": "K", "Met": "M", "Phe": "F", "Pro": "P", "Ser": "S",
        "Thr": "T", "Trp": "W", "Tyr": "Y", "Val": "V", "Ter": "*", "Sec": "U", "Xaa": "X"}
_AA3_RE = re.compile("|".join(_AA3))
_MISSENSE_RE = re.compile(r"^p\.\(?([A-Z])(\d+)([A-Z])\)?$")
_CODON_RE = re.compile(r"^p\.\(?[A-Z*](\d+)")

#: MAF Variant_Classification values (GDC MAF spec) -> class.
_VC_CLASS = {
    "Nonsense_Mutation": "truncating", "Frame_Shift_Del": "truncating", "Frame_Shift_Ins": "truncating",
    "Splice_Site": "truncating", "Translation_Start_Site": "truncating", "Nonstop_Mutation": "truncating",
    "In_Frame_Del": "in-frame", "In_Frame_Ins": "in-frame", "Missense_Mutation": "missense",
}
#: Variant classes that do not change the protein: not counted as TP53 mutation.
SILENT_CLASSES = frozenset({"Silent", "Intron", "3'UTR", "5'UTR", "3'Flank", "5'Flank", "IGR", "RNA",
                            "lincRNA", "Splice_Region"})


def protein_to_short(protein_change: str | None) -> str:
    """HGVS protein change in one-letter form (``p.Arg248Gln`` -> ``p.R248Q``); adds ``p.`` if missing.

    Examples
    --------
    >>> protein_to_short("p.Arg248Gln"), protein_to_short("R175H"), protein_to_short("p.(Arg213Ter)")
    ('p.R248Q', 'p.R175H', 'p.(R213*)')
    """
    if protein_change is None or (isinstance(protein_change, float) and pd.isna(protein_change)):
        return ""
    s = str(protein_change).strip()
    if not s:
        return ""
    if not s.startswith("p."):
        s = "p." + s
    return _AA3_RE.sub(lambda m: _AA3[m.group(0)], s)


def classify_variant(protein_change: str | None, variant_classification: str | None = None,
                     hotspot_codons=TP53_HOTSPOT_CODONS) -> str:
    """Class of one TP53 variant: truncating, hotspot missense, other missense, in-frame, other or silent.

    Uses the MAF ``Variant_Classification`` when given, else the protein change.

    Examples
    --------
    >>> classify_variant("p.R248Q"), classify_variant("p.E285K"), classify_variant("p.Q192*")
    ('hotspot missense', 'other missense', 'truncating')
    >>> classify_variant("p.splice site 375G>A"), classify_variant("p.V2012fs*28")
    ('truncating', 'truncating')
    >>> classify_variant("p.R273C", "Missense_Mutation"), classify_variant("p.T125T", "Silent"), classify_variant("p.T125=")
    ('hotspot missense', 'silent', 'silent')
    """
    p = protein_to_short(protein_change)
    vc = (variant_classification or "") if isinstance(variant_classification, str) else ""
    if vc in SILENT_CLASSES:
        return "silent"
    cls = _VC_CLASS.get(vc)
    if cls is None:
        low = p.lower()
        if "fs" in low or "*" in p or "splice" in low or "ter" in low or re.match(r"^p\.\(?m1[^0-9]", low):
            cls = "truncating"
        elif re.match(r"^p\.\(?[A-Z]\d+=\)?$", p) or p in ("p.=", "p.(=)"):
            cls = "silent"  # synonymous, e.g. p.T790=
        elif _MISSENSE_RE.match(p):
            ref, alt = _MISSENSE_RE.match(p).group(1), _MISSENSE_RE.match(p).group(3)
            cls = "silent" if ref == alt else "missense"
        elif "del" in low or "ins" in low or "dup" in low or ">" in low:
            cls = "in-frame"
        elif p in ("", "p.", "p.?", "p.=", "p.(=)"):
            cls = "other"
        else:
            cls = "other"
    if cls == "missense":
        m = _CODON_RE.match(p)
        return "hotspot missense" if (m and int(m.group(1)) in hotspot_codons) else "other missense"
    return cls
