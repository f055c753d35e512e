"""Mechanistic p53–MDM2–immune model, PK/PD, dosing schedules, virtual patients and virtual trials.

Public API
----------
- :func:`build_model` / :func:`compiled_model`: the declarative model and its numpy RHS.
- :func:`run_trial`: arms × virtual population → :class:`~mdm2io.cohort.Cohort`.
- :func:`trial_summary`: response, HPD, PFS and platelet summaries per arm and stratum.
- :func:`sample_population`: plausible, reproducible virtual patients.
- :func:`parse_regimen` / :func:`parse_arm`: the dosing-schedule language.
- :func:`integrate`: batched per-patient adaptive integrator with doses and events.
- :func:`read_sbml` / :func:`write_sbml` / :func:`to_sbml`: SBML import and export.

See ``docs/model.md`` for equations, sources, validation and benchmarks.
"""

from .codegen import CompiledModel, compile_model
from .default import build_model, compiled_model
from .population import VirtualPopulation, sample_population
from .sbml import read_sbml, to_sbml, write_sbml
from .schedule import Regimen, parse_arm, parse_regimen
from .solver import Doses, Solution, integrate
from .spec import Event, LogNormal, ModelSpec, Parameter, Reaction, Rule, Species
from .summary import trial_summary
from .trial import DEFAULT_ARMS, TrialResult, run_trial

__all__ = [
    "CompiledModel", "compile_model", "build_model", "compiled_model", "VirtualPopulation", "sample_population",
    "read_sbml", "to_sbml", "write_sbml", "Regimen", "parse_arm", "parse_regimen", "Doses", "Solution", "integrate",
    "Event", "LogNormal", "ModelSpec", "Parameter", "Reaction", "Rule", "Species", "trial_summary",
    "DEFAULT_ARMS", "TrialResult", "run_trial",
]
