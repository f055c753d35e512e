"""Copy-number segment files: IGV/cBioPortal ``.seg`` and PCGR allele-specific segments.

* ``.seg`` (IGV, cBioPortal, DNAcopy/CBS): ``ID chrom loc.start loc.end num.mark seg.mean``
  (aliases ``Sample``, ``chromosome``, ``start``, ``end``, ``Num_Probes``, ``Segment_Mean``);
* PCGR v2 allele-specific: ``Chromosome Start End nMajor nMinor`` (one sample per file),
  total copy number = nMajor + nMinor;
* PCGR v0/v1: ``Chromosome Start End Segment_Mean`` (log2 ratio).

``seg.mean`` units are never assumed silently: ``log2`` (log2 ratio tumour/normal, not
corrected for purity), ``log2_cn_minus_1`` (log2(CN) − 1, GISTIC's convention for absolute
copy number) or ``absolute`` (total copy number). :func:`detect_seg_units` decides where
the data allow it and says why; otherwise pass ``units`` (``--seg-units``).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..genomics.genes import CN_GENES
from ..genomics.segments import segments_to_genes
from ._cn import cn_direction
from ._common import (MISSING, ReadResult, cohort_from_parts, data_lines, paused_gc, read_header, resolve_columns,
                      table_rows)

__all__ = ["read_seg", "detect_seg_units", "SEG_UNITS"]

SEG_UNITS = ("log2", "log2_cn_minus_1", "absolute")
#: A number written with a decimal comma ("2,5") or thousands separators ("68,800,000").
_COMMA_DECIMAL = re.compile(r"^[+-]?\d[\d.]*,\d+(,\d+)*$")
_SEG_COLUMNS = {
    "sample": ("ID", "Sample", "sample_id", "Tumor_Sample_Barcode", "SampleID"),
    "chrom": ("chrom", "chromosome", "Chromosome", "chr"),
    "start": ("loc.start", "start", "Start", "start_pos"),
    "end": ("loc.end", "end", "End", "end_pos"),
    "n_markers": ("num.mark", "Num_Probes", "num_probes", "num.markers", "Num_Markers"),
    "value": ("seg.mean", "Segment_Mean", "segment_mean", "seg_mean", "log2", "tcn", "total_cn", "copy_number"),
    "n_major": ("nMajor", "nmajor", "major_cn"),
    "n_minor": ("nMinor", "nminor", "minor_cn"),
}


def detect_seg_units(values: np.ndarray) -> tuple[str | None, str]:
    """Guess the units of ``seg.mean`` values; ``(None, reason)`` when they are ambiguous.

    Rules: negative values mean a log scale; on a log scale, values that sit on
    log2(k) − 1 for whole k (≥ 90% of segments within 0.02) mean ``log2_cn_minus_1``,
    otherwise ``log2``. Non-negative values whose median is 1.5–2.5 with ≥ 90% whole
    numbers mean ``absolute``. Anything else is ambiguous.

    Examples
    --------
    >>> detect_seg_units(np.array([-0.31, 0.02, 0.85, -1.2]))[0]
    'log2'
    >>> detect_seg_units(np.array([2, 2, 3, 8, 1, 0]))[0]
    'absolute'
    >>> detect_seg_units(np.log2(np.array([2, 3, 1, 8, 2])) - 1)[0]
    'log2_cn_minus_1'
    >>> detect_seg_units(np.array([0.8, 1.1, 0.9]))[0] is None
    True
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return None, "no finite values"
    if (v < 0).any():
        cn = np.exp2(v + 1)
        on_grid = np.abs(cn - np.round(cn)) < 0.02 * np.maximum(cn, 1)
        if on_grid.mean() >= 0.9 and len(v) >= 3:
            return "log2_cn_minus_1", f"{on_grid.mean():.0%} of values equal log2(k) - 1 for whole k"
        return "log2", "negative values and not on the log2(k) - 1 grid"
    whole = np.abs(v - np.round(v)) < 1e-6
    med = float(np.median(v))
    if 1.5 <= med <= 2.5 and whole.mean() >= 0.9:
        return "absolute", f"non-negative, median {med:g}, {whole.mean():.0%} whole numbers"
    return None, f"non-negative values with median {med:g} and {whole.mean():.0%} whole numbers fit more than one unit"


