"""File-to-folder entry point behind ``mdm2io survival``: read a cohort folder or a table, analyse, write."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError
from .analysis import _f, compare_survival
from .data import survival_data, survival_data_from_frame
from .landmark import landmark_data
from .response import response_table

__all__ = ["run_survival", "read_patient_table"]


def read_patient_table(path) -> tuple[pd.DataFrame, dict]:
    """Read a one-row-per-patient TSV/CSV (missing-value strings such as NA become NaN), keeping file lines.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "t.tsv"
    >>> _ = p.write_text("time\\tevent\\tarm\\n3\\t1\\tA\\n5\\tNA\\tB\\n")
    >>> df, src = read_patient_table(p)
    >>> df.event.isna().tolist(), src["lines"]
    ([False, True], [2, 3])
    """
    from ..io.cohort_folder import read_table_file
    from ..schema import MISSING_STRINGS

    df, src = read_table_file(path)
    df = df.apply(lambda s: s.map(lambda v: np.nan if isinstance(v, str) and v.strip() in MISSING_STRINGS else v))
    return df, src


def _endpoint_columns(df: pd.DataFrame, endpoint: str, fname: str) -> tuple[str, str, bool]:
    """(time, event, is_cbioportal_status) columns for ``endpoint`` in a plain table."""
    for t, e, cbio in ((f"{endpoint}_months", f"{endpoint}_event", False),
                       (f"{endpoint.upper()}_MONTHS", f"{endpoint.upper()}_STATUS", True),
                       (f"{endpoint.lower()}_months", f"{endpoint.lower()}_event", False)):
        if t in df.columns and e in df.columns:
            return t, e, cbio
    raise InputError(f"no columns for endpoint {endpoint!r}", file=fname, line=1,
                     expected=f"{endpoint}_months and {endpoint}_event (or cBioPortal {endpoint.upper()}_MONTHS/"
                              f"{endpoint.upper()}_STATUS)",
                     fix="name the columns so, or give --time and --event")


def run_survival(source, out_dir, *, group: str, endpoint: str | None = None, time: str | None = None,
                 event: str | None = None, censor: str | None = None, treatment: str | None = None, adjust=(),
                 categorical=(), reference=None, treatment_reference=None, strata: str | None = None,
                 landmark_months: float | None = None, conf_type: str = "log-log", id_col: str | None = None,
                 preset: str = "foundation", cutoff: float | None = None, cohort=None, entry: str | None = None) -> Path:
    """Analyse survival of a cohort folder or a per-patient table by ``group`` and write the results.

    Parameters
    ----------
    source : path
        A cohort folder (see ``docs/data.md``) or a TSV/CSV table with one row per patient.
    out_dir : path
        Folder for ``survival.json``, ``km.png``/``.svg``, ``forest.png``/``.svg`` (with a
        treatment), ``km_summary.tsv``, ``forest.tsv`` and ``not_analysed.tsv``.
    group, endpoint, time, event, censor, treatment, adjust, categorical, reference, treatment_reference
        See ``mdm2io survival --help``. ``censor`` is a 1 = censored column (event = 1 - censor).
    cutoff : float, optional
        Dichotomise a numeric grouping at this value (``>= cutoff`` vs ``< cutoff``).
    strata : str, optional
        Column for an extra stratified log-rank test (not added to the adjusted Cox model unless
        also listed in ``adjust``).
    landmark_months : float, optional
        Landmark analysis from this time (:func:`~mdm2io.survival.landmark_data`).
    conf_type : str
        KM band transform.
    cohort : Cohort, optional
        Use this cohort instead of reading ``source`` (e.g. a bundled dataset).
    entry : str, optional
        Delayed-entry column (months from the endpoint's time origin, e.g. ICI start to
        sequencing; a per-patient column of a cohort folder or a column of the table): KM, log-rank
        and Cox use the risk sets {entry < t <= time}. Rows with entry >= time are listed in
        ``not_analysed.tsv`` with their values and, when read from files, their file line (a
        table: the patient's row; a cohort folder: the outcomes row of the time and the row of
        the entry column; an in-memory ``cohort`` has no file lines).

    Returns
    -------
    Path
        Path of ``survival.json``.

    Examples
    --------
    >>> import tempfile, json
    >>> from mdm2io.datasets import load_inspire
    >>> p = run_survival(None, tempfile.mkdtemp(), group="sex", endpoint="PFS", cohort=load_inspire())
    >>> sorted(json.loads(p.read_text())["groups"])
    ['female', 'male']
    """
    if event and censor:
        raise InputError("give --event or --censor, not both",
                         expected="--event COLUMN (1 = event) or --censor COLUMN (1 = censored)",
                         fix=f"drop one of them: --event {event} or --censor {censor}")
    covs = list(adjust) + ([strata] if strata and strata not in adjust else [])
    response = None
    if cohort is None and source is not None and Path(source).is_dir():
        from ..io.cohort_folder import read_cohort

        cohort = read_cohort(source)
    if cohort is not None:
        if time or event or censor:
            raise InputError("--time/--event/--censor are for a single table; a cohort folder has an outcomes table",
                             file=str(source), fix="use --endpoint OS (or PFS ...) with a cohort folder")
        data = survival_data(cohort, group, endpoint=endpoint or "OS", treatment=treatment, covariates=covs,
                             reference=reference, treatment_reference=treatment_reference, categorical=categorical,
                             cutoff=cutoff, preset=preset, entry=entry)
        if "best_overall_response" in cohort.patients and cohort.patients["best_overall_response"].notna().any():
            g = data.table.set_index("patient_id")["group"]
            response = response_table(cohort.patients[cohort.patients.patient_id.astype(str).isin(g.index)], g,
                                      reference=data.reference)
    else:
        if source is None or not Path(source).exists():
            raise InputError("input does not exist", file=str(source), fix="give a cohort folder or a TSV/CSV table")
        df, src = read_patient_table(source)
        if endpoint and not (time or event or censor):
            time, event, cbio = _endpoint_columns(df, endpoint, src["file"])
            if cbio:  # cBioPortal status "1:DECEASED" / "0:LIVING"
                df[event] = df[event].map(lambda v: v.split(":", 1)[0] if isinstance(v, str) else v)
        if not time or not (event or censor):
            raise InputError("say which columns hold follow-up time and event", file=src["file"],
                             expected="--time COLUMN and --event COLUMN (or --censor COLUMN), or --endpoint EP",
                             fix="e.g. --time OS --censor OS.CNSR")
        if censor:
            if censor not in df.columns:
                raise InputError(f"column {censor!r} not found", file=src["file"], line=1, column=censor,
                                 fix="check the censoring column name")
            c = pd.to_numeric(df[censor], errors="coerce")
            bad = np.flatnonzero((df[censor].notna() & ~c.isin([0, 1])).to_numpy())
            if len(bad):
                raise InputError(f"censoring flag {df[censor].iloc[bad[0]]!r} is not 0 or 1 ({len(bad)} rows)",
                                 file=src["file"], line=int(src["lines"][bad[0]]) if src.get("lines") else None,
                                 column=censor, expected="1 (censored) or 0 (event)",
                                 fix="code the censoring flag as 1/0, or give an event column with --event")
            # errors then name the user's censoring column and line (invalid values are kept as given)
            df = df.assign(**{censor: (1 - c).where(c.isin([0, 1]), df[censor])})
            event = censor
        data = survival_data_from_frame(df, time=time, event=event, group=group, treatment=treatment, covariates=covs,
                                        reference=reference, treatment_reference=treatment_reference, id_col=id_col,
                                        endpoint=endpoint or time, source=src, categorical=categorical, cutoff=cutoff,
                                        entry=entry)
    # the strata column rides along in the table for the stratified test but is not an adjustment covariate
    data.covariates = [c for c in data.covariates if c in adjust]
    if landmark_months is not None:
        data = landmark_data(data, landmark_months)
    analysis = compare_survival(data, conf_type=conf_type, strata=strata)
    extra = {}
    if response is not None:
        extra["response"] = {
            "counted_not_evaluable_as_non_response": response["not_evaluable_counted_as_non_response"],
            **{k: {"groups": {g: {"n": int(r.n), "responders": int(r.x), "rate": _f(r.rate),
                                  "ci_low": _f(r.ci_low), "ci_high": _f(r.ci_high)}
                              for g, r in response[k]["table"].iterrows()},
                   "fisher_p": _f(response[k]["fisher_p"]), "fisher_test": response[k]["fisher_test"]}
               for k in ("ORR", "DCR")}}
    return analysis.write(out_dir, extra=extra)  # survival.json written once, response included
