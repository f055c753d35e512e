"""The :class:`Cohort` container: the one object that flows through every mdm2io stage.

A Cohort holds seven pandas tables with fixed, documented schemas (see
:mod:`mdm2io.schema` and ``docs/data.md``): ``patients``, ``samples``, ``alterations``,
``scans``, ``lesions``, ``treatments`` and ``outcomes``, plus ``meta`` (name, citation,
licence, provenance, units). Stages (genomics, kinetics, survival, ...) read a Cohort and
return new tables; they never modify it in place. Real and simulated cohorts are the
same type.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from .errors import Problem, ValidationError
from .schema import SCHEMAS, TABLE_ORDER, coerce_table, empty_table, validate_tables

__all__ = ["Cohort"]


@dataclass
class Cohort:
    """Patients, samples, alterations, scans, lesions, treatments and outcomes of one cohort.

    Parameters
    ----------
    patients, samples, alterations, scans, lesions, treatments, outcomes
        Tables following :data:`mdm2io.schema.SCHEMAS`. Missing tables become empty
        tables. Values are validated and coerced to the schema dtypes.
    meta
        Free-form metadata: ``name``, ``description``, ``citation``, ``licence``,
        ``source``, ``tumour_burden_unit`` ...
    validate
        Validate on construction (default). Raises :class:`~mdm2io.errors.ValidationError`
        listing every problem.

    Examples
    --------
    >>> import pandas as pd
    >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p1", "p2"]}),
    ...            outcomes=pd.DataFrame({"patient_id": ["p1", "p2"], "endpoint": ["OS", "OS"],
    ...                                   "time_months": [3.5, 12.0], "event": [1, 0]}))
    >>> c.n_patients, int(c.outcomes.event.sum())
    (2, 1)
    """

    patients: pd.DataFrame = field(default_factory=lambda: empty_table("patients"))
    samples: pd.DataFrame = field(default_factory=lambda: empty_table("samples"))
    alterations: pd.DataFrame = field(default_factory=lambda: empty_table("alterations"))
    scans: pd.DataFrame = field(default_factory=lambda: empty_table("scans"))
    lesions: pd.DataFrame = field(default_factory=lambda: empty_table("lesions"))
    treatments: pd.DataFrame = field(default_factory=lambda: empty_table("treatments"))
    outcomes: pd.DataFrame = field(default_factory=lambda: empty_table("outcomes"))
    meta: dict = field(default_factory=dict)
    validate: bool = field(default=True, repr=False)
    sources: dict = field(default_factory=dict, repr=False)
    #: Internal flag, for mdm2io readers only: the tables were built from values the reader checked
    #: and are already in schema form (see ``coerce_table(trusted=True)``), so they are not copied
    #: and their text is not stripped again. Never set it for tables from users.
    _trusted: bool = field(default=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in TABLE_ORDER:
            df = getattr(self, name)
            if df is None:
                df = empty_table(name)
            if not isinstance(df, pd.DataFrame):
                raise TypeError(f"Cohort.{name} must be a pandas DataFrame, got {type(df).__name__}")
            setattr(self, name, df)
        if self.validate:
            self.check()
        for name in TABLE_ORDER:
            df = getattr(self, name)
            for col in SCHEMAS[name].required:
                if col not in df.columns and df.empty:
                    df[col] = pd.Series(dtype=object)
            setattr(self, name, coerce_table(name, df, trusted=self._trusted))
        self.validate = False
        self._trusted = False  # a later dataclasses.replace() (with_meta) coerces as usual

    # ------------------------------------------------------------------ validation
    def problems(self) -> list[Problem]:
        """Every schema problem in the tables (empty list when valid).

        Examples
        --------
        >>> Cohort().problems()
        []
        """
        return validate_tables(self.tables(), self.sources)

    def check(self) -> "Cohort":
        """Raise :class:`~mdm2io.errors.ValidationError` if any table breaks its schema."""
        problems = self.problems()
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            where = self.meta.get("path") or self.meta.get("name") or "cohort"
            raise ValidationError(problems, header=f"{where}: {len(errors)} problem{'s' if len(errors) != 1 else ''} found")
        return self

    # ------------------------------------------------------------------ access
    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name -> DataFrame, in :data:`~mdm2io.schema.TABLE_ORDER`."""
        return {name: getattr(self, name) for name in TABLE_ORDER}

    @property
    def n_patients(self) -> int:
        """Number of patients."""
        return len(self.patients)

    @property
    def n_samples(self) -> int:
        """Number of samples."""
        return len(self.samples)

    @property
    def name(self) -> str:
        """Short cohort name from ``meta['name']``."""
        return str(self.meta.get("name", "cohort"))

    def endpoint(self, endpoint: str) -> pd.DataFrame:
        """The rows of ``outcomes`` for one endpoint (e.g. ``"OS"``), indexed by patient.

        Examples
        --------
        >>> import pandas as pd
        >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p1"]}),
        ...            outcomes=pd.DataFrame({"patient_id": ["p1"], "endpoint": ["OS"], "time_months": [3.0], "event": [1]}))
        >>> float(c.endpoint("OS").loc["p1", "time_months"])
        3.0
        """
        out = self.outcomes[self.outcomes["endpoint"] == endpoint]
        return out.drop(columns="endpoint").set_index("patient_id")

    def subset(self, patient_ids) -> "Cohort":
        """A new Cohort restricted to ``patient_ids`` (all tables filtered consistently).

        Examples
        --------
        >>> import pandas as pd
        >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p1", "p2"]}))
        >>> c.subset(["p2"]).n_patients
        1
        """
        keep = set(map(str, patient_ids))
        t = {n: df for n, df in self.tables().items()}
        t["patients"] = t["patients"][t["patients"]["patient_id"].isin(keep)]
        t["samples"] = t["samples"][t["samples"]["patient_id"].isin(keep)]
        samples = set(t["samples"]["sample_id"])
        t["alterations"] = t["alterations"][t["alterations"]["sample_id"].isin(samples)]
        for n in ("scans", "lesions", "treatments", "outcomes"):
            t[n] = t[n][t[n]["patient_id"].isin(keep)] if "patient_id" in t[n] else t[n]
        return Cohort(**{k: v.reset_index(drop=True) for k, v in t.items()}, meta=dict(self.meta), validate=False)

    def replace(self, **tables) -> "Cohort":
        """A new Cohort with some tables replaced (validated again)."""
        new = {**self.tables(), **tables}
        return Cohort(**new, meta=dict(self.meta))

    def summary(self) -> dict:
        """Counts per table and per outcome endpoint.

        Examples
        --------
        >>> Cohort().summary()["n_patients"]
        0
        """
        out = {"name": self.name, "n_patients": self.n_patients, "n_samples": self.n_samples,
               "n_alterations": len(self.alterations), "n_scans": len(self.scans),
               "n_scanned_patients": int(self.scans["patient_id"].nunique()) if len(self.scans) else 0,
               "n_lesion_rows": len(self.lesions), "n_treatments": len(self.treatments), "endpoints": {}}
        for ep, g in self.outcomes.groupby("endpoint"):
            out["endpoints"][str(ep)] = {"n": int(len(g)), "events": int(g["event"].sum())}
        return out

    def __repr__(self) -> str:
        s = self.summary()
        eps = ", ".join(f"{k} (n={v['n']}, events={v['events']})" for k, v in s["endpoints"].items()) or "none"
        return (f"Cohort {self.name!r}: {s['n_patients']} patients, {s['n_samples']} samples, "
                f"{s['n_alterations']} alterations, {s['n_scans']} scans, {s['n_treatments']} treatments; "
                f"outcomes: {eps}")

    # ------------------------------------------------------------------ files
    def write(self, path: str | Path, format: str = "tsv") -> Path:
        """Write the cohort as a folder of ``<table>.tsv`` (or ``.parquet``) files plus ``meta.json``.

        See :func:`mdm2io.io.cohort_folder.write_cohort`.
        """
        from .io.cohort_folder import write_cohort

        return write_cohort(self, path, format=format)

    @classmethod
    def read(cls, path: str | Path) -> "Cohort":
        """Read a cohort folder written by :meth:`write` (or by hand); validates it.

        See :func:`mdm2io.io.cohort_folder.read_cohort`.
        """
        from .io.cohort_folder import read_cohort

        return read_cohort(path)

    def with_meta(self, **meta) -> "Cohort":
        """A shallow copy with ``meta`` updated."""
        return replace(self, meta={**self.meta, **meta}, validate=False)
