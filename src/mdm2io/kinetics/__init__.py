"""Tumour kinetics: RECIST 1.1 / iRECIST, TGR/TGK, every published HPD definition, concordance, growth fits.

Public API (see ``docs/kinetics.md`` for formulas and citations):

>>> from mdm2io.datasets import load_laleh2022
>>> from mdm2io import kinetics
>>> c = load_laleh2022()
>>> m = kinetics.growth_metrics(c)              # one row per patient: TGR/TGK, reasons
>>> h = kinetics.hpd_labels(c)                  # long table: patient_id, definition, label, reason
>>> sorted(h.label.unique())
['HPD', 'not HPD', 'not evaluable']
>>> inc = kinetics.hpd_incidence(h); conc = kinetics.hpd_concordance(h)
>>> r = kinetics.recist_responses(c)            # best overall response (RECIST 1.1, iRECIST)
"""

from .concordance import hpd_concordance, hpd_incidence
from .fit import GROWTH_MODELS, fit_claret_tgi, fit_growth_model_candidates, fit_growth_models
from .groups import amplification_groups, hpd_by_group
from .growth import growth_metrics, tgk_per_month, tgr_pct_per_month
from .hpd import HPD_DEFINITIONS, Criterion, HPDDefinition, hpd_labels, register_hpd_definition
from .plots import concordance_heatmap, spider_plot, swimmer_plot, waterfall_plot
from .io import cohort_from_scans, cohort_from_scans_file
from .lesions import recist_lesion_problems
from .recist import recist_responses, recist_timepoints
from .series import DAYS_PER_MONTH, RECIST_BASELINE_MAX_DAYS, baseline_scans, tumour_series
from .summary import kinetics_table

__all__ = [
    "growth_metrics", "tgr_pct_per_month", "tgk_per_month", "hpd_labels", "HPD_DEFINITIONS", "HPDDefinition",
    "Criterion", "register_hpd_definition", "hpd_incidence", "hpd_concordance", "fit_growth_models",
    "fit_growth_model_candidates", "fit_claret_tgi", "GROWTH_MODELS", "recist_responses", "recist_timepoints",
    "recist_lesion_problems", "tumour_series", "baseline_scans", "waterfall_plot", "spider_plot", "swimmer_plot", "concordance_heatmap", "kinetics_table",
    "run_kinetics", "amplification_groups", "hpd_by_group", "cohort_from_scans", "cohort_from_scans_file", "DAYS_PER_MONTH",
    "RECIST_BASELINE_MAX_DAYS",
]

from .summary import run_kinetics  # noqa: E402
