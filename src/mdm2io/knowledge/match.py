"""Match samples to trial cohorts and explain every decision."""

from __future__ import annotations

import pandas as pd

from .eligibility import evaluate_check

__all__ = ["match_trials", "MATCH_COLUMNS", "MATCH_ORDER"]

MATCH_COLUMNS = ["sample_id", "patient_id", "trial_id", "cohort_id", "drugs", "with_ici", "trial_status",
                 "trial_verification", "cohort_active", "match", "reasons", "unmet", "not_recorded", "manual_checks"]
#: Order used to pick a sample's best match.
MATCH_ORDER = {"eligible": 0, "possibly_eligible": 1, "historical": 2, "not_eligible": 3, "unverified": 4}


def _cohort_status(outcomes, active: bool, verified: bool) -> str:
    if not verified:
        return "unverified"
    if any(o == "not_met" for o in outcomes):
        return "not_eligible"
    if not active:
        return "historical"
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
        not_eligible / historical (cohort only in an older registry version) / unverified
        (trial identity not verified: never matched). ``reasons`` lists every check with
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
    rows = []
    records = facts.to_dict("records")
    chosen = [kb.trials[t] for t in (trials or kb.trials)]
    for trial in chosen:
        verified = trial.verification == "verified"
        for cohort in trial.cohorts:
            for rec in records:
                results = [evaluate_check(c, rec, rec.get("tumour_codes"), kb.expand_codes) for c in cohort.checks]
                outcomes = [r.outcome for r in results]
                status = _cohort_status(outcomes, cohort.active, verified)
                mark = {"met": "+", "not_met": "-", "unknown": "?"}
                rows.append({
                    "sample_id": rec["sample_id"], "patient_id": rec.get("patient_id"),
                    "trial_id": trial.id, "cohort_id": cohort.id, "drugs": "+".join(trial.drugs),
                    "with_ici": trial.with_ici, "trial_status": f"{trial.status} (as of {trial.status_as_of})",
                    "trial_verification": trial.verification, "cohort_active": cohort.active, "match": status,
                    "reasons": "; ".join(f"{mark[r.outcome]} {r.reason}" for r in results),
                    "unmet": "; ".join(r.reason for r in results if r.outcome == "not_met"),
                    "not_recorded": "; ".join(r.reason for r in results if r.outcome == "unknown"),
                    "manual_checks": "; ".join(cohort.manual),
                })
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)
