"""Lesion-level bookkeeping for RECIST 1.1 and iRECIST: measurability, target limits, new-lesion categories.

RECIST 1.1 (Eisenhauer EA et al. Eur J Cancer 2009;45:228-247, doi:10.1016/j.ejca.2008.10.026,
sections 3.1-3.2 and 4.3):

* a measurable lesion is >= 10 mm in longest diameter on CT (``MEASURABLE_MM``); a pathological
  lymph node is measurable when its short axis is >= 15 mm (``MEASURABLE_NODE_MM``); nodes of
  10-< 15 mm are non-measurable (non-target) and nodes < 10 mm are normal (``NORMAL_NODE_MM``),
  so a node shrinking below 10 mm counts as gone for CR;
* at most 5 target lesions in total and at most 2 per organ (``MAX_TARGETS``,
  ``MAX_TARGETS_PER_ORGAN``), chosen by size.

iRECIST (Seymour L et al. Lancet Oncol 2017;18:e143-e152, doi:10.1016/S1470-2045(17)30074-8):
new lesions are classed with RECIST 1.1 rules; up to 5 measurable new lesions (at most 2 per
organ) are "new lesion target" (NLT) and their sum of measures is recorded apart from the target
sum; every other new lesion is "new lesion non-target" (NLNT).

Lesion rows that break these rules are reported by :func:`recist_lesion_problems` (never dropped
silently); ``measurability="enforce"`` counts such target lesions as non-target instead.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .series import baseline_scans, ici_start_stop

__all__ = ["recist_lesion_problems", "prepare_lesions", "lesion_days", "new_lesion_present", "ABSENT_STATUSES",
           "MEASURABLE_MM", "MEASURABLE_NODE_MM", "NORMAL_NODE_MM",
           "MAX_TARGETS", "MAX_TARGETS_PER_ORGAN", "MEASURABILITY_POLICIES"]

#: Smallest measurable longest diameter on CT, mm (RECIST 1.1 §3.1.1).
MEASURABLE_MM = 10.0
#: Smallest measurable (target) lymph-node short axis, mm (RECIST 1.1 §3.1.1).
MEASURABLE_NODE_MM = 15.0
#: Lymph nodes with a short axis below this are normal, mm (RECIST 1.1 §3.1.1, §4.3.1).
NORMAL_NODE_MM = 10.0
#: Target lesions at most, in total and per organ (RECIST 1.1 §3.2; the same caps for iRECIST NLT).
MAX_TARGETS, MAX_TARGETS_PER_ORGAN = 5, 2
#: What to do with target lesions that break the rules: keep them (and report) or count them as non-target.
MEASURABILITY_POLICIES = ("report", "enforce")

#: ``status`` words meaning a lesion is no longer seen at that assessment.
ABSENT_STATUSES = ("absent", "disappeared", "0", "resolved")


def new_lesion_present(lesions: pd.DataFrame, role_column: str = "role") -> np.ndarray:
    """Which lesion rows count as a new lesion present at their assessment (RECIST 1.1 / iRECIST).

    The single rule for counting new lesions, used for the scan-level ``new_lesions`` count,
    new organ / involved-organ counts, RECIST PD and the iRECIST NLT/NLNT classes:

    * only rows with role ``new``;
    * a new lesion must be **unequivocal** (RECIST 1.1, Eisenhauer 2009,
      doi:10.1016/j.ejca.2008.10.026, §4.3.2). A row whose ``status`` says "equivocal" (not
      "unequivocal") counts only if the same lesion (``patient_id``, ``lesion_id``) is
      present unequivocally at some assessment; it then counts from its first, equivocal
      appearance, because "progression should be declared using the date of the initial
      scan" (§4.3.2). A lesion that stays equivocal never counts;
    * a row whose ``status`` is one of :data:`ABSENT_STATUSES` (absent, resolved,
      disappeared, 0) is not present at that assessment. The progression the lesion caused
      when it appeared is not undone: RECIST 1.1 fixes PD at the first appearance and the
      best overall response stops there, so only later time points differ. Under iRECIST
      (Seymour 2017, doi:10.1016/S1470-2045(17)30074-8) such a scan may return to iSD/iPR/iCR
      after an unconfirmed iUPD, while the distinct new lesions seen so far (for
      "additional new lesions") still include it.

    Parameters
    ----------
    lesions : DataFrame
        ``patient_id``, ``lesion_id``, ``role`` (or ``role_column``), optional ``status``.
    role_column : str
        Column holding the role (``role_used`` after measurability enforcement).

    Returns
    -------
    ndarray of bool, one per row.

    Examples
    --------
    >>> les = pd.DataFrame({"patient_id": "p", "lesion_id": ["x", "x", "x", "y", "z"], "role": "new",
    ...                     "status": ["equivocal", "present", "resolved", "equivocal", ""]})
    >>> new_lesion_present(les).tolist()
    [True, True, False, False, True]
    """
    role = lesions[role_column].astype(str).to_numpy()
    status = (lesions["status"].fillna("").astype(str).str.strip().str.lower() if "status" in lesions
              else pd.Series("", index=lesions.index))
    is_new = role == "new"
    absent = status.isin(ABSENT_STATUSES).to_numpy()
    equivocal = (status.str.contains("equivocal") & ~status.str.contains("unequivocal")).to_numpy()
    sure = is_new & ~absent & ~equivocal
    keys = list(zip(lesions["patient_id"].astype(str), lesions["lesion_id"].astype(str)))
    confirmed = {k for k, ok in zip(keys, sure) if ok}
    later_sure = np.fromiter((k in confirmed for k in keys), dtype=bool, count=len(keys))
    return sure | (is_new & ~absent & equivocal & later_sure)


def _with_day(lesions: pd.DataFrame, cohort) -> pd.DataFrame:
    les = lesions.reset_index(drop=True).copy()
    les["row"] = np.arange(len(les))
    les["patient_id"] = les["patient_id"].astype(str)
    # ICI start as for scans (series.ici_start_stop), so that both paths share day 0
    starts = ici_start_stop(cohort).assign(patient_id=lambda t: t["patient_id"].astype(str)).set_index("patient_id")
    if "day" not in les or les["day"].isna().all():
        dates = pd.to_datetime(les["date"]) if "date" in les else pd.Series(pd.NaT, index=les.index)
        les["day"] = (dates - pd.to_datetime(les["patient_id"].map(starts["start_date"]))).dt.days.astype(float)
    else:
        les["day"] = les["day"].astype(float) - les["patient_id"].map(starts["start_day"]).fillna(0.0)
    les["day"] = les["day"].astype(float)
    les["is_node"] = pd.to_numeric(les.get("is_node", pd.Series(0, index=les.index)), errors="coerce").fillna(0).astype(int) == 1
    les["diameter_mm"] = pd.to_numeric(les["diameter_mm"], errors="coerce") if "diameter_mm" in les else np.nan
    les["status"] = les.get("status", pd.Series("", index=les.index)).fillna("").astype(str).str.lower()
    les["organ"] = les["organ"].fillna("").astype(str) if "organ" in les else ""
    les["lesion_id"] = les["lesion_id"].astype(str)
    return les


def lesion_days(cohort) -> pd.DataFrame:
    """``patient_id`` and ``day`` (relative to ICI start) of every lesion row that has one.

    Days are placed on the ICI start of :func:`~mdm2io.kinetics.series.ici_start_stop`, as in
    :func:`prepare_lesions`.

    Examples
    --------
    >>> from mdm2io.cohort import Cohort
    >>> les = pd.DataFrame({"patient_id": "p", "day": [-3, 40], "lesion_id": "a", "diameter_mm": [20, 25],
    ...                     "role": "target"})
    >>> lesion_days(Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), lesions=les)).day.tolist()
    [-3.0, 40.0]
    """
    les = _with_day(cohort.lesions, cohort)
    return les.loc[les["day"].notna(), ["patient_id", "day"]].reset_index(drop=True)


def _measurable(diam: pd.Series, is_node: pd.Series) -> pd.Series:
    return np.where(is_node, diam >= MEASURABLE_NODE_MM, diam >= MEASURABLE_MM)


def _cap(cand: pd.DataFrame, order: list[str], ascending: list[bool]) -> pd.Series:
    """True for the lesions kept within the caps (<= 2 per organ, <= 5 in total), largest/first first."""
    cand = cand.sort_values(order, ascending=ascending, kind="mergesort")
    has_organ = cand["organ"] != ""
    per_organ = cand.groupby(["patient_id", "organ"]).cumcount()
    ok_organ = ~has_organ | (per_organ < MAX_TARGETS_PER_ORGAN)
    total = ok_organ.astype(int).groupby(cand["patient_id"]).cumsum()
    keep = ok_organ & (total <= MAX_TARGETS)
    cand = cand.assign(_keep=keep, _organ_ok=ok_organ)
    return cand


def prepare_lesions(cohort, measurability: str = "report", *,
                    max_baseline_days_before: float | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Lesion rows with day, the role used and the iRECIST new-lesion category, plus the rule breaches.

    Parameters
    ----------
    cohort : Cohort
        Uses ``Cohort.lesions`` (``day`` or ``date`` with ``treatments.start_date``).
    measurability : {"report", "enforce"}
        ``"report"`` keeps target lesions as given and lists those that break the RECIST 1.1
        rules; ``"enforce"`` counts them as non-target (and lists them too).
    max_baseline_days_before : float, optional
        Accept as baseline only an assessment at most this many days before treatment start
        (RECIST 1.1 §3.3: 28, :data:`~mdm2io.kinetics.RECIST_BASELINE_MAX_DAYS`); default no
        limit. The baseline is chosen by :func:`~mdm2io.kinetics.baseline_scans`; a patient
        without one is listed in ``problems`` and not assessable.

    Returns
    -------
    lesions : DataFrame
        The usable rows with ``row`` (0-based row of ``Cohort.lesions``), ``day``,
        ``role_used`` (target, non_target, new) and ``new_category`` ("NLT", "NLNT" or "").
    problems : DataFrame
        ``patient_id``, ``lesion_id``, ``row``, ``day``, ``problem``, ``action``.

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.cohort import Cohort
    >>> les = pd.DataFrame({"patient_id": "p", "day": [-1, -1, 42], "lesion_id": ["A", "N", "X"],
    ...                     "is_node": [0, 1, 0], "diameter_mm": [25, 12, 14],
    ...                     "role": ["target", "target", "new"], "status": ["", "", "present"]})
    >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), lesions=les)
    >>> used, problems = prepare_lesions(c, "enforce")
    >>> used.set_index("lesion_id")[["role_used", "new_category"]].loc[["N", "X"]].values.tolist()
    [['non_target', ''], ['new', 'NLT']]
    >>> problems.problem.tolist()
    ['target node short axis 12 mm at baseline < 15 mm (not measurable, RECIST 1.1 §3.1.1)']
    """
    if measurability not in MEASURABILITY_POLICIES:
        from ..errors import InputError

        raise InputError(f"unknown measurability policy {measurability!r}",
                         expected=f"one of {', '.join(MEASURABILITY_POLICIES)}", fix="use 'report' or 'enforce'")
    les = _with_day(cohort.lesions, cohort)
    probs: list[dict] = []

    def add(df: pd.DataFrame, text, action: str) -> None:
        texts = text if isinstance(text, pd.Series) else pd.Series(text, index=df.index)
        for r, t in zip(df.itertuples(index=False), texts.to_numpy()):
            probs.append({"patient_id": r.patient_id, "lesion_id": r.lesion_id, "row": r.row, "day": r.day,
                          "problem": t, "action": action})

    no_day = les["day"].isna()
    add(les[no_day], "no day or date (or no treatment start date to place it)", "not used")
    les = les[~no_day]
    bs = baseline_scans(les, max_baseline_days_before=max_baseline_days_before).set_index("patient_id")
    base_day = bs["baseline_day"].dropna()
    no_base = ~les["patient_id"].isin(base_day.index)
    first_rows = les[no_base].drop_duplicates("patient_id")
    # with the RECIST 1.1 §3.3 window on, say why (e.g. the last scan was more than 28 days before)
    why = "no lesion assessment on or before treatment start (no baseline)" if max_baseline_days_before is None \
        else first_rows["patient_id"].map(bs["baseline_reason"]) + " (lesion assessments)"
    add(first_rows, why, "patient not assessable")
    les = les[~no_base].copy()
    les["baseline_day"] = les["patient_id"].map(base_day).astype(float)
    les["role_used"] = les["role"].astype(str)
    keep_action = "kept as target (as given)" if measurability == "report" else "counted as non-target"

    # --- baseline target lesions: measurability and the 5 / 2-per-organ caps (RECIST 1.1 §3.1-3.2)
    tgt = les["role"] == "target"
    at_base = tgt & (les["day"] == les["baseline_day"])
    base_ids = set(zip(les.loc[at_base, "patient_id"], les.loc[at_base, "lesion_id"]))
    pairs = list(zip(les["patient_id"], les["lesion_id"]))
    later_only = tgt & ~pd.Series([p in base_ids for p in pairs], index=les.index)
    first_later = les[later_only].drop_duplicates(["patient_id", "lesion_id"])
    add(first_later, "target lesion not recorded at baseline (RECIST 1.1 §3.2: targets are chosen at baseline)",
        keep_action)
    bad: set = {(p, l) for p, l in zip(first_later["patient_id"], first_later["lesion_id"])}
    b = les[at_base]
    d = b["diameter_mm"]
    nodal_small = b["is_node"] & (d < MEASURABLE_NODE_MM)
    small = ~b["is_node"] & (d < MEASURABLE_MM)
    no_d = d.isna()
    fmt = d.map(lambda v: f"{v:g}").astype(object)  # object even when empty (no baseline lesion at all)
    add(b[no_d], "target lesion without a baseline diameter", keep_action)
    add(b[small], "target lesion " + fmt[small] + " mm at baseline < 10 mm (not measurable, RECIST 1.1 §3.1.1)",
        keep_action)
    add(b[nodal_small], "target node short axis " + fmt[nodal_small]
        + " mm at baseline < 15 mm (not measurable, RECIST 1.1 §3.1.1)", keep_action)
    unmeas = no_d | small | nodal_small
    bad |= set(zip(b.loc[unmeas, "patient_id"], b.loc[unmeas, "lesion_id"]))
    capped = _cap(b[~unmeas], ["patient_id", "diameter_mm"], [True, False])
    over_organ = capped[~capped["_organ_ok"]]
    add(over_organ, "more than 2 target lesions in organ '" + over_organ["organ"]
        + "' (RECIST 1.1 §3.2; the smallest are beyond the cap)", keep_action)
    over_total = capped[capped["_organ_ok"] & ~capped["_keep"]]
    add(over_total, "more than 5 target lesions (RECIST 1.1 §3.2; the smallest are beyond the cap)", keep_action)
    bad |= set(zip(capped.loc[~capped["_keep"], "patient_id"], capped.loc[~capped["_keep"], "lesion_id"]))
    if measurability == "enforce" and bad:
        demote = pd.Series([p in bad for p in pairs], index=les.index) & tgt
        les.loc[demote, "role_used"] = "non_target"

    # --- iRECIST new-lesion categories: up to 5 measurable new lesions (<= 2 per organ) are NLT
    new = pd.Series(new_lesion_present(les, "role_used"), index=les.index)
    first = les[new].sort_values(["patient_id", "lesion_id", "day"], kind="mergesort") \
        .drop_duplicates(["patient_id", "lesion_id"])
    first = first.assign(_meas=_measurable(first["diameter_mm"], first["is_node"]))
    nlt = _cap(first[first["_meas"]], ["patient_id", "day", "diameter_mm"], [True, True, False])
    nlt_ids = set(zip(nlt.loc[nlt["_keep"], "patient_id"], nlt.loc[nlt["_keep"], "lesion_id"]))
    is_new = les["role_used"] == "new"
    les["new_category"] = np.where(is_new, np.where([p in nlt_ids for p in pairs], "NLT", "NLNT"), "")
    problems = pd.DataFrame(probs, columns=["patient_id", "lesion_id", "row", "day", "problem", "action"])
    problems = problems.sort_values(["row"], kind="mergesort").reset_index(drop=True)
    return les.reset_index(drop=True), problems


