"""Shared pieces of the genomic readers: header aliases, problems, building a Cohort from parts."""

from __future__ import annotations

import difflib
import gc
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..cohort import Cohort
from ..errors import InputError, Problem
from ..schema import MISSING_STRINGS

__all__ = ["MISSING", "is_missing", "ReadResult", "resolve_columns", "cohort_from_parts", "merge_results", "open_text", "text_read_error", "paused_gc",
           "data_lines", "read_header", "split_row", "open_table", "table_rows"]


#: Missing-value spellings of every reader: the one definition, :data:`mdm2io.schema.MISSING_STRINGS`
#: (a reader that needs more, e.g. VCF's ".", extends it locally and says why).
MISSING = MISSING_STRINGS


def is_missing(text, extra: frozenset = frozenset()) -> bool:
    """Whether a cell is missing: None, or (stripped) one of :data:`MISSING` or ``extra``.

    Examples
    --------
    >>> is_missing(" NA "), is_missing("nan"), is_missing(None), is_missing("."), is_missing(".", {"."})
    (True, True, True, False, True)
    """
    if text is None:
        return True
    t = str(text).strip()
    return t in MISSING or t in extra


@dataclass
class ReadResult:
    """What a reader returns: the Cohort and every row it could not use (with the reason).

    Iterable, so ``cohort, problems = read_maf(path)`` works.
    """

    cohort: Cohort
    problems: list[Problem] = field(default_factory=list)

    def __iter__(self):
        return iter((self.cohort, self.problems))


@contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while a reader builds many small rows.

    Creating hundreds of thousands of dicts/lists triggers repeated full collections that
    rescan them all; pausing halves the parse time of a 500,000-row file.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _gzip_errors() -> tuple:
    """Errors that reading a damaged .gz raises: EOFError (truncated), gzip.BadGzipFile (not gzip
    data; an OSError) and zlib.error (corrupt deflate stream)."""
    import gzip
    import zlib

    return (EOFError, gzip.BadGzipFile, zlib.error)


def _first_bytes(path: Path, n: int = 8) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read(n)
    except OSError:
        return b""


def _excel_kind(path: Path) -> str | None:
    """'xlsx' / 'xls' when ``path`` is an Excel workbook (by name or by its first bytes), else None."""
    name = path.name.lower()
    magic = _first_bytes(path)
    if name.endswith((".xlsx", ".xlsm")) or (magic.startswith(b"PK\x03\x04") and not name.endswith(".gz")):
        return "xlsx"
    if name.endswith(".xls") or magic.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    return None


def text_read_error(path: Path, exc: BaseException, *, after_line: int | None = None) -> InputError:
    """The :class:`InputError` for a text file that cannot be decoded or decompressed.

    One wording for every reader (:func:`open_text` and the cohort-folder tables): not UTF-8
    (an Excel workbook is named as such), or a truncated/corrupt gzip file.

    Examples
    --------
    >>> str(text_read_error(Path("x.maf"), UnicodeDecodeError("utf-8", b"\\xff", 0, 1, "invalid start byte")))
    'x.maf: file is not UTF-8 text (invalid start byte at byte 0). Fix: save the file as UTF-8 (tab-separated text)'
    >>> str(text_read_error(Path("x.tsv.gz"), EOFError("Compressed file ended before the end-of-stream marker was reached")))
    'x.tsv.gz: gzip file is truncated or corrupt (Compressed file ended before the end-of-stream marker was reached). Fix: re-download or re-compress the file'
    """
    path = Path(path)
    if isinstance(exc, UnicodeDecodeError):
        kind = _excel_kind(path)
        if kind:
            return InputError(f"this is an Excel workbook (.{kind}), not text", file=str(path),
                              expected="tab-separated text", fix="save each sheet as tab-separated text (UTF-8)")
        if _first_bytes(path).startswith((b"\xff\xfe", b"\xfe\xff")):
            return InputError("file is not UTF-8 text (it is UTF-16, as Excel's 'Unicode text' writes)",
                              file=str(path), fix="save the file as UTF-8 (tab-separated text)")
        where = (f" at byte {exc.start}" if after_line is None else f" after line {after_line}" if after_line
                 else " near the start")
        return InputError(f"file is not UTF-8 text ({exc.reason}{where})", file=str(path),
                          fix="save the file as UTF-8 (tab-separated text)")
    return InputError(f"gzip file is truncated or corrupt ({exc})", file=str(path),
                      fix="re-download or re-compress the file")


