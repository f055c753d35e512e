"""The mdm2io p53–MDM2–immune model: PK + p53 core + tumour/immune + platelets (19 states)."""

from __future__ import annotations

from functools import lru_cache

from .codegen import CompiledModel, compile_model
from .immune import tumour_immune_module
from .p53_mdm2 import p53_module
from .pk import pk_module
from .spec import ModelSpec
from .toxicity import platelet_module

__all__ = ["build_model", "compiled_model"]


def build_model(antibody: str = "pembrolizumab", mdm2i: str = "siremadlin") -> ModelSpec:
    """The full model specification (time in days).

    Examples
    --------
    >>> m = build_model()
    >>> len(m.species_ids), m.time_unit
    (19, 'day')
    """
    return ModelSpec.combine(
        "mdm2io_p53_mdm2_immune", pk_module(antibody, mdm2i), p53_module(), tumour_immune_module(), platelet_module(),
        notes="mdm2io mechanistic model of MDM2-inhibitor and anti-PD-1 action; parameters and sources in docs/model.md",
    )


@lru_cache(maxsize=8)
def compiled_model(antibody: str = "pembrolizumab", mdm2i: str = "siremadlin") -> CompiledModel:
    """:func:`build_model` compiled to numpy (cached)."""
    return compile_model(build_model(antibody, mdm2i))
