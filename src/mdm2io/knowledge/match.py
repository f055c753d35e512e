"""Match samples to trial cohorts and explain every decision."""

from __future__ import annotations

import pandas as pd

from .eligibility import evaluate_check

__all__ = ["match_trials", "MATCH_COLUMNS", "MATCH_ORDER"]

MATCH_COLUMNS = ["sample_id", "patient_id", "trial_id", "cohort_id", "drugs", "with_ici", "trial_status",
                 "trial_verification", "cohort_active", "match", "reasons", "unmet", "not_recorded", "manual_checks"]
#: Order used to pick a sample's best match.
MATCH_ORDER = {"eligible": 0, "possibly_eligible": 1, "historical": 2, "insufficient_data": 3, "not_eligible": 4,
               "unverified": 5}


def _cohort_status(outcomes, active: bool, verified: bool) -> str:
    if not verified:
        return "unverified"
    if any(o == "not_met" for o in outcomes):
        return "not_eligible"
    if not active:
        return "historical"
    if not any(o == "met" for o in outcomes):
        return "insufficient_data"  # nothing known about this sample that the cohort tests
    if any(o == "unknown" for o in outcomes):
        return "possibly_eligible"
    return "eligible"


def match_trials(facts: pd.DataFrame, kb, trials=None) -> pd.DataFrame:
    """One row per sample x trial cohort with the match status and the reason for it.

    Parameters
    ----------
    facts
        The fact table from :func:`mdm2io.knowledge.facts_table` (one row per sample, with
        ``tumour_codes`` and the fields of :data:`mdm2io.knowledge.eligibility.FIELDS`).
    kb
        A :class:`~mdm2io.knowledge.KnowledgeBase`.
    trials
        Trial ids to consider (default: all).

    Returns
    -------
    DataFrame
        Columns :data:`MATCH_COLUMNS`. ``match`` is eligible / possibly_eligible /
        not_eligible / historical (cohort only in an older registry version) /
        insufficient_data (no check could be evaluated) / unverified (trial identity not
        verified: never matched). ``reasons`` lists every check with
        ``+`` (met), ``-`` (not met) or ``?`` (not recorded).

    Examples
    --------
    >>> import pandas as pd
    >>> from mdm2io.knowledge import load_knowledge
    >>> kb = load_knowledge()
    >>> facts = pd.DataFrame({"sample_id": ["s1"], "patient_id": ["p1"], "tumour_codes": [frozenset({"BLCA"})],
    ...                       "TP53_status": ["mutated"], "TP53_detail": ["p.R248Q"], "MDM2_status": ["amplified"]})
    >>> m = match_trials(facts, kb, trials=["EUCTR2022-001500-18"])
    >>> m.set_index("cohort_id").loc["cohort4_urothelial_bladder", "unmet"]
    'not eligible: TP53 p.R248Q'
    """
    n = len(facts)
    sample_ids = facts["sample_id"].astype(str).tolist()
    patient_ids = facts["patient_id"].tolist() if "patient_id" in facts else [None] * n
    codes = facts["tumour_codes"].tolist() if "tumour_codes" in facts else [frozenset()] * n
    mark = {"met": "+", "not_met": "-", "unknown": "?"}
    frames = []
    for trial in (kb.trials[t] for t in (trials or kb.trials)):
        verified = trial.verification == "verified"
        for cohort in trial.cohorts:
            per_check = [_evaluate_column(c, facts, codes, kb) for c in cohort.checks]
            outcomes = list(zip(*[o for o, _ in per_check])) if per_check else [()] * n
            reasons = list(zip(*[r for _, r in per_check])) if per_check else [()] * n
            frames.append(pd.DataFrame({
                "sample_id": sample_ids, "patient_id": patient_ids, "trial_id": trial.id, "cohort_id": cohort.id,
                "drugs": "+".join(trial.drugs), "with_ici": trial.with_ici,
                "trial_status": f"{trial.status} (as of {trial.status_as_of})",
                "trial_verification": trial.verification, "cohort_active": cohort.active,
                "match": [_cohort_status(o, cohort.active, verified) for o in outcomes],
                "reasons": ["; ".join(f"{mark[o]} {r}" for o, r in zip(os_, rs)) for os_, rs in zip(outcomes, reasons)],
                "unmet": ["; ".join(r for o, r in zip(os_, rs) if o == "not_met") for os_, rs in zip(outcomes, reasons)],
                "not_recorded": ["; ".join(r for o, r in zip(os_, rs) if o == "unknown") for os_, rs in zip(outcomes, reasons)],
                "manual_checks": "; ".join(cohort.manual),
            }))
    if not frames:
        return pd.DataFrame(columns=MATCH_COLUMNS)
    return pd.concat(frames, ignore_index=True)[MATCH_COLUMNS]


def _hashable(v):
    try:
        if v is None or pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return v


def _evaluate_column(check, facts: pd.DataFrame, codes: list, kb) -> tuple[list, list]:
    """Outcomes and reasons of one check for every sample.

    A check depends only on a few values of a sample (the field, its gene's ``_detail``, the
    tumour codes), so it is evaluated once per distinct combination and broadcast: exact,
    and fast because real cohorts have few distinct combinations.
    """
    n = len(facts)
    f = check.field
    if f == "tumour_type":
        keys = codes
        cols = []
    else:
        cols = [f] + ([f"{f[:-7]}_detail"] if f.endswith("_status") else [f"{f[:-3]}_status"] if f.endswith("_cn") else [])
        cols = [c for c in cols if c in facts]
        keys = list(zip(*[[_hashable(v) for v in facts[c].tolist()] for c in cols])) if cols else [()] * n
    cache = {}
    outcomes, reasons = [], []
    for i, key in enumerate(keys):
        res = cache.get(key)
        if res is None:
            rec = dict(zip(cols, key)) if cols else {}
            res = evaluate_check(check, rec, codes[i], kb.expand_codes)
            cache[key] = res
        outcomes.append(res.outcome)
        reasons.append(res.reason)
    return outcomes, reasons