def read_seg(path: str | Path, *, units: str | None = None, genome: str | None = None, genes=CN_GENES,
             sample_id: str | None = None, purity: float | None = None, ploidy: float | None = None,
             min_overlap: float = 0.0) -> ReadResult:
    """Read a segment file and map segments to the genes mdm2io calls.

    Parameters
    ----------
    path : str or Path
    units : {"log2", "log2_cn_minus_1", "absolute"}, optional
        Units of ``seg.mean``; detected when omitted (an error says so when they cannot be).
        Allele-specific files (nMajor/nMinor) are always absolute.
    genome : {"GRCh37", "GRCh38"} (aliases hg19, hg38)
        Build of the coordinates; required (segment positions mean nothing without it).
    genes : sequence of str
    sample_id : str, optional
        Sample of a single-sample file without an ID column (default: the file stem).
    purity, ploidy : float, optional
        Written to the sample rows (used by the ``cnvkit`` and ``ploidy_relative`` presets).
    min_overlap : float
        Minimum covered fraction of a gene (0–1) for its value to be used.

    Returns
    -------
    ReadResult
        Alterations with one row per (sample, gene) whose value differs from a diploid
        neutral value: ``copy_number`` (absolute, when known), ``log2_ratio``,
        ``overlap_fraction``, ``n_segments``; ``kind`` gives only the direction
        (provisional; the status comes from the preset). Genes with no covering segment
        are listed in ``meta["genomics"]["copy_number_missing"]`` and as warnings.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "tumour.seg"
    >>> _ = p.write_text("ID\\tchrom\\tloc.start\\tloc.end\\tnum.mark\\tseg.mean\\n"
    ...                  "S1\\t12\\t68000000\\t69000000\\t120\\t2.1\\nS1\\t17\\t7000000\\t8000000\\t80\\t-0.4\\n")
    >>> cohort, problems = read_seg(p, genome="GRCh38")
    >>> cohort.alterations[["gene", "kind", "log2_ratio"]].values.tolist()
    [['MDM2', 'amplification', 2.1], ['TP53', 'loss', -0.4]]
    """
    path = Path(path)
    fname = str(path)
    if genome is None:
        raise InputError("the genome build of the segment coordinates is not given", file=fname,
                         expected="GRCh37 (hg19) or GRCh38 (hg38)", fix="pass genome='GRCh38' (--genome GRCh38)")
    if units is not None and units not in SEG_UNITS:
        raise InputError(f"unknown segment units {units!r}", file=fname, expected=f"one of {', '.join(SEG_UNITS)}",
                         fix="use --seg-units log2, log2_cn_minus_1 or absolute")
    lines = data_lines(path)
    hline, header = read_header(lines, file=fname, what="segment", expected="a header row, then one row per segment")
    # Either allele column marks a PCGR v2 file (a misspelled partner then gets a "did you mean").
    allele = any(any(a.lower() in [h.lower() for h in header] for a in _SEG_COLUMNS[k]) for k in ("n_major", "n_minor"))
    required = ("chrom", "start", "end") + (("n_major", "n_minor") if allele else ("value",))
    col = resolve_columns(header, _SEG_COLUMNS, required, file=fname, line=hline,
                          what="PCGR allele-specific segment" if allele else "segment")
    names = {k: header[i] for k, i in col.items()}
    problems: list[Problem] = []
    with paused_gc():
        recs = _parse_rows(lines, header, col, names, allele, sample_id or path.stem, fname, problems)
    seg = pd.DataFrame(recs)
    if seg.empty:
        if not problems:
            raise InputError("no segment rows in the file (only a header)", file=fname, line=hline,
                             expected="one row per segment after the header",
                             fix="check the file was exported completely")
        first = problems[0]  # every row was unusable: show where and why, with the row's own fix
        more = f"; {len(problems) - 1} more row(s) not used" if len(problems) > 1 else ""
        raise InputError(f"no usable segment in the file: {first.message}{more}", file=fname, line=first.line,
                         column=first.column, expected=first.expected, fix=first.fix)
    if allele:
        seg["copy_number"] = seg["n_major"] + seg["n_minor"]
        units_used, why = "absolute", "allele-specific nMajor + nMinor"
        value_cols = ["copy_number", "n_minor"]
    else:
        if units is None:
            units_used, why = detect_seg_units(seg["value"].to_numpy())
            if units_used is None:
                raise InputError(f"cannot tell the units of {names['value']} ({why})", file=fname, column=names["value"],
                                 expected="log2 ratios, log2(CN) - 1 or absolute copy numbers",
                                 fix="pass --seg-units log2, log2_cn_minus_1 or absolute")
            problems.append(Problem(f"{names['value']} read as {units_used} ({why})", file=fname, column=names["value"],
                                    severity="warning", fix="pass --seg-units to state the units"))
        else:
            units_used, why = units, "given"
        if units_used == "log2":
            seg["log2_ratio"] = seg["value"]
            value_cols = ["log2_ratio"]
        elif units_used == "log2_cn_minus_1":
            seg["copy_number"] = np.exp2(seg["value"] + 1)
            value_cols = ["copy_number"]
        else:
            seg["copy_number"] = seg["value"]
            value_cols = ["copy_number"]
    g, missing = segments_to_genes(seg, genome, list(genes), value_columns=value_cols, min_overlap=min_overlap)
    # Direction only: the status comes from the preset at call time (see mdm2io.genomics.copy_number);
    # one rule for every reader (mdm2io.io._cn.cn_direction).
    if "copy_number" in g.columns:
        g["copy_number"] = g["copy_number"].round(4)
        kind = cn_direction(g["copy_number"], "absolute")
        if ploidy is not None and ploidy != 2:
            # Copy number 2 is kept for the ploidy-relative presets; its direction is against the ploidy.
            at2 = (g["copy_number"] == 2).to_numpy()
            kind[at2] = "gain" if ploidy < 2 else "loss"
    else:
        kind = cn_direction(g["log2_ratio"], "log2")
    g["kind"] = kind
    g = g[pd.notna(kind)].copy()
    g["details"] = f"segments ({units_used}); overlap " + g["overlap_fraction"].map(lambda x: f"{x:.0%}")
    g["rule"] = f"seg:{path.name} (direction only; status by preset)"
    g["provisional_kind"] = True
    samples_ids = list(pd.unique(seg["sample_id"]))
    samp = pd.DataFrame({"sample_id": samples_ids, "patient_id": samples_ids})
    if purity is not None:
        samp["purity"] = float(purity)
    if ploidy is not None:
        samp["ploidy"] = float(ploidy)
    # One warning per gene (not per sample): a cohort file can miss a gene in thousands of samples.
    for gname, d in missing.groupby("gene", sort=False):
        ids = list(d["sample_id"])
        low = d["overlap_fraction"].to_numpy() > 0
        how = "no covering segment" if not low.any() else f"no or too little segment coverage (min_overlap {min_overlap:g})"
        problems.append(Problem(f"gene {gname} has {how} in {len(ids)} sample(s) ({', '.join(map(str, ids[:5]))}"
                                f"{', ...' if len(ids) > 5 else ''}); its copy number is not_assessed there",
                                file=fname, severity="warning", expected="segments covering the gene",
                                fix="check the segmentation covers the gene"))
    meta = {"name": path.stem, "path": fname, "genome_build": genome,
            "genomics": {"copy_number_profiled": True, "copy_number_units": units_used,
                         "copy_number_missing": {g: list(d["sample_id"]) for g, d in missing.groupby("gene", sort=False)}}}
    return ReadResult(cohort_from_parts(samp, g, meta=meta), problems)