class _CheckedText:
    """A text file whose decoding/decompression errors become :class:`InputError` (see :func:`open_text`).

    Supports ``with``, iteration (line by line; also resumed after a ``break``), ``readline`` and ``read``.
    """

    def __init__(self, fh, path: Path):
        self._fh, self._path, self._n = fh, path, 0

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._fh.close()
        return False

    def close(self) -> None:
        self._fh.close()

    def __iter__(self):
        errors = (UnicodeDecodeError,) + _gzip_errors()
        fh = self._fh
        try:
            for line in fh:
                self._n += 1
                yield line
        except errors as exc:
            raise text_read_error(self._path, exc, after_line=self._n) from None

    def readline(self) -> str:
        try:
            line = self._fh.readline()
        except (UnicodeDecodeError,) + _gzip_errors() as exc:
            raise text_read_error(self._path, exc, after_line=self._n) from None
        self._n += bool(line)
        return line

    def read(self) -> str:
        try:
            return self._fh.read()
        except (UnicodeDecodeError,) + _gzip_errors() as exc:
            raise text_read_error(self._path, exc, after_line=None if self._n == 0 else self._n) from None


def open_text(path: Path, newline: str | None = None):
    """Open a text file (gzip when it ends in .gz) as UTF-8; a clear error when it is not text.

    Returns a file-like object (``with``, iteration, ``readline``, ``read``) whose decoding and
    decompression errors are :class:`InputError`: "file is not UTF-8 text" (an Excel workbook is
    named as such) and "gzip file is truncated or corrupt".

    Examples
    --------
    >>> import gzip, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tsv.gz"
    >>> data = gzip.compress(b"a\\tb\\n" * 5000)
    >>> _ = p.write_bytes(data[:len(data) // 2])  # truncated
    >>> with open_text(p) as fh:
    ...     n = sum(1 for _ in fh)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mdm2io.errors.InputError: ...t.tsv.gz: gzip file is truncated or corrupt (...). Fix: re-download or re-compress the file
    """
    import gzip

    path = Path(path)
    if not path.exists():
        raise InputError("file does not exist", file=str(path), fix="check the path")
    if path.is_dir():
        raise InputError("this is a folder, not a file", file=str(path), fix="give the path of a file")
    opener = gzip.open if path.name.endswith(".gz") else open
    # Universal-newline mode (CRLF read as LF): newline="" made every line search for a lone CR
    # too, 4x slower on the 440 kB lines of a 200,000-sample CNA matrix (0.27 s vs 0.07 s for 219 MB).
    return _CheckedText(opener(path, "rt", encoding="utf-8-sig", newline=newline), path)


