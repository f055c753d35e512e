"""SBML import and export (python-libsbml).

Export writes SBML Level 3 Version 2 with time in days, one compartment of size 1,
reactions with their rate laws, assignment rules for observables and, optionally, one
event per bolus dose (``time >= t_dose``). No ``delay()`` is ever written (libRoadRunner
cannot simulate it; Somogyi et al. 2015, doi:10.1093/bioinformatics/btv363).

Import reads the subset of SBML used by the curated BioModels p53–Mdm2 and tumour–immune
models (species, compartments, global/local parameters, reactions, function definitions,
assignment rules, events without delay) into a :class:`~mdm2io.model.spec.ModelSpec`.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

import libsbml

from ..errors import InputError
from .spec import Event, ModelSpec, Parameter, Reaction, Rule, Species

__all__ = ["read_sbml", "to_sbml", "write_sbml"]


def _check(rc, what):
    if rc != libsbml.LIBSBML_OPERATION_SUCCESS:
        raise RuntimeError(f"libsbml failed to {what}: {libsbml.OperationReturnValue_toString(rc)}")


def read_sbml(path: str | Path) -> ModelSpec:
    """Read an SBML file into a :class:`ModelSpec` (function definitions are inlined).

    Raises
    ------
    InputError
        When the file cannot be parsed or uses an unsupported construct (delays, rate
        rules, algebraic rules), naming the file and the element.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mdm2io.model.default import build_model
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "m.xml"
    >>> _ = write_sbml(build_model(), f)
    >>> read_sbml(f).species_ids[:2]
    ['Ab_c', 'Ab_p']
    """
    path = Path(path)
    doc = libsbml.readSBMLFromFile(str(path))
    errs = [doc.getError(i) for i in range(doc.getNumErrors())
            if doc.getError(i).getSeverity() >= libsbml.LIBSBML_SEV_ERROR]
    if errs or doc.getModel() is None:
        e = errs[0] if errs else None
        raise InputError(f"cannot read SBML: {e.getMessage().strip() if e else 'no model element'}", file=str(path),
                         line=e.getLine() if e else None, expected="a valid SBML document (Level 2 or 3)",
                         fix="validate the file at https://synonym.caltech.edu/validator_servlet/ or re-export it")
    props = libsbml.ConversionProperties()
    props.addOption("expandFunctionDefinitions", True)
    doc.convert(props)
    props = libsbml.ConversionProperties()
    props.addOption("expandInitialAssignments", True)
    doc.convert(props)
    m = doc.getModel()
    spec = ModelSpec(m.getName() or m.getId() or path.stem, compartments={}, time_unit="model time")
    for c in m.getListOfCompartments():
        spec.compartments[c.getId()] = c.getSize() if c.isSetSize() else 1.0
    for s in m.getListOfSpecies():
        if s.getBoundaryCondition() or s.getConstant():
            spec.parameters.append(Parameter(s.getId(), _initial(s), "", s.getName(), str(path.name), status="cited"))
            continue
        if s.getHasOnlySubstanceUnits():
            raise InputError(f"species {s.getId()!r} has hasOnlySubstanceUnits=true, which mdm2io's importer does not support",
                             file=str(path), line=s.getLine(), column="species", expected="concentration-based species",
                             fix="convert the species to concentrations or simulate the file with libRoadRunner")
        spec.species.append(Species(s.getId(), _initial(s), "", s.getName(), compartment=s.getCompartment()))
    for p in m.getListOfParameters():
        spec.parameters.append(Parameter(p.getId(), p.getValue() if p.isSetValue() else 0.0, p.getUnits(), p.getName(),
                                         str(path.name), constant=p.getConstant()))
    for r in m.getListOfRules():
        if not r.isAssignment():
            raise InputError(f"{'rate' if r.isRate() else 'algebraic'} rule for {r.getVariable()!r} is not supported",
                             file=str(path), line=r.getLine(), expected="assignment rules only",
                             fix="simulate this model with libRoadRunner instead")
        spec.rules.append(Rule(r.getVariable(), libsbml.formulaToL3String(r.getMath())))
    for r in m.getListOfReactions():
        kl = r.getKineticLaw()
        formula = libsbml.formulaToL3String(kl.getMath())
        for lp in list(kl.getListOfParameters()) + list(kl.getListOfLocalParameters() if hasattr(kl, "getListOfLocalParameters") else []):
            local = f"{r.getId()}_{lp.getId()}"
            if local not in spec.parameter_ids:
                spec.parameters.append(Parameter(local, lp.getValue(), lp.getUnits(), f"local parameter of {r.getId()}", str(path.name)))
            formula = _rename(formula, lp.getId(), local)
        stoich: dict[str, float] = {}
        for ref in r.getListOfReactants():
            stoich[ref.getSpecies()] = stoich.get(ref.getSpecies(), 0.0) - ref.getStoichiometry()
        for ref in r.getListOfProducts():
            stoich[ref.getSpecies()] = stoich.get(ref.getSpecies(), 0.0) + ref.getStoichiometry()
        stoich = {k: v for k, v in stoich.items() if k in spec.species_ids and v != 0}
        spec.reactions.append(Reaction(r.getId(), formula, stoich, r.getName(), str(path.name)))
    for e in m.getListOfEvents():
        if e.isSetDelay():
            raise InputError(f"event {e.getId() or '(unnamed)'} has a delay, which is not supported", file=str(path),
                             line=e.getLine(), expected="events without delay", fix="remove the delay or use libRoadRunner")
        spec.events.append(Event(libsbml.formulaToL3String(e.getTrigger().getMath()),
                                 {a.getVariable(): libsbml.formulaToL3String(a.getMath()) for a in e.getListOfEventAssignments()},
                                 id=e.getId()))
    # compartment sizes appear as names in rate laws: declare them as parameters
    for c, size in spec.compartments.items():
        if c not in spec.parameter_ids:
            spec.parameters.append(Parameter(c, size, "", "compartment size", str(path.name)))
    return spec


def _initial(s) -> float:
    if s.isSetInitialConcentration():
        return s.getInitialConcentration()
    if s.isSetInitialAmount():
        return s.getInitialAmount()
    return 0.0


def _rename(formula: str, old: str, new: str) -> str:
    ast = libsbml.parseL3Formula(formula)
    ast.renameSIdRefs(old, new)
    return libsbml.formulaToL3String(ast)


def to_sbml(spec: ModelSpec, doses: list[tuple[float, str, float]] | None = None,
            parameters: dict | None = None) -> str:
    """SBML L3V2 text of ``spec`` (time in days), optionally with bolus-dose events.

    Parameters
    ----------
    spec
        The model.
    doses
        ``(time_day, species_id, amount)`` tuples; each becomes an event
        ``time >= time_day`` adding ``amount`` to the species.
    parameters
        Parameter values overriding the defaults.

    Examples
    --------
    >>> from mdm2io.model.default import build_model
    >>> "<sbml" in to_sbml(build_model())
    True
    """
    doc = libsbml.SBMLDocument(3, 2)
    m = doc.createModel()
    m.setId("".join(ch if ch.isalnum() else "_" for ch in spec.name) or "model")
    m.setName(spec.name)
    _unit_day(m)
    m.setTimeUnits("day")
    if spec.notes:
        m.setNotes(f"<body xmlns='http://www.w3.org/1999/xhtml'><p>{_xml_escape(spec.notes)}</p></body>")
    values = spec.defaults()
    values.update(parameters or {})
    for cid, size in (spec.compartments or {"default_compartment": 1.0}).items():
        c = m.createCompartment()
        c.setId(cid); c.setSize(size); c.setConstant(True); c.setSpatialDimensions(3)
    for s in spec.species:
        sp = m.createSpecies()
        sp.setId(s.id); sp.setName(s.description); sp.setCompartment(s.compartment)
        sp.setInitialConcentration(s.initial); sp.setHasOnlySubstanceUnits(False)
        sp.setBoundaryCondition(False); sp.setConstant(False)
    for p in spec.parameters:
        q = m.createParameter()
        q.setId(p.id); q.setName(p.description[:200]); q.setValue(float(values[p.id])); q.setConstant(p.constant)
        q.setNotes(f"<body xmlns='http://www.w3.org/1999/xhtml'><p>unit: {_xml_escape(p.unit)}; source: {_xml_escape(p.source)}; status: {p.status}</p></body>")
    for r in spec.rules:
        if r.id not in spec.parameter_ids:
            q = m.createParameter()
            q.setId(r.id); q.setConstant(False); q.setValue(0.0); q.setName(r.description[:200])
        rule = m.createAssignmentRule()
        rule.setVariable(r.id)
        _check(rule.setMath(_parse(r.formula, r.id)), f"set rule {r.id}")
    comp_of = {s.id: s.compartment for s in spec.species}
    for rx in spec.reactions:
        rr = m.createReaction()
        rr.setId(rx.id); rr.setReversible(False); rr.setName(rx.description[:200])
        edge = f"; knowledge-base edge: {_xml_escape(rx.kb_edge)}" if rx.kb_edge else ""
        rr.setNotes(f"<body xmlns='http://www.w3.org/1999/xhtml'><p>source: {_xml_escape(rx.source)}{edge}</p></body>")
        for sid, coef in rx.stoichiometry.items():
            ref = rr.createReactant() if coef < 0 else rr.createProduct()
            ref.setSpecies(sid); ref.setStoichiometry(abs(float(coef))); ref.setConstant(True)
        comp = comp_of[next(iter(rx.stoichiometry))] if rx.stoichiometry else "default_compartment"
        kl = rr.createKineticLaw()
        # SBML kinetic laws are amount per time: multiply the concentration flux by the compartment size
        _check(kl.setMath(_parse(f"{comp} * ({rx.rate})", rx.id)), f"set rate law of {rx.id}")
    for k, e in enumerate(spec.events):
        _add_event(m, e.id or f"event_{k}", e.trigger, e.assignments)
    for k, (t_day, sid, amount) in enumerate(doses or []):
        _add_event(m, f"dose_{k}", f"time >= {float(t_day)!r}", {sid: f"{sid} + {float(amount)!r}"})
    return libsbml.writeSBMLToString(doc)


def write_sbml(spec: ModelSpec, path: str | Path, **kwargs) -> Path:
    """Write :func:`to_sbml` output to ``path``; return the path.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from mdm2io.model.default import build_model
    >>> write_sbml(build_model(), pathlib.Path(tempfile.mkdtemp()) / "m.xml").exists()
    True
    """
    path = Path(path)
    path.write_text(to_sbml(spec, **kwargs), encoding="utf-8")
    return path


def _parse(formula: str, where: str):
    ast = libsbml.parseL3Formula(formula)
    if ast is None:
        raise ValueError(f"{where}: cannot parse {formula!r}: {libsbml.getLastParseL3Error()}")
    return ast


def _add_event(m, eid: str, trigger: str, assignments: dict) -> None:
    ev = m.createEvent()
    ev.setId(eid); ev.setUseValuesFromTriggerTime(True)
    tr = ev.createTrigger()
    tr.setInitialValue(False); tr.setPersistent(True)
    _check(tr.setMath(_parse(trigger, eid)), f"set trigger of {eid}")
    for var, f in assignments.items():
        a = ev.createEventAssignment()
        a.setVariable(var)
        _check(a.setMath(_parse(f, eid)), f"set assignment of {eid}")


def _unit_day(m) -> None:
    ud = m.createUnitDefinition()
    ud.setId("day")
    u = ud.createUnit()
    u.setKind(libsbml.UNIT_KIND_SECOND); u.setExponent(1); u.setScale(0); u.setMultiplier(86400)


def _xml_escape(s) -> str:
    return escape(str(s))  # the standard library's &, <, > escaping
