"""Build a Cohort for kinetics from a scans file (plus treatments), a cohort folder or a bundled dataset."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..cohort import Cohort
from ..errors import InputError
from ..schema import MISSING_STRINGS

__all__ = ["cohort_from_scans_file", "cohort_from_scans"]


def cohort_from_scans(scans, treatments=None) -> Cohort:
    """A Cohort from an in-memory scans table (the Python counterpart of :func:`cohort_from_scans_file`).

    Parameters
    ----------
    scans : DataFrame or dict of columns
        ``patient_id``, ``day`` or ``date``, a size column (``sld_mm`` ...), optional extras.
    treatments : DataFrame or dict of columns, optional
        ``patient_id``, ``agent``, ``drug_class``, ``start_day``/``start_date`` ...

    Returns
    -------
    Cohort
        One patient per distinct ``patient_id`` (in order of first appearance).

    Examples
    --------
    >>> c = cohort_from_scans({"patient_id": ["p1"] * 3, "day": [-60, -2, 40], "sld_mm": [40, 50, 80]})
    >>> c.n_patients, len(c.scans)
    (1, 3)
    """
    sdf = pd.DataFrame(scans)
    tdf = pd.DataFrame(treatments) if treatments is not None else None
    ids = list(dict.fromkeys(sdf["patient_id"].astype(str)))
    return Cohort(patients=pd.DataFrame({"patient_id": ids}), scans=sdf, treatments=tdf)


def cohort_from_scans_file(scans: str | Path, *, treatments: str | Path | None = None,
                           treatment_start_column: str | None = None) -> Cohort:
    """A validated Cohort from a scans table, a cohort folder or a bundled dataset name.

    Parameters
    ----------
    scans : path or str
        A ``.tsv``/``.csv``/``.parquet`` scans table (``patient_id``, ``day`` or ``date``,
        ``sld_mm`` / ``tumour_burden`` / ``pct_change_from_baseline`` ...), a cohort folder,
        or the name of a bundled dataset (``laleh2022``, ``inspire``, ``tumgr_sample``).
    treatments : path, optional
        Treatments table (``patient_id``, ``agent``, ``drug_class``, ``start_day`` or
        ``start_date``, optional ``stop_day``/``stop_date``).
    treatment_start_column : str, optional
        Column of the scans table holding each patient's ICI start (a day on the scans'
        day scale, or an ISO date); must be the same on all rows of a patient.

    Errors name the file, line and column (:class:`~mdm2io.errors.ValidationError`).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "scans.csv"
    >>> _ = p.write_text("patient_id,day,sld_mm,ici_start\\np1,-5,40,0\\np1,40,55,0\\n")
    >>> c = cohort_from_scans_file(p, treatment_start_column="ici_start")
    >>> c.n_patients, float(c.treatments.start_day[0])
    (1, 0.0)
    """
    from ..datasets import DATASETS, load
    from ..io.cohort_folder import read_cohort, read_table_file

    path = Path(scans)
    if not path.exists():
        if str(scans) in DATASETS:
            return load(str(scans))
        raise InputError("file or folder not found", file=str(scans),
                         expected="a scans table, a cohort folder or a bundled dataset name",
                         fix=f"check the path, or use one of: {', '.join(DATASETS)}")
    if path.is_dir():
        if treatments or treatment_start_column:
            raise InputError("--treatments/--treatment-start-column cannot be combined with a cohort folder",
                             file=str(path), fix="put treatments.tsv in the cohort folder instead")
        return read_cohort(path)
    if treatments is not None and treatment_start_column is not None:
        raise InputError("give either a treatments table or a treatment-start column, not both",
                         fix="drop --treatments or --treatment-start-column")
    sdf, ssrc = read_table_file(path)
    if "patient_id" not in sdf.columns:
        raise InputError("required column 'patient_id' is missing", file=str(path), line=1, column="patient_id",
                         expected="a column named patient_id", fix="rename the patient identifier column to patient_id")
    sources = {"scans": ssrc}
    ids = list(dict.fromkeys(sdf["patient_id"].astype(str)))
    tdf = None
    if treatments is not None:
        tdf, tsrc = read_table_file(treatments)
        sources["treatments"] = tsrc
        seen = set(ids)
        ids += [i for i in dict.fromkeys(tdf.get("patient_id", pd.Series(dtype=str)).astype(str)) if i not in seen]
    elif treatment_start_column is not None:
        tdf = _treatments_from_column(sdf, ssrc, treatment_start_column)
    elif "date" in sdf.columns and "day" not in sdf.columns:
        raise InputError("the scans have calendar dates but no treatment start is given", file=str(path), line=1,
                         column="date", expected="each patient's ICI start, to place the scans before/after it",
                         fix="add --treatments T.tsv (start_date per patient) or --treatment-start-column COL, "
                             "or give a 'day' column relative to treatment start")
    patients = pd.DataFrame({"patient_id": ids})
    return Cohort(patients=patients, scans=sdf, treatments=tdf, sources=sources,
                  meta={"name": path.stem, "path": str(path)})


def _treatments_from_column(sdf: pd.DataFrame, src: dict, col: str) -> pd.DataFrame:
    if col not in sdf.columns:
        import difflib

        close = difflib.get_close_matches(col, list(sdf.columns), n=1)
        raise InputError(f"column {col!r} not found; columns: {', '.join(sdf.columns)}", file=src["file"], line=1,
                         column=col, expected="the column with each patient's treatment start",
                         fix=f"did you mean {close[0]!r}?" if close else "name an existing column")
    vals = sdf[col].astype(str).str.strip()
    lines = src.get("lines") or list(range(2, len(sdf) + 2))
    missing = vals.isin(MISSING_STRINGS)
    if missing.any():
        i = int(missing.to_numpy().nonzero()[0][0])
        raise InputError("empty treatment start", file=src["file"], line=lines[i], column=col,
                         expected="a day number or an ISO date on every row", fix="fill in the treatment start")
    per = pd.DataFrame({"patient_id": sdf["patient_id"].astype(str), "v": vals, "line": lines})
    nun = per.groupby("patient_id")["v"].nunique()
    if (nun > 1).any():
        pid = nun[nun > 1].index[0]
        rows = per[per["patient_id"] == pid]
        raise InputError(f"patient {pid!r} has different treatment starts: {', '.join(rows['v'].unique())}",
                         file=src["file"], line=int(rows["line"].iloc[1]), column=col,
                         expected="one treatment start per patient", fix="use the same start on every row of the patient")
    first = per.drop_duplicates("patient_id")
    num = pd.to_numeric(first["v"], errors="coerce")
    out = pd.DataFrame({"patient_id": first["patient_id"].to_numpy(), "agent": f"ICI (start from column {col})",
                        "drug_class": "unknown"})
    if num.notna().all():
        out["start_day"] = num.to_numpy()
    else:
        out["start_date"] = first["v"].to_numpy()
    return out
