"""Survival analysis by biomarker, HPD label or clinical group, built on lifelines.

Kaplan–Meier curves with selectable CI transform, log-rank (and stratified) tests, Cox models
with adjustment and a proportional-hazards check, biomarker × treatment interaction with
subgroup forest plots, response-rate tables with exact CIs, and landmark analysis. See
``docs/survival.md`` for the methods and their sources.

Examples
--------
>>> from mdm2io.datasets import load_inspire
>>> from mdm2io.survival import survival_data, compare_survival
>>> res = compare_survival(survival_data(load_inspire(), "sex", endpoint="PFS")).to_dict()
>>> sorted(res["groups"])
['female', 'male']
"""

from .analysis import MIN_GROUP_EVENTS, MIN_GROUP_N, SurvivalAnalysis, compare_survival
from .cox import CoxResult, cox_model
from .data import (SurvivalData, patient_biomarker, source_amplification_status, survival_data,
                   survival_data_from_frame)
from .forest import forest_table
from .interaction import InteractionResult, treatment_interaction
from .km import CONF_TYPES, KMResult, kaplan_meier, km_curve, quantile_time
from .landmark import landmark_data
from .logrank import logrank
from .plot import plot_forest, plot_km
from .response import clopper_pearson, fisher_exact_rxc, hpd_rate_table, rate_table, response_table
from .run import read_patient_table, run_survival
from .summary import plain_summary

__all__ = [
    "SurvivalData", "survival_data", "survival_data_from_frame", "source_amplification_status",
    "kaplan_meier", "km_curve", "quantile_time", "KMResult", "CONF_TYPES",
    "logrank", "cox_model", "CoxResult", "treatment_interaction", "InteractionResult",
    "forest_table", "plot_km", "plot_forest", "response_table", "rate_table", "clopper_pearson",
    "landmark_data", "compare_survival", "SurvivalAnalysis", "plain_summary", "MIN_GROUP_N", "MIN_GROUP_EVENTS",
    "run_survival", "read_patient_table", "patient_biomarker", "hpd_rate_table", "fisher_exact_rxc",
]