def recist_lesion_problems(cohort, measurability: str = "report", *,
                           max_baseline_days_before: float | None = None) -> pd.DataFrame:
    """Lesion rows that break the RECIST 1.1 target rules, with what was done about them.

    Checks: target lesions measurable at baseline (>= 10 mm; nodes >= 15 mm short axis), at most
    5 targets and 2 per organ (the smallest beyond the cap are listed), targets first recorded
    after baseline, rows without a day, patients without a baseline assessment.

    Parameters
    ----------
    cohort : Cohort
    measurability : {"report", "enforce"}
        As in :func:`~mdm2io.kinetics.recist_timepoints` (the ``action`` column says which).
    max_baseline_days_before : float, optional
        RECIST 1.1 §3.3 baseline window, as in :func:`prepare_lesions`.

    Returns
    -------
    DataFrame
        ``patient_id``, ``lesion_id``, ``row`` (0-based row of ``Cohort.lesions``), ``day``,
        ``problem``, ``action``; empty when every lesion follows the rules.

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.cohort import Cohort
    >>> les = pd.DataFrame({"patient_id": "p", "day": -1, "lesion_id": ["a", "b", "c"], "organ": "liver",
    ...                     "diameter_mm": [30, 20, 15], "role": "target"})
    >>> c = Cohort(patients=pd.DataFrame({"patient_id": ["p"]}), lesions=les)
    >>> recist_lesion_problems(c)[["lesion_id", "action"]].values.tolist()
    [['c', 'kept as target (as given)']]
    """
    if len(cohort.lesions) == 0:
        return pd.DataFrame(columns=["patient_id", "lesion_id", "row", "day", "problem", "action"])
    return prepare_lesions(cohort, measurability, max_baseline_days_before=max_baseline_days_before)[1]
