"""Structural variants and fusions: cBioPortal ``data_sv.txt`` and the older ``data_fusions.txt``.

Formats (https://docs.cbioportal.org/file-formats/#structural-variant-data):

* **structural variant** (``data_sv.txt``, cBioPortal ≥ 5): one variant per row; ``Sample_Id``,
  ``SV_Status`` (SOMATIC / GERMLINE), ``Site1_Hugo_Symbol`` / ``Site1_Entrez_Gene_Id``,
  ``Site2_Hugo_Symbol`` / ``Site2_Entrez_Gene_Id``, optional ``Class``, ``Event_Info``,
  ``Site2_Effect_On_Frame``, ``Annotation``, ``DNA_Support``, ``RNA_Support`` ...;
* **fusion** (``data_fusions.txt``, deprecated): one row per gene of a fusion;
  ``Hugo_Symbol``, ``Entrez_Gene_Id``, ``Tumor_Sample_Barcode``, ``Fusion`` (e.g. "EML4-ALK
  fusion"), ``Frame``, ``Fusion_Status``.

What counts as a **fusion** (the choice, made explicit): a somatic variant joining two
*different* genes (Site1 ≠ Site2). A variant with one gene only, or the same gene at both
sites (GENIE/MSK ``ALK-intragenic``), is a rearrangement of that gene but not a fusion with a
partner; it is reported (not silently dropped) and counted as a fusion only with
``partnerless_fusions=True`` — ALK FISH break-apart assays detect a rearrangement without
naming the partner, so some studies count those. Germline variants are not tumour fusions and
are reported, not used. ALK rearrangements mark a group with poor ICI benefit in NSCLC
(Gainor et al. 2016, Clin Cancer Res 22(18):4585-93: 1 of 28 EGFR-mutant
or ALK-positive patients responded to PD-1/PD-L1 blockade), which is why ``ALK_fusion`` is called.

An SV file lists only samples with a variant; which samples were profiled comes from the
study's ``case_lists/cases_sv.txt`` or from ``samples=``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..genomics.genes import ENTREZ_IDS
from ._common import MISSING, ReadResult, cohort_from_parts, open_table, table_rows

__all__ = ["read_sv", "read_fusions"]

SV_COLUMNS = {
    "sample": ("Sample_Id", "Sample_ID", "Tumor_Sample_Barcode"),
    "site1": ("Site1_Hugo_Symbol",), "site1_entrez": ("Site1_Entrez_Gene_Id",),
    "site2": ("Site2_Hugo_Symbol",), "site2_entrez": ("Site2_Entrez_Gene_Id",),
    "status": ("SV_Status",), "class": ("Class",), "event": ("Event_Info",),
    "frame": ("Site2_Effect_On_Frame",), "dna": ("DNA_Support",), "rna": ("RNA_Support",),
}
FUSION_COLUMNS = {
    "sample": ("Tumor_Sample_Barcode", "Sample_Id", "Sample_ID"), "gene": ("Hugo_Symbol",),
    "entrez": ("Entrez_Gene_Id",), "fusion": ("Fusion",), "frame": ("Frame",), "status": ("Fusion_Status",),
    "dna": ("DNA_support", "DNA_Support"), "rna": ("RNA_support", "RNA_Support"), "method": ("Method",),
}
#: Cells that name no gene or hold no annotation: the shared missing spellings, plus "Unknown" and
#: "." that cBioPortal SV/fusion exports write in empty gene and annotation columns.
_NO_GENE = MISSING | {"Unknown", "."}
_NO_VALUE_LOWER = frozenset(v.lower() for v in _NO_GENE)  # annotation text (Frame, DNA_support ...): any case


def _given(text: str) -> bool:
    """Whether an annotation cell holds a value (``NA``, ``unknown``, ``.`` ... do not).

    >>> _given("in frame"), _given("unknown"), _given("NA"), _given(".")
    (True, False, False, False)
    """
    return text.strip().lower() not in _NO_VALUE_LOWER


def _symbol(f, col, sym_key, entrez_key) -> str:
    sym = f[col[sym_key]].strip() if sym_key in col else ""
    if sym not in _NO_GENE:
        return sym
    if entrez_key in col:
        return ENTREZ_IDS.get(f[col[entrez_key]].strip().split(".")[0], "")
    return ""


def read_sv(path: str | Path, *, samples=None, partnerless_fusions: bool = False) -> ReadResult:
    """Read a cBioPortal structural-variant file (``data_sv.txt``) into fusion calls.

    Parameters
    ----------
    path : str or Path
        Tab-separated, one variant per row (see the module text for the columns).
    samples : iterable of str, optional
        Every sample profiled for structural variants (the file lists only samples with a
        variant). Default: the samples in the file.
    partnerless_fusions : bool
        Count a rearrangement with one gene (or the same gene at both sites) as a fusion of
        that gene (default False: reported as a warning, not used).

    Returns
    -------
    ReadResult
        ``kind="fusion"`` alterations, one row per gene of each fusion (EML4-ALK gives an
        EML4 row and an ALK row, ``details`` "EML4-ALK fusion; ..."), with ``source_line``;
        ``meta["genomics"]`` says fusions were profiled in those samples; ``problems`` lists
        every row not used (germline, no gene, wrong field count, no partner).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "data_sv.txt"
    >>> _ = p.write_text("Sample_Id\\tSite1_Hugo_Symbol\\tSite2_Hugo_Symbol\\tSV_Status\\tEvent_Info\\n"
    ...                  "S1\\tEML4\\tALK\\tSOMATIC\\tProtein Fusion: in frame {EML4:ALK}\\n"
    ...                  "S2\\tALK\\tALK\\tSOMATIC\\tALK-intragenic\\n")
    >>> cohort, problems = read_sv(p)
    >>> cohort.alterations[["sample_id", "gene", "kind"]].values.tolist()
    [['S1', 'EML4', 'fusion'], ['S1', 'ALK', 'fusion']]
    >>> problems[0].line, problems[0].severity
    (3, 'warning')
    """
    path = Path(path)
    fname = str(path)
    lines, _, header, col, names = open_table(
        path, SV_COLUMNS, ("sample",), what="structural variant", one_of=("site1", "site2", "site1_entrez", "site2_entrez"),
        expected="a header with Sample_Id, Site1_Hugo_Symbol, Site2_Hugo_Symbol, SV_Status")
    problems: list[Problem] = []
    rows, seen = [], []
    rule = f"cbioportal_sv:{path.name}"
    for lineno, f in table_rows(lines, len(header), file=fname, problems=problems):
        sample = f[col["sample"]].strip()
        if sample in MISSING:
            problems.append(Problem(f"{'empty' if not sample else repr(sample)} sample identifier; row not used",
                                    file=fname, line=lineno,
                                    column=names["sample"], expected="a sample id", fix="fill in the sample or remove the row"))
            continue
        seen.append(sample)
        g1, g2 = _symbol(f, col, "site1", "site1_entrez"), _symbol(f, col, "site2", "site2_entrez")
        status = f[col["status"]].strip().upper() if "status" in col else ""
        if status == "GERMLINE":
            problems.append(Problem(f"germline structural variant ({g1 or '?'}-{g2 or '?'}); not a tumour fusion, "
                                    "row not used", file=fname, line=lineno, column=names["status"], severity="warning",
                                    expected="SOMATIC", fix="ignore this warning for germline calls"))
            continue
        if not g1 and not g2:
            problems.append(Problem("no gene at either site; row not used", file=fname, line=lineno,
                                    column=names.get("site1", names.get("site1_entrez")),
                                    expected="Site1_Hugo_Symbol and/or Site2_Hugo_Symbol",
                                    fix="fill in the gene symbols or remove the row"))
            continue
        extra = "; ".join(f"{names[k]}={f[col[k]].strip()}" for k in ("class", "event", "frame", "dna", "rna")
                          if k in col and _given(f[col[k]]))
        if g1 and g2 and g1 != g2:
            label = f"{g1}-{g2} fusion"
            genes = (g1, g2)
        elif partnerless_fusions:
            label = f"{g1 or g2} rearrangement (no partner gene; counted as fusion: partnerless_fusions=True)"
            genes = (g1 or g2,)
        else:
            problems.append(Problem(f"{g1 or g2} rearrangement without a partner gene ({extra or 'no event info'}); "
                                    "not counted as a fusion", file=fname, line=lineno,
                                    column=names.get("site2", names.get("site1")), severity="warning",
                                    expected="two different genes at Site1 and Site2",
                                    fix="pass partnerless_fusions=True to count rearrangements without a named partner"))
            continue
        details = label + (f"; {extra}" if extra else "")
        rows += [(sample, g, "fusion", details, rule, lineno) for g in genes]
    alt = pd.DataFrame(rows, columns=["sample_id", "gene", "kind", "details", "rule", "source_line"])
    return _result(path, alt, seen, samples, problems)


def read_fusions(path: str | Path, *, samples=None) -> ReadResult:
    """Read a cBioPortal fusion file (``data_fusions.txt``, the format before ``data_sv.txt``).

    Every row names one gene of a fusion in one sample; rows whose ``Fusion`` text says
    ``intragenic`` are rearrangements without a partner and are reported, not used (see the
    module text), as are ``Fusion_Status`` GERMLINE rows.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "data_fusions.txt"
    >>> _ = p.write_text("Hugo_Symbol\\tEntrez_Gene_Id\\tCenter\\tTumor_Sample_Barcode\\tFusion\\tDNA_support\\t"
    ...                  "RNA_support\\tMethod\\tFrame\\nALK\\t238\\tMSK\\tS1\\tEML4-ALK fusion\\tyes\\tunknown\\tNA\\tin frame\\n")
    >>> read_fusions(p).cohort.alterations[["sample_id", "gene", "details"]].values.tolist()
    [['S1', 'ALK', 'EML4-ALK fusion; Frame=in frame; DNA_support=yes']]
    """
    path = Path(path)
    fname = str(path)
    lines, _, header, col, names = open_table(path, FUSION_COLUMNS, ("sample", "fusion"), what="fusion",
                                              one_of=("gene", "entrez"),
                                              expected="a header with Hugo_Symbol, Tumor_Sample_Barcode, Fusion")
    problems: list[Problem] = []
    rows, seen = [], []
    rule = f"cbioportal_fusion:{path.name}"
    for lineno, f in table_rows(lines, len(header), file=fname, problems=problems):
        sample = f[col["sample"]].strip()
        sample = "" if sample in MISSING else sample
        gene = _symbol(f, col, "gene", "entrez")
        if sample:
            seen.append(sample)  # profiled, even when this row cannot be used
        if not sample or not gene:
            what = "sample identifier" if not sample else "gene symbol"
            problems.append(Problem(f"empty {what}; row not used", file=fname, line=lineno,
                                    column=names["sample" if not sample else "gene"], expected=f"a {what}",
                                    fix="fill it in or remove the row"))
            continue
        text = f[col["fusion"]].strip()
        if "status" in col and f[col["status"]].strip().upper() == "GERMLINE":
            problems.append(Problem(f"germline fusion {text!r}; row not used", file=fname, line=lineno,
                                    column=names["status"], severity="warning", expected="SOMATIC",
                                    fix="ignore this warning for germline calls"))
            continue
        if "intragenic" in text.lower():
            problems.append(Problem(f"{text!r} is a rearrangement without a partner gene; not counted as a fusion",
                                    file=fname, line=lineno, column=names["fusion"], severity="warning",
                                    expected="a fusion with a partner, e.g. EML4-ALK fusion",
                                    fix="ignore this warning, or list the partner gene"))
            continue
        extra = "; ".join(f"{names[k]}={f[col[k]].strip()}" for k in ("frame", "dna", "rna")
                          if k in col and _given(f[col[k]]))
        rows.append((sample, gene, "fusion", (text if _given(text) else "fusion") + (f"; {extra}" if extra else ""), rule, lineno))
    alt = pd.DataFrame(rows, columns=["sample_id", "gene", "kind", "details", "rule", "source_line"])
    return _result(path, alt, seen, samples, problems)


def _result(path: Path, alt: pd.DataFrame, seen: list, samples, problems: list) -> ReadResult:
    if not seen and samples is None:
        raise InputError("no usable row in the file", file=str(path), expected="one structural variant per row",
                         fix="see the problems listed, or check the column layout")
    sample_ids = list(dict.fromkeys(seen + [str(s) for s in (samples or [])]))
    samp = pd.DataFrame({"sample_id": sample_ids, "patient_id": sample_ids})
    meta = {"name": path.stem, "path": str(path),
            "genomics": {"fusions_profiled": True, "fusions_samples": sample_ids}}
    return ReadResult(cohort_from_parts(samp, alt, meta=meta), problems)
