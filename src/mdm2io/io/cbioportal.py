"""cBioPortal study folders and their files (https://docs.cbioportal.org/file-formats/).

* clinical files ``data_clinical_patient.txt`` / ``data_clinical_sample.txt``: four ``#``
  header rows (display name, description, datatype, priority), then the attribute IDs;
  survival as ``<X>_STATUS`` (``0:LIVING`` / ``1:DECEASED``; the ``0:``/``1:`` prefix is the
  event flag) with ``<X>_MONTHS``;
* discrete CNA ``data_CNA.txt`` / ``data_cna.txt`` (−2, −1.5, −1, 0, 1, 2, NA; −1.5 is a
  partial deep deletion, cBioPortal PR #2627), continuous/log2 CNA ``data_log2_cna.txt``;
  first columns ``Hugo_Symbol`` and/or ``Entrez_Gene_Id`` (``Cytoband`` optional);
* ``data_mutations*.txt`` (MAF, :func:`mdm2io.io.maf.read_maf`), ``*.seg``
  (:func:`mdm2io.io.seg.read_seg`), ``data_sv.txt`` / ``data_fusions.txt``
  (:mod:`mdm2io.io.sv`); ``case_lists/cases_sequenced.txt`` and ``cases_sv.txt`` when present.

CNA matrices are streamed: only the rows of the requested genes are split and parsed
(a GENIE-sized matrix has ~500 gene rows × 200,000 sample columns).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from .._frames import frame_from_columns
from ..errors import InputError, Problem
from ..schema import MISSING_STRINGS
from ..genomics.genes import CN_GENES, ENTREZ_IDS
from ._common import ReadResult, cohort_from_parts, merge_results, open_text, resolve_columns, split_row
from ._cn import DISCRETE_CNA_KINDS, DISCRETE_VALUES, cn_direction, cna_gene_columns, discrete_value

__all__ = ["read_cbioportal_study", "read_cbioportal_clinical", "read_cna_matrix", "DISCRETE_CNA_KINDS"]

_SPACE_NOT_TAB = re.compile(r"[^\S\t]")  # \s is exactly what str.strip() removes
_ASCII_SPACE_NOT_TAB = " \n\x0b\x0c\r\x1c\x1d\x1e\x1f"  # the ASCII characters for which str.isspace() is True, but tab


def _has_space_not_tab(text: str) -> bool:
    """Whether ``text`` has a whitespace character other than tab (ASCII text: a few memchr scans).

    >>> _has_space_not_tab("a\\tb"), _has_space_not_tab("a\\t b"), _has_space_not_tab("a\\tb\\u00a0")
    (False, True, True)
    """
    if text.isascii():
        return any(c in text for c in _ASCII_SPACE_NOT_TAB)
    return _SPACE_NOT_TAB.search(text) is not None
_BAD = -999.0  # sentinel for values that are neither allowed nor missing


def _token_key(token: bytes) -> int:
    """A cell of at most 4 bytes packed into one integer, little-endian (as :func:`_discrete_row` packs them)."""
    return int.from_bytes(token.ljust(4, b"\0"), "little")


# Discrete values (and missing spellings) of at most 4 bytes, as packed keys: the cells of a
# GENIE-sized row are looked up with one vectorised search instead of 200,000 str objects.
_FAST_TOKENS = sorted((_token_key(t.encode()), v) for t, v in DISCRETE_VALUES.items() if len(t.encode()) <= 4)
_FAST_KEYS = np.array([k for k, _ in _FAST_TOKENS], dtype=np.uint32)
_FAST_VALUES = np.array([v for _, v in _FAST_TOKENS], dtype=float)


def _discrete_row(line: str, first: int, n_fields: int) -> np.ndarray | None:
    """Values of the sample cells of a discrete CNA row (NaN = missing), read from its bytes.

    None when the row needs the cell-by-cell path: a wrong number of fields, or a cell that is
    not one of the usual spellings (that path names the cell and its problem). Same values as
    that path; no per-cell Python object, so memory stays flat on 200,000 samples.

    >>> _discrete_row("MDM2\\t4193\\t2\\tNA\\t-1.5\\t0", 2, 6).tolist()
    [2.0, nan, -1.5, 0.0]
    >>> _discrete_row("MDM2\\t4193\\t2\\tamp\\t-1.5\\t0", 2, 6) is None
    True
    """
    b = np.frombuffer(line.encode("utf-8"), dtype=np.uint8)
    tabs = np.flatnonzero(b == 9).astype(np.int32)
    if len(tabs) != n_fields - 1:
        return None
    starts = tabs[first - 1:] + 1
    lens = np.diff(np.append(tabs[first - 1:], np.int32(len(b)))) - 1
    if len(lens) and lens.max() > 4:
        return None
    padded = np.concatenate([b, np.zeros(4, dtype=np.uint8)])
    key = np.zeros(len(starts), dtype=np.uint32)
    for k in range(4):
        byte = padded[starts + k].astype(np.uint32)
        byte[lens <= k] = 0  # bytes past the cell's end (the tab and what follows) are not part of it
        key |= byte << np.uint32(8 * k)
    pos = np.minimum(np.searchsorted(_FAST_KEYS, key), len(_FAST_KEYS) - 1)
    if not (_FAST_KEYS[pos] == key).all():
        return None
    return _FAST_VALUES[pos]


def _cell_value(text: str, units: str) -> float:
    """One CNA cell: its value, NaN when missing, ``_BAD`` when not allowed (the reader reports it)."""
    if units == "discrete":
        v = discrete_value(text)
        return _BAD if v is None else v
    x = text.strip()
    if x in MISSING_STRINGS:
        return np.nan
    try:
        return float(x)
    except ValueError:
        return _BAD


def _header_and_body(path: Path):
    """Return (meta_lines, header_lineno, header, [(lineno, line)]) for a clinical file."""
    meta, rows, header, header_line = [], [], None, None
    with open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\r\n")
            if header is None and line.startswith("#"):
                meta.append((lineno, line[1:].split("\t")))
                continue
            if not line.strip():
                continue
            if header is None:
                header, header_line = line.split("\t"), lineno
                continue
            rows.append((lineno, line))
    if header is None:
        raise InputError("the clinical file has no header row", file=str(path),
                         expected="four # rows, then a row of attribute IDs such as PATIENT_ID",
                         fix="see https://docs.cbioportal.org/file-formats/#clinical-data")
    return meta, header_line, header, rows


def read_cbioportal_clinical(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Read ``data_clinical_patient.txt`` or ``data_clinical_sample.txt``.

    Returns
    -------
    table : DataFrame
        Patients (``patient_id``, ``sex``, ``age_years`` ... plus every other attribute) or
        samples (``sample_id``, ``patient_id``, ``tmb_per_mb``, ``purity`` ...).
    outcomes : DataFrame
        ``patient_id, endpoint, time_months, event`` from each ``<X>_STATUS``/``<X>_MONTHS`` pair.
    problems : list of Problem
        Unusable values, each with file, line and column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "data_clinical_patient.txt"
    >>> _ = p.write_text("#Patient Identifier\\tOverall Survival Status\\tOverall Survival (Months)\\n"
    ...                  "#Identifier\\tOS status\\tOS months\\n#STRING\\tSTRING\\tNUMBER\\n#1\\t1\\t1\\n"
    ...                  "PATIENT_ID\\tOS_STATUS\\tOS_MONTHS\\nP1\\t1:DECEASED\\t12.5\\nP2\\t0:LIVING\\t30\\n")
    >>> pts, os_, problems = read_cbioportal_clinical(p)
    >>> os_.values.tolist()
    [['P1', 'OS', 12.5, 1], ['P2', 'OS', 30.0, 0]]
    """
    path = Path(path)
    fname = str(path)
    meta, hline, header, rows = _header_and_body(path)
    problems: list[Problem] = []
    if meta and len(meta) != 4:
        problems.append(Problem(f"{len(meta)} '#' header rows found", file=fname, line=meta[0][0], severity="warning",
                                expected="4 rows: display names, descriptions, datatypes, priorities",
                                fix="add the missing header rows (values are read all the same)"))
    for lineno, m in meta:
        if len(m) != len(header):
            problems.append(Problem(f"'#' header row has {len(m)} fields but the attribute row has {len(header)}",
                                    file=fname, line=lineno, severity="warning",
                                    expected=f"{len(header)} tab-separated fields", fix="align the header rows"))
    hdr = [h.strip().upper() for h in header]
    is_sample = "SAMPLE_ID" in hdr
    key = "SAMPLE_ID" if is_sample else "PATIENT_ID"
    if "PATIENT_ID" not in hdr:  # the shared "did you mean" of every reader
        resolve_columns(header, {"patient": ("PATIENT_ID",)}, ("patient",), file=fname, line=hline,
                        what="clinical attribute")
    good = []
    seen: dict[str, int] = {}
    for lineno, line in rows:
        f = split_row(line, len(header), file=fname, lineno=lineno, problems=problems)
        if f is None:
            continue
        k = f[hdr.index(key)].strip()
        if k in MISSING_STRINGS:
            problems.append(Problem(f"{'empty' if not k else repr(k)} {key}; row not used", file=fname, line=lineno, column=header[hdr.index(key)],
                                    expected=f"a {key.lower()}", fix="fill it in or remove the row"))
            continue
        if k in seen:
            problems.append(Problem(f"duplicated {key} {k!r} (first on line {seen[k]}); row not used", file=fname,
                                    line=lineno, column=header[hdr.index(key)], expected=f"each {key} once",
                                    fix="remove or merge the duplicated rows"))
            continue
        seen[k] = lineno
        good.append((lineno, [x.strip() for x in f]))
    df = pd.DataFrame([f for _, f in good], columns=hdr, dtype=object)
    lines = [ln for ln, _ in good]
    df = df.replace(list(MISSING_STRINGS), None)
    outcomes = []
    for col in hdr:
        m = re.fullmatch(r"(.+)_STATUS", col)
        if not m or f"{m.group(1)}_MONTHS" not in hdr:
            continue
        ep = m.group(1)
        for i, (st, mo) in enumerate(zip(df[col], df[f"{ep}_MONTHS"])):
            if st is None and mo is None:
                continue
            ev = re.match(r"^\s*([01])\s*:", st or "")
            try:
                t = float(mo) if mo is not None else None
            except ValueError:
                t = None
            if ev is None:
                problems.append(Problem(f"survival status {st!r} has no 0:/1: prefix; {ep} not used for this patient",
                                        file=fname, line=lines[i], column=header[hdr.index(col)],
                                        expected="e.g. 1:DECEASED or 0:LIVING",
                                        fix="prefix the status with 1: (event) or 0: (censored)"))
                continue
            if t is None or t < 0:
                problems.append(Problem(f"{ep}_MONTHS {mo!r} is not a non-negative number; {ep} not used for this patient",
                                        file=fname, line=lines[i], column=header[hdr.index(f'{ep}_MONTHS')],
                                        expected="months as a number, e.g. 12.5", fix="write the time in months"))
                continue
            outcomes.append({"patient_id": df["PATIENT_ID"].iloc[i], "endpoint": ep, "time_months": t,
                             "event": int(ev.group(1))})
    out = pd.DataFrame(outcomes, columns=["patient_id", "endpoint", "time_months", "event"])
    rename = {"PATIENT_ID": "patient_id", "SAMPLE_ID": "sample_id", "CANCER_TYPE": "cancer_type",
              "ONCOTREE_CODE": "oncotree_code"}
    if is_sample:
        rename.update({"TMB_NONSYNONYMOUS": "tmb_per_mb", "TUMOR_PURITY": "purity", "PLOIDY": "ploidy"})
    else:
        rename.update({"AGE": "age_years"})
    df = df.rename(columns=rename)
    if not is_sample and "SEX" in df.columns:
        df["sex"] = df["SEX"].map(lambda v: {"male": "male", "female": "female", "m": "male", "f": "female"}.get(
            str(v).strip().lower(), "unknown") if v is not None else None)
    if "purity" in df.columns:
        pur = pd.to_numeric(df["purity"], errors="coerce")
        if (pur > 1).any():
            problems.append(Problem("TUMOR_PURITY values above 1 read as percentages and divided by 100",
                                    file=fname, line=hline, column="TUMOR_PURITY", severity="warning",
                                    expected="a fraction 0-1", fix="write purity as a fraction to silence this"))
            pur = pur / 100.0
        df["purity"] = pur
    for c in ("tmb_per_mb", "ploidy", "age_years"):
        if c in df.columns:
            num = pd.to_numeric(df[c], errors="coerce")
            bad = np.flatnonzero((df[c].notna() & num.isna()).to_numpy())
            for b in bad[:20]:
                problems.append(Problem(f"{df[c].iloc[b]!r} is not a number; value not used", file=fname,
                                        line=lines[b], column=[h for h in header if rename.get(h.upper()) == c][0],
                                        expected="a number", fix="correct or blank the value"))
            df[c] = num
    return df, out, problems