def _parse_rows(rows, header, col, names, allele, default_sample, fname, problems) -> list[dict]:
    """Parse segment rows; unusable rows go to ``problems`` with line and column."""
    recs = []
    for lineno, f in table_rows(rows, len(header), file=fname, problems=problems):
        rec = {"line": lineno, "sample_id": f[col["sample"]].strip() if "sample" in col else default_sample,
               "chrom": f[col["chrom"]].strip()}
        bad = "sample" if "sample" in col and rec["sample_id"] in MISSING else "chrom" if rec["chrom"] in MISSING else None
        for k in ("start", "end") + (("n_major", "n_minor") if allele else ("value",)):
            if bad is not None:
                break
            text = f[col[k]].strip()
            try:
                if text in MISSING:  # "NA", "nan" ...: reported, never read as a NaN segment
                    raise ValueError
                rec[k] = float(text)
            except ValueError:
                bad = k
        if bad is None and (rec["end"] < rec["start"]):
            bad = "end"
        if bad is not None:
            what = {"sample": "a sample id", "chrom": "a chromosome", "start": "a start position",
                    "end": "an end position >= start", "value": "a number",
                    "n_major": "a whole copy number", "n_minor": "a whole copy number"}[bad]
            text = f[col[bad]].strip()
            fix = "correct the value or remove the segment"
            if bad in ("value", "n_major", "n_minor", "start", "end") and _COMMA_DECIMAL.match(text):
                fix = "use '.' as the decimal separator (and no thousands separators)"
            message = (f"not a number: {text!r}; segment not used" if bad == "value"
                       else f"{text!r} is not {what}; segment not used")
            problems.append(Problem(message, file=fname, line=lineno, column=names[bad], expected=what, fix=fix))
            continue
        recs.append(rec)
    return recs