def data_lines(path: Path):
    """``(line number, line)`` for every line of a tab-separated file that is not blank or a ``#`` comment.

    Line numbers are the file's own (1-based), so problems can point at them.
    """
    with open_text(path) as fh:
        for lineno, line in enumerate(fh, start=1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            yield lineno, line


def read_header(lines, *, file: str, what: str, expected: str) -> tuple[int, list[str]]:
    """The header row (line number, fields) from :func:`data_lines`; an empty file raises :class:`InputError`.

    Examples
    --------
    >>> read_header(iter([(3, "a\\tb"), (4, "1\\t2")]), file="x.tsv", what="segment", expected="a header")
    (3, ['a', 'b'])
    >>> read_header(iter([]), file="x.tsv", what="segment", expected="a header")
    Traceback (most recent call last):
    ...
    mdm2io.errors.InputError: x.tsv: the segment file is empty (expected a header). Fix: check the file was exported completely
    """
    try:
        lineno, line = next(lines)
    except StopIteration:
        raise InputError(f"the {what} file is empty", file=file, expected=expected,
                         fix="check the file was exported completely") from None
    header = line.split("\t")
    if len(header) == 1 and "," in line:
        raise InputError(f"the {what} file looks comma-separated", file=file, line=lineno,
                         expected="tab-separated columns", fix="save the file with tabs between columns")
    return lineno, header


def split_row(line: str, n_fields: int, *, file: str, lineno: int, problems: list) -> list[str] | None:
    """The tab-separated fields of ``line``, or None (and a problem) when their number is not the header's.

    Examples
    --------
    >>> problems = []
    >>> split_row("a\\tb", 2, file="x.tsv", lineno=5, problems=problems)
    ['a', 'b']
    >>> split_row("a", 2, file="x.tsv", lineno=6, problems=problems), problems[0].line
    (None, 6)
    """
    fields = line.split("\t")
    if len(fields) == n_fields:
        return fields
    problems.append(Problem(f"row has {len(fields)} fields but the header has {n_fields}; row not used",
                            file=file, line=lineno, expected=f"{n_fields} tab-separated fields",
                            fix="check for missing or extra tabs on that line"))
    return None


def resolve_columns(header: list[str], spec: dict[str, tuple[str, ...]], required: tuple[str, ...], *,
                    file: str, line: int | None, what: str) -> dict[str, int]:
    """Map canonical column names to positions using case-insensitive aliases.

    A missing required column raises :class:`InputError` naming the file and header line,
    with a "did you mean" suggestion for near-miss headers (renamed to the accepted name they
    nearly match). Every reader's missing-column message comes from here.

    Examples
    --------
    >>> resolve_columns(["Gene", "Sample_ID"], {"gene": ("Hugo_Symbol", "Gene"), "sample": ("Tumor_Sample_Barcode", "Sample_ID")},
    ...                 ("gene", "sample"), file="x.maf", line=1, what="MAF")
    {'gene': 0, 'sample': 1}
    >>> resolve_columns(["Hugo_Symbl"], {"gene": ("Hugo_Symbol",)}, ("gene",), file="x.maf", line=2, what="MAF")
    Traceback (most recent call last):
    ...
    mdm2io.errors.InputError: x.maf, line 2, column 'Hugo_Symbol': MAF column 'Hugo_Symbol' is missing (expected one of the headers Hugo_Symbol). Fix: did you mean 'Hugo_Symbl'? Rename it to 'Hugo_Symbol'
    """
    low = {h.strip().lower(): i for i, h in enumerate(header)}
    out: dict[str, int] = {}
    for canon, aliases in spec.items():
        for a in aliases:
            if a.lower() in low:
                out[canon] = low[a.lower()]
                break
    for canon in required:
        if canon in out:
            continue
        aliases = spec[canon]
        close = []  # (accepted name, near-miss header): the fix renames to the name it nearly is
        for a in aliases:
            close += [(a, h) for h in difflib.get_close_matches(a.lower(), list(low), n=1, cutoff=0.75)]
        if close:
            orig = header[low[close[0][1]]]
            fix = f"did you mean {orig!r}? Rename it to {close[0][0]!r}"
        else:
            fix = f"add a column {aliases[0]!r} (accepted names: {', '.join(aliases)})"
        raise InputError(f"{what} column {aliases[0]!r} is missing", file=file, line=line, column=aliases[0],
                         expected=f"one of the headers {', '.join(aliases)}", fix=fix)
    return out


def open_table(path: Path, spec: dict[str, tuple[str, ...]], required: tuple[str, ...], *, what: str,
               expected: str, one_of: tuple[str, ...] = ()):
    """Header of a tab-separated reader input: ``(lines, header_line, header, col, names)``.

    ``col`` maps canonical names to positions (:func:`resolve_columns`); ``names`` maps them to
    the user's header text (for problems); ``one_of``: at least one of these canonical columns
    must be present (the error names the first); ``lines`` continues after the header.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tsv"
    >>> _ = p.write_text("Sample\\tGene\\nS1\\tTP53\\n")
    >>> lines, hline, header, col, names = open_table(p, {"sample": ("Sample",), "gene": ("Gene",)}, ("sample",),
    ...                                                what="test", expected="a header")
    >>> col, list(lines)
    ({'sample': 0, 'gene': 1}, [(2, 'S1\\tTP53')])
    """
    fname = str(path)
    lines = data_lines(path)
    hline, header = read_header(lines, file=fname, what=what, expected=expected)
    col = resolve_columns(header, spec, required, file=fname, line=hline, what=what)
    if one_of and not set(one_of) & set(col):
        resolve_columns(header, spec, one_of[:1], file=fname, line=hline, what=what)
    return lines, hline, header, col, {k: header[i] for k, i in col.items()}


def table_rows(lines, n_fields: int, *, file: str, problems: list):
    """``(line number, fields)`` for every row with the header's number of fields (others go to ``problems``)."""
    for lineno, line in lines:
        fields = split_row(line, n_fields, file=file, lineno=lineno, problems=problems)
        if fields is not None:
            yield lineno, fields


def cohort_from_parts(samples: pd.DataFrame, alterations: pd.DataFrame, *, meta: dict,
                      patients: pd.DataFrame | None = None, outcomes: pd.DataFrame | None = None,
                      validate: bool = True, trusted: bool = False) -> Cohort:
    """A Cohort from reader output; patients default to one per sample's patient_id.

    ``validate=False`` is for readers that built every table from values they checked themselves.
    ``trusted=True`` (with ``validate=False``) additionally promises that the tables are already in
    schema form (stripped text without missing-value strings, float64 numbers, unique sample ids,
    every patient listed), so they are neither de-duplicated nor coerced again (see ``Cohort._trusted``).
    """
    if not trusted:
        samples = samples.drop_duplicates("sample_id").reset_index(drop=True)
    if patients is None or patients.empty:
        patients = pd.DataFrame({"patient_id": samples["patient_id"].drop_duplicates().to_numpy()})
    elif not trusted:
        missing = sorted(set(samples["patient_id"]) - set(patients["patient_id"]))
        if missing:
            patients = pd.concat([patients, pd.DataFrame({"patient_id": missing})], ignore_index=True)
    kw = {}
    if outcomes is not None and len(outcomes):
        kw["outcomes"] = outcomes
    return Cohort(patients=patients, samples=samples, alterations=alterations.reset_index(drop=True), meta=meta,
                  validate=validate, _trusted=trusted and not validate, **kw)


def _merge_genomics(metas: list[dict], sample_sets: list[set]) -> dict:
    """Coverage of combined inputs: each alteration type is profiled in the samples of the inputs that had it."""
    out: dict = {}
    all_samples = set().union(*sample_sets) if sample_sets else set()
    for kind in ("copy_number", "mutations", "fusions"):
        covered: set = set()
        genes = None
        any_flag = False
        for g, s in zip(metas, sample_sets):
            if g.get(f"{kind}_profiled"):
                any_flag = True
                covered |= set(g.get(f"{kind}_samples") or s)
                if g.get(f"{kind}_genes") is not None and kind != "fusions":
                    genes = (genes or set()) | set(g[f"{kind}_genes"])
        if any_flag:
            out[f"{kind}_profiled"] = True
            if covered != all_samples:
                out[f"{kind}_samples"] = sorted(covered)
            if genes is not None:
                out[f"{kind}_genes"] = sorted(genes)
    missing: dict[str, list] = {}
    for g in metas:
        for gene, ids in g.get("copy_number_missing", {}).items():
            missing.setdefault(gene, []).extend(ids)
    if missing:
        out["copy_number_missing"] = missing
    return out


def merge_results(results: list[ReadResult], name: str | None = None) -> ReadResult:
    """Combine readers' outputs (e.g. a CNA matrix and a MAF) into one Cohort.

    Samples are united (the first input that gives a sample's patient wins unless it
    only repeated the sample id); alterations are concatenated; coverage is kept per input.
    """
    if len(results) == 1:
        return results[0]
    cohorts = [r.cohort for r in results]
    samples = pd.concat([c.samples for c in cohorts], ignore_index=True)
    # Prefer a patient_id that differs from the sample_id (a real patient link) over a placeholder.
    samples["_placeholder"] = samples["patient_id"] == samples["sample_id"]
    samples = samples.sort_values("_placeholder", kind="stable").drop_duplicates("sample_id").drop(columns="_placeholder")
    patients = pd.concat([c.patients for c in cohorts], ignore_index=True).drop_duplicates("patient_id")
    patients = patients[patients["patient_id"].isin(set(samples["patient_id"]))]
    alterations = pd.concat([c.alterations for c in cohorts if len(c.alterations)], ignore_index=True) \
        if any(len(c.alterations) for c in cohorts) else cohorts[0].alterations
    outcomes = pd.concat([c.outcomes for c in cohorts if len(c.outcomes)], ignore_index=True) \
        if any(len(c.outcomes) for c in cohorts) else None
    genomics = _merge_genomics([c.meta.get("genomics", {}) for c in cohorts],
                               [set(c.samples["sample_id"]) for c in cohorts])
    meta = {"name": name or "+".join(c.name for c in cohorts), "genomics": genomics,
            "inputs": [c.meta.get("path", c.name) for c in cohorts]}
    problems = [p for r in results for p in r.problems]
    return ReadResult(cohort_from_parts(samples.reset_index(drop=True), alterations, meta=meta, patients=patients,
                                        outcomes=outcomes), problems)