def _gene_of(fields, sym_i, entrez_i) -> str | None:
    sym = fields[sym_i].strip() if sym_i is not None else ""
    if sym and sym not in MISSING_STRINGS:
        return sym
    if entrez_i is not None:
        return ENTREZ_IDS.get(fields[entrez_i].strip().split(".")[0])
    return None


def read_cna_matrix(path: str | Path, genes=CN_GENES, *, units: str = "discrete", name: str | None = None) -> ReadResult:
    """Stream a cBioPortal CNA matrix (genes × samples), parsing only the rows of ``genes``.

    Parameters
    ----------
    path : str or Path
        ``data_CNA.txt`` (discrete) or ``data_log2_cna.txt`` (continuous), tab-separated.
    genes : sequence of str or None
        Genes to keep (default: the genes mdm2io calls); ``None`` keeps every row.
    units : {"discrete", "log2"}
        Discrete GISTIC-style values (−2, −1.5, −1, 0, 1, 2) or log2 ratios.

    Returns
    -------
    ReadResult
        One alteration row per non-zero value (``cna_value`` or ``log2_ratio`` kept);
        NA cells are recorded in ``meta["genomics"]["copy_number_missing"]`` (gene -> sample ids); values that
        are not allowed are reported (file, line, column = sample) and treated as missing.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "data_CNA.txt"
    >>> _ = p.write_text("Hugo_Symbol\\tEntrez_Gene_Id\\tS1\\tS2\\tS3\\nMDM2\\t4193\\t2\\t0\\tNA\\n"
    ...                  "TP53\\t7157\\t-1.5\\t-1\\t0\\nKRAS\\t3845\\t2\\t2\\t2\\n")
    >>> cohort, problems = read_cna_matrix(p)
    >>> cohort.alterations[["sample_id", "gene", "kind", "cna_value"]].values.tolist()
    [['S1', 'MDM2', 'amplification', 2.0], ['S1', 'TP53', 'deletion', -1.5], ['S2', 'TP53', 'loss', -1.0]]
    >>> cohort.meta["genomics"]["copy_number_missing"]
    {'MDM2': ['S3']}
    """
    path = Path(path)
    fname = str(path)
    if units not in ("discrete", "log2"):
        raise InputError(f"unknown CNA units {units!r}", expected="'discrete' or 'log2'",
                         fix="use units='discrete' for data_CNA.txt or 'log2' for data_log2_cna.txt")
    want = None if genes is None else set(genes)
    problems: list[Problem] = []
    recs_s, recs_g, recs_v = [], [], []
    missing: dict[str, list[str]] = {}
    found: dict[str, int] = {}
    with open_text(path) as fh:
        header_line, header = None, None
        for lineno, line in enumerate(fh, start=1):
            if line.startswith("#") or not line.strip():
                continue
            header_line, header = lineno, line.rstrip("\r\n").split("\t")
            break
        if header is None:
            raise InputError("the CNA file is empty", file=fname, expected="a header row then one row per gene",
                             fix="check the file was exported completely")
        sym_i, entrez_i, first = cna_gene_columns(header)  # gene columns come first; 200,000 sample names follow
        if sym_i is None and entrez_i is None:  # raises, with the shared "did you mean" of every reader
            resolve_columns(header[:5], {"gene": ("Hugo_Symbol", "Entrez_Gene_Id")}, ("gene",), file=fname,
                            line=header_line, what="CNA matrix")
        # Strip the names only when the line has whitespace other than tabs (a substring scan of the
        # line is far cheaper than 200,000 strips).
        names = header[first:] if not _has_space_not_tab(line.rstrip("\r\n")) else [s.strip() for s in header[first:]]
        samples = np.asarray(names, dtype=object)
        del names
        n_fields, header = len(header), header[:first]  # the gene columns name problems; drop the 200,000-item list
        n_s = len(samples)
        n_skipped = 0
        for lineno, line in enumerate(fh, start=header_line + 1):
            # Cheap test on the first fields before splitting the whole (very long) line.
            head = line[:200].split("\t", first)
            gene = _gene_of(head, sym_i, entrez_i) if len(head) > first - 1 else None
            if want is not None and gene not in want:
                n_skipped += 1
                continue
            if gene is None:
                if line.strip():
                    problems.append(Problem("row has no gene symbol or known Entrez id; row not used", file=fname,
                                            line=lineno, column=header[sym_i if sym_i is not None else entrez_i],
                                            expected="a HUGO symbol", fix="fill in Hugo_Symbol"))
                continue
            line = line.rstrip("\r\n")
            vals = _discrete_row(line, first, n_fields) if units == "discrete" else None
            fields = None
            if vals is None:  # unusual cells or a wrong field count: split the row and check each cell
                fields = split_row(line, n_fields, file=fname, lineno=lineno, problems=problems)
                if fields is None:
                    continue
            if gene in found:
                problems.append(Problem(f"gene {gene} appears twice (first on line {found[gene]}); this row not used",
                                        file=fname, line=lineno, column=header[sym_i if sym_i is not None else entrez_i],
                                        expected="one row per gene", fix="remove or merge the duplicated rows"))
                continue
            found[gene] = lineno
            bad = np.zeros(0, dtype=bool)
            if fields is not None:
                raw = fields[first:]
                # Parse each distinct string once (a row has a handful), then broadcast: far faster than
                # converting 200,000 cells one by one.
                # every cell is a str from split(), never NA, so the NA sentinel never applies (and
                # use_na_sentinel=True skips an isna pass over the row)
                codes, uniques = pd.factorize(np.asarray(raw, dtype=object))
                lut = np.array([_cell_value(str(u), units) for u in uniques], dtype=float)
                vals = lut[codes]
                bad = vals == _BAD
                vals[bad] = np.nan
                raw = np.asarray(raw, dtype=object) if bad.any() else raw
            if bad.any():
                idx = np.flatnonzero(bad)
                more = f" and {len(idx) - 1} more in this row" if len(idx) > 1 else ""
                problems.append(Problem(f"{gene}: value {raw[idx[0]]!r} is not allowed{more}; treated as missing",
                                        file=fname, line=lineno, column=str(samples[idx[0]]),
                                        expected=("one of -2, -1.5, -1, 0, 1, 2 or NA" if units == "discrete"
                                                  else "a log2 ratio or NA"),
                                        fix="correct the value, or write NA where the gene was not measured"))
                vals[idx] = np.nan
            miss = np.flatnonzero(np.isnan(vals))
            if len(miss):
                missing[gene] = samples[miss].tolist()
            nz = np.flatnonzero(~np.isnan(vals) & (vals != 0))
            recs_s.append(samples[nz])
            gcol = np.empty(len(nz), dtype=object)
            gcol.fill(gene)  # one shared str (np.full(..., dtype=object) makes one per cell)
            recs_g.append(gcol)
            recs_v.append(vals[nz])
    fields = raw = line = None  # the last row's 200,000 cells are not needed any more
    s = np.concatenate(recs_s) if recs_s else np.empty(0, dtype=object)
    g = np.concatenate(recs_g) if recs_g else np.empty(0, dtype=object)
    v = np.concatenate(recs_v) if recs_v else np.empty(0)
    if units == "discrete":
        kind = pd.Series(v).map(DISCRETE_CNA_KINDS).to_numpy(dtype=object)
        alt = pd.DataFrame({"sample_id": s, "gene": g, "kind": kind, "cna_value": v,
                            "rule": f"cbioportal_discrete:{path.name}"})
    else:
        kind = cn_direction(v, "log2")  # the segment reader's rule: v is never 0 or NaN here
        alt = pd.DataFrame({"sample_id": s, "gene": g, "kind": kind, "log2_ratio": v,
                            "details": "log2 ratio (direction only; status by preset)", "provisional_kind": True,
                            "rule": f"cbioportal_log2:{path.name}"})
    samp = frame_from_columns({"sample_id": samples, "patient_id": samples}, len(samples))
    dup = pd.Series(samples).duplicated().to_numpy()
    if dup.any() or (samples == "").any():
        i = int(np.flatnonzero(dup | (samples == ""))[0])
        raise InputError(f"sample column {i + first + 1} is {'empty' if samples[i] == '' else f'a duplicate of {samples[i]!r}'}",
                         file=fname, line=header_line, column=str(samples[i]) or None,
                         expected="one column per sample with a unique name", fix="rename or remove the column")
    genes_found = sorted(found) if want is None else sorted(set(found) & want)
    if n_skipped:
        problems.append(Problem(f"{n_skipped} gene row(s) not read: only the requested genes "
                                f"({', '.join(sorted(want))}) are parsed", file=fname, severity="warning",
                                fix="pass genes=None (or more genes) to read other rows"))
    if want is not None:
        for gname in sorted(want - set(found)):
            problems.append(Problem(f"gene {gname} is not in the CNA matrix; its copy number is not_assessed",
                                    file=fname, severity="warning", expected=f"a row for {gname}",
                                    fix="use a matrix that includes the gene, or ignore this warning"))
    meta = {"name": name or path.stem, "path": fname,
            "genomics": {"copy_number_profiled": True, "copy_number_genes": genes_found,
                         "copy_number_missing": missing, "copy_number_units": units}}
    del n_s
    # The tables are built here from checked values (unique, stripped sample columns; allowed values;
    # known kinds; float64 numbers), so the generic per-cell schema validation is skipped (it costs
    # seconds on GENIE-sized data) and the tables are taken as already coerced (trusted=True).
    patients = frame_from_columns({"patient_id": samples}, len(samples))
    # A sample named like a missing value ("NA", "null") is left to the schema's usual coercion.
    trusted = not pd.Series(samples).isin(MISSING_STRINGS).any()
    return ReadResult(cohort_from_parts(samp, alt, meta=meta, patients=patients, validate=False, trusted=trusted),
                      problems)


