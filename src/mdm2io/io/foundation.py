"""FoundationOne-style gene calls, as distributed with IMvigor210 (Mariathasan et al. 2018, doi:10.1038/nature25501).

Copy-number calls look like ``amplification(15, exons 11 of 11)`` or ``loss(0, exons 3 of 26)``:
the first number is the copy number estimated by Foundation Medicine's pipeline
(Frampton et al. 2013, doi:10.1038/nbt.2696). Short variants look like
``c.49G>A_p.E17K(0.34,322)``: cDNA change, protein change, (variant allele fraction, depth);
several variants in one gene are separated by ``"; "``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["CopyNumberCall", "ShortVariant", "parse_copy_number_call", "parse_short_variants"]

_CN_RE = re.compile(r"^\s*(?P<call>[A-Za-z_]+)\(\s*(?P<cn>\d+(?:\.\d+)?)\s*,\s*exons?\s+(?P<exons>[^)]*?)\s*\)\s*$")
# cDNA changes may contain "_" (c.6365_6366insTGC), so split at the first "_p." when present.
_SV_RE = re.compile(r"^\s*(?P<cdna>.*?)_(?P<protein>p\..*|[^_(]*)\((?P<vaf>[0-9.]+)\s*,\s*(?P<depth>\d+)\)\s*$")


@dataclass(frozen=True)
class CopyNumberCall:
    """A parsed FoundationOne copy-number call."""

    call: str  #: the assay's own word, e.g. "amplification" or "loss"
    copy_number: float
    exons: str  #: e.g. "11 of 11"


@dataclass(frozen=True)
class ShortVariant:
    """A parsed FoundationOne short variant."""

    cdna_change: str
    protein_change: str
    vaf: float
    depth: int


def parse_copy_number_call(text: str) -> CopyNumberCall | None:
    """Parse ``amplification(15, exons 11 of 11)``; returns None when the text does not match.

    Examples
    --------
    >>> parse_copy_number_call("amplification(15, exons 11 of 11)")
    CopyNumberCall(call='amplification', copy_number=15.0, exons='11 of 11')
    >>> parse_copy_number_call("loss(0, exons 3 of 26)").copy_number
    0.0
    """
    m = _CN_RE.match(text or "")
    if not m:
        return None
    return CopyNumberCall(m["call"].lower(), float(m["cn"]), m["exons"])


def parse_short_variants(text: str) -> list[ShortVariant] | None:
    """Parse ``c.49G>A_p.E17K(0.34,322)``, possibly several separated by ``"; "``.

    Returns None if any part does not match (so the caller can report the row).

    Examples
    --------
    >>> [v.protein_change for v in parse_short_variants("c.637C>T_p.R213*(0.19,524); c.4135G>T_p.E1379*(0.17,750)")]
    ['p.R213*', 'p.E1379*']
    """
    out = []
    for part in (text or "").split(";"):
        if not part.strip():
            continue
        m = _SV_RE.match(part)
        if not m:
            return None
        out.append(ShortVariant(m["cdna"].strip(), m["protein"].strip(), float(m["vaf"]), int(m["depth"])))
    return out or None
