"""Declarative model specification: species, parameters, reactions, rules and events as data.

A :class:`ModelSpec` is declared once; the vectorised ODE right-hand side
(:func:`mdm2io.model.codegen.compile_model`), the SBML export (:mod:`mdm2io.model.sbml`)
and the parameter table in ``docs/model.md`` (:meth:`ModelSpec.parameter_table`) are all
derived from it. Rate laws are written in SBML Level 3 infix syntax (``^`` for powers,
``exp()``, ``piecewise()`` ...) so the same string is parsed by libsbml for export and
translated to numpy for simulation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["LogNormal", "Parameter", "Species", "Reaction", "Rule", "Event", "ModelSpec"]


@dataclass(frozen=True)
class LogNormal:
    """Log-normal prior given by its median and coefficient of variation.

    ``sigma = sqrt(log(1 + cv**2))`` (the usual NONMEM-style conversion of a CV to a
    log-scale standard deviation).

    Examples
    --------
    >>> round(LogNormal(median=2.0, cv=0.3).sigma, 4)
    0.2936
    """

    median: float
    cv: float

    @property
    def sigma(self) -> float:
        return float(np.sqrt(np.log1p(self.cv ** 2)))

    def __str__(self) -> str:
        return f"LogNormal(median={self.median:g}, CV={100 * self.cv:.0f}%)"


@dataclass(frozen=True)
class Parameter:
    """A model parameter with its unit, literature source and prior.

    ``status`` is ``"cited"`` (value taken from the source), ``"derived"`` (computed from
    cited values, e.g. hours to days) or ``"assumed"`` (a modelling choice or a value
    marked "[memory - verify]" in the research notes; treat as unverified).
    """

    id: str
    value: float
    unit: str
    description: str
    source: str
    status: str = "cited"
    prior: LogNormal | None = None
    constant: bool = True


@dataclass(frozen=True)
class Species:
    """A state variable (amount or normalised quantity) with its initial value."""

    id: str
    initial: float
    unit: str
    description: str
    compartment: str = "default_compartment"


@dataclass(frozen=True)
class Reaction:
    """A flux ``rate`` (SBML L3 infix) moving ``stoichiometry`` (species -> coefficient).

    ``kb_edge`` names the mechanism-graph edge of the knowledge base it implements, when
    one exists (e.g. ``"MDM2 -| TP53"``).
    """

    id: str
    rate: str
    stoichiometry: dict
    description: str
    source: str
    kb_edge: str = ""


@dataclass(frozen=True)
class Rule:
    """An assignment rule ``id = formula`` (observables and helper quantities)."""

    id: str
    formula: str
    unit: str = ""
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class Event:
    """A discrete event: when ``trigger`` turns true, apply ``assignments`` (id -> formula)."""

    trigger: str
    assignments: dict
    id: str = ""


@dataclass
class ModelSpec:
    """A complete model: the single declaration everything else is generated from.

    Examples
    --------
    >>> m = ModelSpec("decay", species=[Species("x", 1.0, "1", "amount")],
    ...               parameters=[Parameter("k", 0.5, "1/day", "decay rate", "textbook")],
    ...               reactions=[Reaction("R1", "k * x", {"x": -1}, "first-order decay", "textbook")])
    >>> m.species_ids, m.parameter_ids
    (['x'], ['k'])
    """

    name: str
    species: list = field(default_factory=list)
    parameters: list = field(default_factory=list)
    reactions: list = field(default_factory=list)
    rules: list = field(default_factory=list)
    events: list = field(default_factory=list)
    compartments: dict = field(default_factory=lambda: {"default_compartment": 1.0})
    time_unit: str = "day"
    notes: str = ""

    @property
    def species_ids(self) -> list[str]:
        return [s.id for s in self.species]

    @property
    def parameter_ids(self) -> list[str]:
        return [p.id for p in self.parameters]

    @property
    def rule_ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def parameter(self, pid: str) -> Parameter:
        """The :class:`Parameter` called ``pid``."""
        for p in self.parameters:
            if p.id == pid:
                return p
        raise KeyError(f"no parameter {pid!r} in model {self.name!r}")

    def defaults(self) -> dict[str, float]:
        """Parameter id -> default value."""
        return {p.id: p.value for p in self.parameters}

    def initial_state(self) -> dict[str, float]:
        """Species id -> initial value."""
        return {s.id: s.initial for s in self.species}

    def parameter_table(self) -> pd.DataFrame:
        """One row per parameter: id, value, unit, prior, status, description, source.

        Examples
        --------
        >>> m = ModelSpec("m", parameters=[Parameter("k", 0.5, "1/day", "rate", "doi:x", prior=LogNormal(0.5, 0.2))])
        >>> m.parameter_table().loc[0, "prior"]
        'LogNormal(median=0.5, CV=20%)'
        """
        return pd.DataFrame([{"id": p.id, "value": p.value, "unit": p.unit,
                              "prior": str(p.prior) if p.prior else "fixed",
                              "status": p.status, "description": p.description, "source": p.source}
                             for p in self.parameters])

    def reaction_table(self) -> pd.DataFrame:
        """One row per reaction: id, rate law, stoichiometry, source and knowledge-base edge."""
        return pd.DataFrame([{"id": r.id, "rate": r.rate,
                              "stoichiometry": ", ".join(f"{v:+g} {k}" for k, v in r.stoichiometry.items()),
                              "description": r.description, "source": r.source, "kb_edge": r.kb_edge}
                             for r in self.reactions])

    @classmethod
    def combine(cls, name: str, *modules: "ModelSpec", notes: str = "") -> "ModelSpec":
        """Join modules into one model; ids must be unique across modules.

        Examples
        --------
        >>> a = ModelSpec("a", species=[Species("x", 1.0, "1", "x")])
        >>> b = ModelSpec("b", species=[Species("y", 0.0, "1", "y")])
        >>> ModelSpec.combine("ab", a, b).species_ids
        ['x', 'y']
        """
        out = cls(name, notes=notes)
        seen: dict[str, str] = {}
        for mod in modules:
            for kind in ("species", "parameters", "reactions", "rules"):
                for item in getattr(mod, kind):
                    if item.id in seen:
                        raise ValueError(f"id {item.id!r} declared twice (modules {seen[item.id]!r} and {mod.name!r})")
                    seen[item.id] = mod.name
                    getattr(out, kind).append(item)
            out.events.extend(mod.events)
            out.compartments.update(mod.compartments)
        return out
