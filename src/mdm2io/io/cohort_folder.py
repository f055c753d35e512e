"""Cohort folders: one ``<table>.tsv`` (or ``.tsv.gz`` / ``.csv`` / ``.parquet``) per table plus ``meta.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from ..cohort import Cohort
from ..errors import InputError, Problem, ValidationError
from ..schema import TABLE_ORDER, empty_table, validate_tables
from ._common import open_text

__all__ = ["read_cohort", "write_cohort", "read_table_file", "validate_cohort_folder", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".tsv", ".tsv.gz", ".txt", ".csv", ".parquet")


def _require_parquet(file: str) -> None:
    """Raise a clear error when Parquet is used without pyarrow (an optional extra).

    pyarrow is optional because pandas imports it whenever it is installed, which costs every
    command ~35 MB and ~0.1 s whether or not it touches Parquet (see docs/benchmarks.md).
    """
    import importlib.util

    if importlib.util.find_spec("pyarrow") is None:
        raise InputError("Parquet files need the optional package pyarrow, which is not installed", file=file,
                         fix="pip install 'mdm2io[parquet]', or use TSV files")


def _table_file(folder: Path, name: str) -> Path | None:
    found = [folder / f"{name}{suf}" for suf in TABLE_SUFFIXES if (folder / f"{name}{suf}").exists()]
    if len(found) > 1:
        raise InputError(f"table {name!r} is given twice: {', '.join(p.name for p in found)}",
                         file=str(folder), expected="one file per table", fix="keep only one of these files")
    return found[0] if found else None


def _empty_file_error(path: Path, raw: list[str]) -> InputError:
    """The error for a table file without a header row: 0 bytes, only blank lines, or only # comments.

    Such a file used to be read as an empty table, so a truncated export passed validation and the
    checks that other tables' IDs exist were skipped.
    """
    if not raw:
        what = "file is empty (0 bytes)"
    elif all(not line.strip() for line in raw):
        what = "file is empty (only blank lines)"
    else:
        what = "file has no header row (only # comment lines)"
    return InputError(what, file=str(path), line=None, expected="a header row, then one row per record",
                      fix="re-export the file, or delete it if the cohort has none")


def read_table_file(path: str | Path) -> tuple[pd.DataFrame, dict]:
    """Read one delimited or Parquet table as strings, keeping the file line of every row.

    Returns the raw table (all values as strings, for validation) and a ``source`` dict
    (``file``, ``lines``) that lets problems name the line.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "patients.tsv"
    >>> _ = p.write_text("# comment\\npatient_id\\tage_years\\np1\\t61\\n\\np2\\t70\\n")
    >>> df, src = read_table_file(p)
    >>> list(df.patient_id), list(src["lines"])
    (['p1', 'p2'], [3, 5])
    """
    path = Path(path)
    if path.is_file() and path.stat().st_size == 0:
        raise _empty_file_error(path, [])
    if path.suffix == ".parquet":
        _require_parquet(str(path))
        try:
            df = pd.read_parquet(path)
        except Exception as exc:  # pyarrow raises several types for corrupt files
            raise InputError(f"cannot read Parquet file: {exc}", file=str(path),
                             fix="re-write the file with pandas.DataFrame.to_parquet or use TSV") from None
        return df, {"file": str(path)}
    sep = "," if path.suffix == ".csv" else "\t"
    with open_text(path, newline="") as fh:  # undecodable text / damaged .gz: InputError
        raw = fh.read().splitlines()
    # Comment lines (#) and blank lines are not rows; remember real line numbers.
    kept = [(i + 1, line) for i, line in enumerate(raw) if line.strip() and not line.startswith("#")]
    if not kept:
        raise _empty_file_error(path, raw)
    import csv

    rows = list(csv.reader([line for _, line in kept], delimiter=sep))
    header, body = rows[0], rows[1:]
    header = [h.strip() for h in header]
    if len(header) == 1 and header[0].count(";") >= 1:
        # Excel in a comma-decimal locale writes ';'-separated "CSV"
        raise InputError("the header holds one column containing ';': the file looks semicolon-separated",
                         file=str(path), line=kept[0][0],
                         expected=f"{'comma' if sep == ',' else 'tab'}-separated columns",
                         fix="save the table as tab-separated text (.tsv), with '.' as the decimal separator")
    for (lineno, _), row in zip(kept[1:], body):
        if len(row) != len(header):
            raise InputError(f"row has {len(row)} fields but the header has {len(header)}", file=str(path),
                             line=lineno, expected=f"{len(header)} {'tab' if sep == chr(9) else 'comma'}-separated fields",
                             fix="check for missing or extra separators on that line")
    dups = sorted({h for h in header if header.count(h) > 1})
    if dups:
        raise InputError(f"duplicated column name(s) {', '.join(map(repr, dups))}", file=str(path),
                         line=kept[0][0], fix="give every column a unique name")
    df = pd.DataFrame(body, columns=header, dtype=object)
    return df, {"file": str(path), "header_line": kept[0][0], "lines": [ln for ln, _ in kept[1:]]}


def read_cohort(path: str | Path) -> Cohort:
    """Read and validate a cohort folder.

    The folder holds any of ``patients``, ``samples``, ``alterations``, ``scans``,
    ``lesions``, ``treatments``, ``outcomes`` as ``.tsv``, ``.tsv.gz``, ``.csv`` or
    ``.parquet`` files, and optionally ``meta.json``. ``patients`` is required.

    Raises
    ------
    ValidationError
        Listing every problem with file, line and column.

    Examples
    --------
    >>> import tempfile
    >>> from mdm2io.datasets import load_inspire
    >>> d = load_inspire().write(tempfile.mkdtemp())
    >>> read_cohort(d).n_patients
    94
    """
    folder = Path(path)
    if not folder.exists():
        raise InputError("folder does not exist", file=str(folder), fix="give the path of a cohort folder")
    if not folder.is_dir():
        raise InputError("not a folder", file=str(folder),
                         expected="a cohort folder with patients.tsv, outcomes.tsv ...",
                         fix="pass the folder, not a file (mdm2io datasets export NAME DIR writes an example)")
    tables, sources = {}, {}
    empty: list[Problem] = []  # empty table files: errors, but the other tables are still checked against them
    for name in TABLE_ORDER:
        f = _table_file(folder, name)
        if f is None:
            continue
        try:
            tables[name], sources[name] = read_table_file(f)
        except InputError as exc:
            if not exc.problem.message.startswith(("file is empty", "file has no header row")):
                raise
            empty.append(exc.problem)
            # an empty table with the schema's columns, so references to it (sample_id, patient_id) are checked
            tables[name], sources[name] = empty_table(name), {"file": str(f)}
    if "patients" not in tables:
        excel = [f.name for f in sorted(folder.glob("patients.xls*"))]
        fix = (f"{excel[0]} is an Excel workbook: save each sheet as tab-separated text (patients.tsv, samples.tsv ...)"
               if excel else "add patients.tsv listing every patient_id")
        raise ValidationError([Problem("patients table is missing", file=str(folder),
                                       expected="a file patients.tsv (or .csv/.parquet) with a patient_id column",
                                       fix=fix)],
                              header=f"{folder}: not a cohort folder")
    meta = {}
    mfile = folder / "meta.json"
    if mfile.exists():
        try:
            meta = json.loads(mfile.read_text())
        except json.JSONDecodeError as exc:
            raise InputError(f"invalid JSON: {exc.msg}", file=str(mfile), line=exc.lineno,
                             fix="fix the JSON syntax or delete meta.json") from None
    meta.setdefault("name", folder.name)
    meta["path"] = str(folder)
    if not empty:
        return Cohort(**tables, meta=meta, sources=sources)
    # the checks Cohort(...) runs (Cohort.problems), with every table the Cohort would have
    problems = validate_tables({n: tables.get(n, empty_table(n)) for n in TABLE_ORDER}, sources)
    n = len(empty) + sum(p.severity == "error" for p in problems)
    raise ValidationError(empty + problems, header=f"{folder}: {n} problem{'s' if n != 1 else ''} found")


def write_cohort(cohort: Cohort, path: str | Path, format: str = "tsv") -> Path:
    """Write ``cohort`` to a folder (created if needed); returns the folder.

    ``format`` is ``"tsv"`` (default; human-readable) or ``"parquet"`` (typed, compact).
    Empty tables are not written. Round-trips with :func:`read_cohort`.

    Examples
    --------
    >>> import tempfile
    >>> from mdm2io.datasets import load_inspire
    >>> c = load_inspire()
    >>> c2 = read_cohort(write_cohort(c, tempfile.mkdtemp(), format="parquet"))
    >>> c2.outcomes.equals(c.outcomes)
    True
    """
    if format not in ("tsv", "parquet"):
        raise InputError(f"unknown format {format!r}", expected="'tsv' or 'parquet'", fix="use format='tsv' or 'parquet'")
    if format == "parquet":
        _require_parquet(str(path))
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in cohort.tables().items():
        for suf in TABLE_SUFFIXES:  # do not leave a stale copy in another format
            stale = folder / f"{name}{suf}"
            if stale.exists():
                stale.unlink()
        if df.empty:
            continue
        if format == "parquet":
            df.to_parquet(folder / f"{name}.parquet", index=False)
        else:
            out = df.copy()
            for c in out.columns:
                if pd.api.types.is_datetime64_any_dtype(out[c]):
                    out[c] = out[c].dt.strftime("%Y-%m-%d")
            out.to_csv(folder / f"{name}.tsv", sep="\t", index=False, na_rep="")
    meta = {k: v for k, v in cohort.meta.items() if k != "path"}
    (folder / "meta.json").write_text(json.dumps(meta, indent=2, default=str) + "\n")
    return folder


def validate_cohort_folder(path: str | Path) -> tuple[Cohort | None, list[Problem]]:
    """Read a cohort folder and return ``(cohort, problems)`` instead of raising.

    ``cohort`` is None when the folder has errors; ``problems`` lists errors and warnings,
    each naming file, line and column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "patients.tsv").write_text("patient_id\\np1\\np1\\n")
    >>> cohort, problems = validate_cohort_folder(d)
    >>> cohort is None, problems[0].line
    (True, 3)
    """
    try:
        cohort = read_cohort(path)
    except ValidationError as exc:
        return None, exc.problems
    except InputError as exc:
        return None, [exc.problem]
    problems = _unknown_files(Path(path))
    return cohort, problems


def _unknown_files(folder: Path) -> list[Problem]:
    known = {f"{n}{s}" for n in TABLE_ORDER for s in TABLE_SUFFIXES} | {"meta.json"}
    return [Problem("file is not a cohort table and was not read", file=str(f), severity="warning",
                    expected=f"one of {', '.join(n + '.tsv' for n in TABLE_ORDER)} or meta.json",
                    fix="rename it if it holds one of these tables, or ignore this warning")
            for f in sorted(folder.iterdir()) if f.is_file() and f.name not in known and not f.name.startswith(".")]
