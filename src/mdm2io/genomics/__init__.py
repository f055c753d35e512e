"""Biomarker calling: MDM2/MDM4 amplification, TP53 status, co-alterations and TMB, each with its rule.

>>> from mdm2io.datasets import load_imvigor210
>>> from mdm2io.genomics import call_biomarkers
>>> b = call_biomarkers(load_imvigor210(), preset="foundation")
>>> int(b.MDM2_amplified.sum())
25
"""

from .calls import BIOMARKER_COLUMNS, call_biomarkers, call_genes, coverage
from .copy_number import CN_STATUSES, PRESETS, Preset, classify_copy_number, get_preset
from .run import CallResult, call_cohort, call_inputs
from .segments import segments_to_genes
from .summary import biomarker_frequencies, coamplification_table
from .tmb import TMB_NUMERATORS, compute_tmb
from .genes import AMP_11Q13, CN_GENES, FUSION_GENES, MUTATION_GENES, gene_coordinates
from .tp53 import TP53_HOTSPOT_CODONS, TP53_STATUSES, classify_variant

__all__ = [
    "call_biomarkers", "call_genes", "coverage", "BIOMARKER_COLUMNS",
    "biomarker_frequencies", "coamplification_table",
    "call_inputs", "call_cohort", "CallResult", "compute_tmb", "TMB_NUMERATORS", "segments_to_genes",
    "PRESETS", "Preset", "get_preset", "classify_copy_number", "CN_STATUSES",
    "CN_GENES", "MUTATION_GENES", "FUSION_GENES", "AMP_11Q13", "gene_coordinates",
    "TP53_STATUSES", "TP53_HOTSPOT_CODONS", "classify_variant",
]
