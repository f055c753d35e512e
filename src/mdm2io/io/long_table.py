"""Plain long tables of gene calls: ``sample_id, gene, copy_number`` and/or ``alteration``.

``alteration`` may hold FoundationOne-style calls as distributed with IMvigor210
(``amplification(15, exons 11 of 11)``, ``loss(0, exons 3 of 26)``,
``c.743G>A_p.R248Q(0.42,320)``; see :mod:`mdm2io.io.foundation`), plain words
(amplification/amp, gain, loss/shallow deletion, deletion/deep deletion/homdel, fusion),
cBioPortal discrete values (2, 1, −1, −1.5, −2, also written 2.0, −1.0 …, as the CNA-matrix
reader accepts them) or a protein change (``p.R248Q``). A ``copy_number`` without a call gets a
provisional direction by the segment reader's rule (:func:`mdm2io.io._cn.cn_direction`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from .cohort_folder import read_table_file
from ._cn import DISCRETE_CNA_KINDS, cn_direction, discrete_value
from ._common import MISSING, ReadResult, cohort_from_parts, is_missing, resolve_columns
from .foundation import parse_copy_number_call, parse_short_variants

__all__ = ["read_long_table", "parse_alteration"]

_COLUMNS = {
    "sample": ("sample_id", "Tumor_Sample_Barcode", "SAMPLE_ID", "sample"),
    "gene": ("gene", "Hugo_Symbol", "gene_symbol", "symbol"),
    "patient": ("patient_id", "PATIENT_ID", "patient"),
    "copy_number": ("copy_number", "total_cn", "cn", "Copy_Number"),
    "alteration": ("alteration", "call", "Copy_Number_Alteration", "ALTERATION", "variant"),
}
_WORDS = {
    "amplification": "amplification", "amp": "amplification", "amplified": "amplification",
    "gain": "gain", "loss": "loss", "shallow deletion": "loss", "hetloss": "loss", "heterozygous deletion": "loss",
    "deletion": "deletion", "deep deletion": "deletion", "homdel": "deletion", "homozygous deletion": "deletion",
    "fusion": "fusion", "rearrangement": "fusion",
}


def parse_alteration(text: str) -> list[dict] | None:
    """Alteration rows (``kind``, ``copy_number``, ``protein_change`` ...) for one call text; None if not understood.

    Examples
    --------
    >>> parse_alteration("amplification(15, exons 11 of 11)")
    [{'kind': 'amplification', 'copy_number': 15.0, 'details': 'amplification(15, exons 11 of 11)'}]
    >>> parse_alteration("loss(0, exons 3 of 26)")[0]["kind"]
    'deletion'
    >>> [r["protein_change"] for r in parse_alteration("c.743G>A_p.R248Q(0.42,320)")]
    ['p.R248Q']
    >>> parse_alteration("Deep Deletion")[0]["kind"], parse_alteration("-1.5")[0]["cna_value"]
    ('deletion', -1.5)
    >>> parse_alteration("R175H")[0]["protein_change"], parse_alteration("banana") is None
    ('p.R175H', True)
    """
    t = str(text).strip()
    if not t:
        return None
    cn = parse_copy_number_call(t)
    if cn is not None:
        # FoundationOne 'loss(0, ...)' is a homozygous (deep) deletion; a non-zero loss is a single-copy loss.
        kind = {"amplification": "amplification", "gain": "gain", "deletion": "deletion"}.get(cn.call)
        if cn.call == "loss":
            kind = "deletion" if cn.copy_number == 0 else "loss"
        if kind is None:
            return None
        return [{"kind": kind, "copy_number": cn.copy_number, "details": t}]
    if "_p." in t or re.search(r"\(\s*[0-9.]+\s*,\s*\d+\s*\)\s*$", t):
        sv = parse_short_variants(t)
        if sv is None:
            return None
        from ..genomics.tp53 import protein_to_short

        return [{"kind": "mutation", "protein_change": protein_to_short(v.protein_change), "vaf": v.vaf,
                 "details": f"{v.cdna_change} {v.protein_change} (VAF {v.vaf:g}, depth {v.depth})"} for v in sv]
    low = t.lower()
    if low in _WORDS:
        return [{"kind": _WORDS[low], "details": t}]
    if discrete_value(t) in DISCRETE_CNA_KINDS:  # the CNA-matrix reader's values and spellings (0 is no alteration)
        v = discrete_value(t)
        return [{"kind": DISCRETE_CNA_KINDS[v], "cna_value": v, "details": f"discrete CNA {t}"}]
    if re.fullmatch(r"(p\.)?\(?[A-Z][a-z]{0,2}\d+([A-Z][a-z]{0,2}|\*|fs\S*|del\S*|ins\S*|dup\S*|=)\)?", t):
        from ..genomics.tp53 import protein_to_short

        return [{"kind": "mutation", "protein_change": protein_to_short(t), "details": t}]
    if low.endswith(" fusion") or "-" in t and low.endswith("fusion"):
        return [{"kind": "fusion", "details": t}]
    return None


def read_long_table(path: str | Path, *, assay: str | None = None) -> ReadResult:
    """Read a long table of gene calls (TSV, or CSV by extension).

    Parameters
    ----------
    path : str or Path
        Columns ``sample_id``, ``gene`` and ``copy_number`` and/or ``alteration``
        (aliases accepted: see the module text); ``patient_id`` optional.
    assay : str, optional
        Written to ``samples.assay`` (``FoundationOne`` makes the ``foundation`` preset's
        coverage assumption apply).

    Returns
    -------
    ReadResult
        Alterations for every understood row; ``problems`` names the line and column of
        every row not used.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "calls.tsv"
    >>> _ = p.write_text("sample_id\\tgene\\talteration\\nS1\\tMDM2\\tamplification(15, exons 11 of 11)\\n"
    ...                  "S1\\tTP53\\tc.743G>A_p.R248Q(0.42,320)\\nS2\\tMDM2\\tmaybe\\n")
    >>> cohort, problems = read_long_table(p)
    >>> cohort.alterations[["sample_id", "gene", "kind", "copy_number"]].values.tolist()
    [['S1', 'MDM2', 'amplification', 15.0], ['S1', 'TP53', 'mutation', nan]]
    >>> problems[0].line, problems[0].column
    (4, 'alteration')
    """
    path = Path(path)
    fname = str(path)
    df, src = read_table_file(path)
    if df.empty:
        raise InputError("the table is empty", file=fname, expected="a header and one row per call",
                         fix="check the file was exported completely")
    first = src.get("header_line", 1)  # the reader knows the header line (comment lines come before it)
    col = resolve_columns(list(df.columns), _COLUMNS, ("sample", "gene"), file=fname, line=first, what="long-table")
    if "copy_number" not in col and "alteration" not in col:
        resolve_columns(list(df.columns), _COLUMNS, ("alteration",), file=fname, line=first, what="long-table")
    names = {k: df.columns[i] for k, i in col.items()}
    problems: list[Problem] = []
    rows = []
    def cell(r, key) -> str:
        """The stripped text of a cell; "" for every missing spelling (mdm2io.schema.MISSING_STRINGS)."""
        v = r[names[key]] if key in names else None
        return "" if is_missing(v) else str(v).strip()

    for i, lineno in enumerate(src["lines"]):
        r = df.iloc[i]
        sample, gene = cell(r, "sample"), cell(r, "gene")
        if not sample or not gene:
            c = names["sample"] if not sample else names["gene"]
            problems.append(Problem(f"empty {c}; row not used", file=fname, line=lineno, column=c,
                                    expected="a value", fix="fill it in or remove the row"))
            continue
        cnv = None
        if cell(r, "copy_number"):
            try:
                cnv = float(r[names["copy_number"]])
                if cnv < 0:
                    raise ValueError
            except ValueError:
                problems.append(Problem(f"copy number {r[names['copy_number']]!r} is not a non-negative number; row not used",
                                        file=fname, line=lineno, column=names["copy_number"],
                                        expected="an absolute copy number such as 14", fix="correct the value"))
                continue
        text = cell(r, "alteration")
        if text:
            parsed = parse_alteration(text)
            if parsed is None:
                problems.append(Problem(f"alteration {text!r} not understood; row not used", file=fname, line=lineno,
                                        column=names["alteration"],
                                        expected="e.g. amplification(15, exons 11 of 11), Deep Deletion, 2, p.R248Q",
                                        fix="write the call in one of the accepted forms (docs/genomics.md)"))
                continue
        elif cnv is not None:
            # Direction only; the status comes from the preset at call time.
            kind = cn_direction([cnv], "absolute")[0]  # the segment reader's rule (mdm2io.io._cn)
            if kind is None:
                continue  # copy number 2: diploid, not an alteration (measured neutral)
            parsed = [{"kind": kind, "details": f"copy number {cnv:g}", "provisional_kind": True}]
        else:
            problems.append(Problem("neither copy_number nor alteration given; row not used", file=fname, line=lineno,
                                    column=names.get("alteration", names.get("copy_number")), expected="a value",
                                    fix="fill in the call or remove the row"))
            continue
        for p in parsed:
            rows.append({"sample_id": sample, "patient_id": cell(r, "patient") or sample,
                         "gene": gene, **p, **({"copy_number": cnv} if cnv is not None else {}),
                         "rule": f"long_table:{path.name}", "source_line": lineno})
    alt = pd.DataFrame(rows)
    if alt.empty:
        alt = pd.DataFrame(columns=["sample_id", "patient_id", "gene", "kind"])
    ids = list(dict.fromkeys(df[names["sample"]].astype(str).str.strip()))
    ids = [s for s in ids if s not in MISSING]
    pat = dict(zip(alt["sample_id"], alt["patient_id"]))
    samp = pd.DataFrame({"sample_id": ids, "patient_id": [pat.get(s, s) for s in ids]})
    if assay:
        samp["assay"] = assay
    kinds = set(alt["kind"])
    # Only what the table shows is recorded; absent types fall back to the defaults of
    # mdm2io.genomics.coverage (e.g. the FoundationOne panel assumption).
    flags = {"copy_number_profiled": bool(kinds & {"amplification", "gain", "loss", "deletion"}),
             "mutations_profiled": "mutation" in kinds, "fusions_profiled": "fusion" in kinds}
    meta = {"name": path.stem, "path": fname, "genomics": {k: v for k, v in flags.items() if v}}
    return ReadResult(cohort_from_parts(samp, alt.drop(columns="patient_id"), meta=meta), problems)
