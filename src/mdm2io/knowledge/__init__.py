"""Cited knowledge base, per-patient annotation and trial matching (the "knowledge" stage).

The knowledge base is data (``knowledge/data/*.yaml``) validated by pydantic models
(:mod:`mdm2io.knowledge.schema`); every record cites sources with a verification status.

Main entry points
-----------------
load_knowledge
    Load and validate the bundled knowledge base.
annotate
    Per-sample annotation (OncoKB-annotator-style table), MDM2-inhibitor eligibility and
    trial matches with reasons, from a biomarker table or a Cohort.
annotate_files
    The same from files: biomarker tables as they are, raw genomic inputs through
    :func:`mdm2io.genomics.call_inputs` (several combined).
write_annotations
    ``annotations.tsv``, ``trial_matches.tsv``, ``annotations.json`` and self-contained
    per-patient HTML pages.
mechanism_graph_json, write_graphml
    The signed, cell-context mechanism graph.
"""

from .annotate import AnnotationResult, annotate, annotate_files, facts_table, write_annotations
from .base import KnowledgeBase
from .graph import draw_mechanism_graph, mechanism_graph_json, write_graphml
from .html import page_filename, patient_pages
from .load import load_knowledge, validate_knowledge
from .match import match_trials

__all__ = [
    "KnowledgeBase", "load_knowledge", "validate_knowledge", "annotate", "annotate_files", "facts_table",
    "write_annotations", "AnnotationResult", "match_trials", "mechanism_graph_json",
    "write_graphml", "draw_mechanism_graph", "patient_pages", "page_filename",
]