def _case_list(path: Path) -> list[str] | None:
    """Sample ids of a cBioPortal case list (``case_list_ids:`` line), None when the file is absent."""
    if not path.exists():
        return None
    for line in path.read_text().splitlines():
        if line.startswith("case_list_ids:"):
            return [x for x in re.split(r"[\t ]+", line.split(":", 1)[1].strip()) if x]
    return None


def _find(folder: Path, *names) -> Path | None:
    for n in names:
        for p in sorted(folder.glob(n)):
            if p.is_file():
                return p
    return None


def read_cbioportal_study(folder: str | Path, genes=CN_GENES, *, seg_units: str | None = None,
                          genome: str | None = None) -> ReadResult:
    """Read a cBioPortal study folder: clinical files, CNA matrices, mutations and segments.

    Parameters
    ----------
    folder : str or Path
    genes : sequence of str
        Genes kept from CNA matrices (streamed; see :func:`read_cna_matrix`).
    seg_units, genome
        Passed to :func:`mdm2io.io.seg.read_seg` for ``*.seg`` files.

    Returns
    -------
    ReadResult
        One Cohort with patients, samples (``tmb_per_mb``, ``purity`` ... from the sample
        file), outcomes from ``<X>_STATUS``/``<X>_MONTHS``, and alterations from every
        genomic file; ``problems`` lists unusable rows and files that were not read.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "data_clinical_sample.txt").write_text("#a\\tb\\n#a\\tb\\n#STRING\\tSTRING\\n#1\\t1\\nPATIENT_ID\\tSAMPLE_ID\\nP1\\tS1\\n")
    >>> _ = (d / "data_CNA.txt").write_text("Hugo_Symbol\\tS1\\nMDM2\\t2\\n")
    >>> cohort, problems = read_cbioportal_study(d)
    >>> cohort.samples.patient_id.tolist(), cohort.alterations.kind.tolist()
    (['P1'], ['amplification'])
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("not a folder", file=str(folder), expected="a cBioPortal study folder",
                         fix="pass the folder that holds data_clinical_*.txt and the data files")
    problems: list[Problem] = []
    parts: list[ReadResult] = []
    used: set[Path] = set()
    patients = samples = None
    outcomes = []
    pf = _find(folder, "data_clinical_patient.txt")
    sf = _find(folder, "data_clinical_sample.txt")
    if pf:
        patients, o, pr = read_cbioportal_clinical(pf)
        outcomes.append(o)
        problems += pr
        used.add(pf)
    if sf:
        samples, o, pr = read_cbioportal_clinical(sf)
        outcomes.append(o)
        problems += pr
        used.add(sf)
    cna = _find(folder, "data_CNA.txt", "data_cna.txt", "data_cna_discrete.txt")
    if cna:
        parts.append(read_cna_matrix(cna, genes, units="discrete"))
        used.add(cna)
    log2 = _find(folder, "data_log2_cna.txt", "data_log2CNA.txt", "data_cna_log2.txt")
    if log2:
        r = read_cna_matrix(log2, genes, units="log2")
        used.add(log2)
        if cna is None:
            parts.append(r)
        else:
            problems.append(Problem("log2 CNA not used for calls because the discrete matrix is present", file=str(log2),
                                    severity="warning", fix="remove data_CNA.txt to call from log2 ratios instead"))
    for maf in sorted(folder.glob("data_mutations*.txt")):
        from .maf import read_maf

        parts.append(read_maf(maf))
        used.add(maf)
    sv = _find(folder, "data_sv.txt", "data_SV.txt")
    fusions = _find(folder, "data_fusions.txt", "data_fusion.txt")
    if sv or fusions:
        from .sv import read_fusions, read_sv

        parts.append(read_sv(sv) if sv else read_fusions(fusions))
        used |= {p for p in (sv, fusions) if p}
        if sv and fusions:
            problems.append(Problem("fusions file not used: the structural variant file holds the same events",
                                    file=str(fusions), severity="warning", fix="remove data_sv.txt to read the fusions file"))
    if genome is None:
        # cBioPortal meta files name the build (meta_*.txt: "reference_genome_id: hg19" / "reference_genome: hg38").
        for meta_file in sorted(folder.glob("meta*.txt")):
            m = re.search(r"^reference_genome(?:_id)?:\s*(\S+)", meta_file.read_text(errors="replace"), re.M)
            if m:
                genome = m.group(1)
                break
    for seg in sorted(folder.glob("*.seg")):
        from .seg import read_seg

        if cna is None and log2 is None:
            parts.append(read_seg(seg, units=seg_units, genome=genome, genes=genes))
        else:
            problems.append(Problem("segments not used for calls because a gene-level CNA matrix is present",
                                    file=str(seg), severity="warning",
                                    fix="remove the CNA matrix to call from segments instead"))
        used.add(seg)
    seq_ids = _case_list(folder / "case_lists" / "cases_sequenced.txt")
    for p in sorted(folder.iterdir()):
        if p.is_file() and p not in used and p.name.startswith("data_"):
            problems.append(Problem("file not read (format not used by mdm2io)", file=str(p), severity="warning",
                                    fix="ignore this warning if the file holds no copy number, mutations or clinical data"))
    if samples is None:
        ids = sorted({s for r in parts for s in r.cohort.samples["sample_id"]})
        samples = pd.DataFrame({"sample_id": ids, "patient_id": ids})
        if parts:
            problems.append(Problem("no data_clinical_sample.txt: each sample is taken as its own patient",
                                    file=str(folder), severity="warning",
                                    fix="add data_clinical_sample.txt with PATIENT_ID and SAMPLE_ID"))
    known = set(samples["sample_id"])
    for r in parts:
        extra = sorted(set(r.cohort.samples["sample_id"]) - known)
        if extra:
            problems.append(Problem(f"{len(extra)} sample(s) not in the clinical sample file, e.g. {extra[0]!r}; "
                                    "their calls are kept with the sample as its own patient",
                                    file=r.cohort.meta.get("path"), severity="warning",
                                    fix="add them to data_clinical_sample.txt"))
    clin_meta = {"name": folder.name, "path": str(folder), "genomics": {}}
    outcomes = [o for o in outcomes if len(o)]
    out = pd.concat(outcomes, ignore_index=True) if outcomes else None
    clin = ReadResult(cohort_from_parts(samples, pd.DataFrame(columns=["sample_id", "gene", "kind"]),
                                        meta=clin_meta, patients=patients, outcomes=out))
    merged = merge_results([clin] + parts, name=folder.name)
    cohort = merged.cohort
    g = dict(cohort.meta.get("genomics", {}))
    if seq_ids is not None and g.get("mutations_profiled"):
        g["mutations_samples"] = seq_ids
    sv_ids = _case_list(folder / "case_lists" / "cases_sv.txt")
    if sv_ids is not None and g.get("fusions_profiled"):
        g["fusions_samples"] = sv_ids  # an SV file lists only samples with a variant
    cohort = cohort.with_meta(genomics=g, path=str(folder))
    return ReadResult(cohort, problems + merged.problems)
