"""Generate a vectorised numpy right-hand side from a :class:`~mdm2io.model.spec.ModelSpec`.

Formulas (SBML L3 infix) are parsed by libsbml and translated node by node into numpy
expressions, so the right-hand side, the SBML export and SBML import share one parser.
States are arrays of shape ``(n_states, n_patients)`` and parameters ``(n_params,
n_patients)``: one call evaluates the whole virtual population.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass, field

import libsbml
import numpy as np

from .spec import ModelSpec

__all__ = ["CompiledModel", "compile_model", "formula_to_numpy", "jacobian_sparsity"]

_BINARY = {libsbml.AST_PLUS: "+", libsbml.AST_MINUS: "-", libsbml.AST_TIMES: "*", libsbml.AST_DIVIDE: "/"}
_FUNCS = {libsbml.AST_FUNCTION_EXP: "np.exp", libsbml.AST_FUNCTION_LN: "np.log",
          libsbml.AST_FUNCTION_ABS: "np.abs", libsbml.AST_FUNCTION_FLOOR: "np.floor",
          libsbml.AST_FUNCTION_CEILING: "np.ceil", libsbml.AST_FUNCTION_SIN: "np.sin",
          libsbml.AST_FUNCTION_COS: "np.cos", libsbml.AST_FUNCTION_TANH: "np.tanh"}
_REL = {libsbml.AST_RELATIONAL_EQ: "==", libsbml.AST_RELATIONAL_GEQ: ">=", libsbml.AST_RELATIONAL_GT: ">",
        libsbml.AST_RELATIONAL_LEQ: "<=", libsbml.AST_RELATIONAL_LT: "<", libsbml.AST_RELATIONAL_NEQ: "!="}
#: n-ary SBML functions: (numpy call for two arguments, numpy reduction for more)
_NARY = {libsbml.AST_FUNCTION_MAX: ("np.maximum", "np.max"), libsbml.AST_FUNCTION_MIN: ("np.minimum", "np.min"),
         libsbml.AST_LOGICAL_AND: ("np.logical_and", "np.all"), libsbml.AST_LOGICAL_OR: ("np.logical_or", "np.any")}


def _name(sid: str) -> str:
    """A Python-safe local variable name for an SBML id."""
    return f"v_{sid}" if not keyword.iskeyword(sid) else f"v_{sid}_"


def _ast_to_py(node) -> str:
    t = node.getType()
    n = node.getNumChildren()
    kids = [_ast_to_py(node.getChild(i)) for i in range(n)]
    if t in (libsbml.AST_INTEGER,):
        return repr(float(node.getInteger()))
    if t in (libsbml.AST_REAL, libsbml.AST_REAL_E, libsbml.AST_RATIONAL):
        v = node.getValue()
        return repr(float(v)) if np.isfinite(v) else ("np.inf" if v > 0 else "-np.inf")
    if t == libsbml.AST_NAME_TIME:
        return "t"
    if t == libsbml.AST_NAME:
        return _name(node.getName())
    if t == libsbml.AST_CONSTANT_E:
        return "np.e"
    if t == libsbml.AST_CONSTANT_PI:
        return "np.pi"
    if t in _BINARY:
        if n == 1 and t == libsbml.AST_MINUS:
            return f"(-{kids[0]})"
        if n == 0:
            return "0.0" if t == libsbml.AST_PLUS else "1.0"
        return "(" + f" {_BINARY[t]} ".join(kids) + ")"
    if t in (libsbml.AST_POWER, libsbml.AST_FUNCTION_POWER):
        return f"({kids[0]} ** {kids[1]})"
    if t == libsbml.AST_FUNCTION_ROOT:
        return f"({kids[-1]} ** (1.0 / {kids[0]}))" if n == 2 else f"np.sqrt({kids[0]})"
    if t == libsbml.AST_FUNCTION_LOG:
        return f"(np.log({kids[1]}) / np.log({kids[0]}))" if n == 2 else f"np.log10({kids[0]})"
    if t in _FUNCS:
        return f"{_FUNCS[t]}({kids[0]})"
    if t in _NARY:  # element-wise for two arguments, a reduction over the stacked arguments otherwise
        pairwise, reduce = _NARY[t]
        args = ", ".join(kids)
        return f"{pairwise}({args})" if n == 2 else f"{reduce}(np.array([{args}]), axis=0)"
    if t in _REL:
        return f"({kids[0]} {_REL[t]} {kids[1]})"
    if t == libsbml.AST_LOGICAL_NOT:
        return f"np.logical_not({kids[0]})"
    if t == libsbml.AST_FUNCTION_PIECEWISE:
        # piecewise(v1, c1, v2, c2, ..., otherwise)
        otherwise = kids[-1] if n % 2 == 1 else "np.nan"
        expr = otherwise
        for i in range(n // 2 - 1, -1, -1):
            expr = f"np.where({kids[2 * i + 1]}, {kids[2 * i]}, {expr})"
        return expr
    raise NotImplementedError(f"SBML math construct {node.getName() or t!r} is not supported by mdm2io's code generator")


def formula_to_numpy(formula: str) -> str:
    """Translate an SBML L3 infix formula into a numpy expression string.

    Identifiers become ``v_<id>`` locals; ``time`` becomes ``t``.

    Examples
    --------
    >>> formula_to_numpy("k * x^2 / (K + x)")
    '((v_k * (v_x ** 2.0)) / (v_K + v_x))'
    """
    ast = libsbml.parseL3Formula(formula)
    if ast is None:
        raise ValueError(f"cannot parse formula {formula!r}: {libsbml.getLastParseL3Error()}")
    return _ast_to_py(ast)


def _names_in(formula: str) -> set[str]:
    out: set[str] = set()

    def walk(nd):
        if nd.getType() == libsbml.AST_NAME:
            out.add(nd.getName())
        for i in range(nd.getNumChildren()):
            walk(nd.getChild(i))

    walk(libsbml.parseL3Formula(formula))
    return out


def _order_rules(rules) -> list:
    """Assignment rules in dependency order (each after the rules it reads)."""
    ids = {r.id for r in rules}
    deps = {r.id: _names_in(r.formula) & ids for r in rules}
    by_id = {r.id: r for r in rules}
    done: list = []
    placed: set = set()
    while len(done) < len(rules):
        progress = False
        for r in rules:
            if r.id not in placed and deps[r.id] <= placed:
                done.append(by_id[r.id]); placed.add(r.id); progress = True
        if not progress:
            raise ValueError(f"assignment rules form a cycle: {sorted(ids - placed)}")
    return done


@dataclass
class CompiledModel:
    """A spec turned into numpy functions (see :func:`compile_model`).

    Attributes
    ----------
    rhs(t, y, p) -> dydt
        ``y`` has shape ``(n_states, N)``, ``p`` shape ``(n_params, N)``; ``t`` a scalar or
        an ``(N,)`` array.
    observe(t, y, p) -> dict
        The assignment-rule values (observables), each an ``(N,)`` array.
    triggers(t, y, p) -> list of bool arrays, one per event.
    apply_event(k, t, y, p, mask)
        Apply the assignments of event ``k`` in place for patients ``mask``.
    """

    spec: ModelSpec
    species: list
    parameters: list
    rules: list
    source: str
    rhs: object = None
    observe: object = None
    triggers: object = None
    apply_event: object = None
    index: dict = field(default_factory=dict)
    pindex: dict = field(default_factory=dict)
    jac_sparsity: np.ndarray | None = None

    def default_parameters(self, n: int = 1) -> np.ndarray:
        """Default parameter array of shape ``(n_params, n)``."""
        vals = np.array([self.spec.defaults()[p] for p in self.parameters], dtype=float)
        return np.repeat(vals[:, None], n, axis=1)

    def default_state(self, n: int = 1) -> np.ndarray:
        """Initial state array of shape ``(n_states, n)``."""
        vals = np.array([self.spec.initial_state()[s] for s in self.species], dtype=float)
        return np.repeat(vals[:, None], n, axis=1)


def compile_model(spec: ModelSpec) -> CompiledModel:
    """Generate and compile the vectorised right-hand side, observables and events.

    Compartment sizes are treated as parameters; a species' derivative is the sum of its
    reaction fluxes divided by the size of its compartment (SBML concentration semantics).

    Examples
    --------
    >>> from mdm2io.model.spec import ModelSpec, Species, Parameter, Reaction
    >>> m = ModelSpec("decay", species=[Species("x", 1.0, "1", "x")],
    ...               parameters=[Parameter("k", 0.5, "1/day", "rate", "textbook")],
    ...               reactions=[Reaction("R1", "k * x", {"x": -1}, "decay", "textbook")])
    >>> cm = compile_model(m)
    >>> cm.rhs(0.0, cm.default_state(2), cm.default_parameters(2)).tolist()
    [[-0.5, -0.5]]
    """
    species = spec.species_ids
    comp_ids = [c for c in spec.compartments if c not in spec.parameter_ids]
    params = spec.parameter_ids + comp_ids
    rules = _order_rules(spec.rules)
    src = ["import numpy as np", ""]

    def header(signature: str) -> list[str]:
        # every generated function binds species, parameters and assignment rules to local names first
        lines = [f"def {signature}:"]
        lines += [f"    {_name(s)} = y[{i}]" for i, s in enumerate(species)]
        lines += [f"    {_name(q)} = p[{i}]" for i, q in enumerate(params)]
        lines += [f"    {_name(r.id)} = {formula_to_numpy(r.formula)}" for r in rules]
        return lines

    # rhs
    body = header("rhs(t, y, p)")
    terms: dict[str, list[str]] = {s: [] for s in species}
    for k, rx in enumerate(spec.reactions):
        body.append(f"    _r{k} = {formula_to_numpy(rx.rate)}")
        for s, coef in rx.stoichiometry.items():
            if s not in terms:
                raise ValueError(f"reaction {rx.id!r} refers to unknown species {s!r}")
            c = float(coef)
            terms[s].append(f"_r{k}" if c == 1 else (f"-_r{k}" if c == -1 else f"{c!r} * _r{k}"))
    body.append("    out = np.empty(np.broadcast_shapes(np.shape(y), (len(y),) + np.shape(p)[1:]))")
    comp_of = {s.id: s.compartment for s in spec.species}
    for i, s in enumerate(species):
        expr = " + ".join(terms[s]).replace("+ -", "- ") if terms[s] else "0.0"
        comp = comp_of[s]
        size = f" / {_name(comp)}" if comp in params else ""
        body.append(f"    out[{i}] = ({expr}){size}")
    body.append("    return out")
    src += body + [""]
    # observables
    obs = header("observe(t, y, p)")
    obs.append("    return {" + ", ".join(f"{r.id!r}: {_name(r.id)}" for r in rules) + "}")
    src += obs + [""]
    # events
    trig = header("triggers(t, y, p)")
    trig.append("    return [" + ", ".join(f"np.asarray({formula_to_numpy(e.trigger)})" for e in spec.events) + "]")
    src += trig + [""]
    app = header("apply_event(k, t, y, p, mask)")
    for k, e in enumerate(spec.events):
        app.append(f"    if k == {k}:")
        # SBML semantics: all assignment values are computed before any is applied
        vals = []
        for j, (var, f) in enumerate(e.assignments.items()):
            app.append(f"        _a{j} = np.broadcast_to({formula_to_numpy(f)}, mask.shape)")
            vals.append(var)
        for j, var in enumerate(vals):
            if var in species:
                app.append(f"        y[{species.index(var)}, mask] = _a{j}[mask]")
            elif var in params:
                app.append(f"        p[{params.index(var)}, mask] = _a{j}[mask]")
            else:
                raise ValueError(f"event assigns to {var!r}, which is neither a species nor a parameter")
    app.append("    return None")
    src += app
    code = "\n".join(src)
    ns: dict = {}
    exec(compile(code, f"<mdm2io generated: {spec.name}>", "exec"), ns)  # noqa: S102 - code generated from the parsed spec
    cm = CompiledModel(spec, species, params, [r.id for r in rules], code)
    cm.rhs, cm.observe, cm.triggers, cm.apply_event = ns["rhs"], ns["observe"], ns["triggers"], ns["apply_event"]
    cm.jac_sparsity = jacobian_sparsity(spec)
    cm.index = {s: i for i, s in enumerate(species)}
    cm.pindex = {q: i for i, q in enumerate(params)}
    spec_comp = {c: v for c, v in spec.compartments.items() if c in comp_ids}
    cm.default_parameters = _defaults_with_compartments(cm, spec_comp)  # type: ignore[method-assign]
    return cm


def _defaults_with_compartments(cm: CompiledModel, comps: dict):
    defaults = cm.spec.defaults()
    vals = np.array([defaults[p] if p in defaults else comps[p] for p in cm.parameters], dtype=float)

    def default_parameters(n: int = 1) -> np.ndarray:
        return np.repeat(vals[:, None], n, axis=1)

    return default_parameters


def jacobian_sparsity(spec: ModelSpec) -> np.ndarray:
    """Structural non-zeros of the Jacobian ``d(dy_i/dt)/dy_j`` (bool, ``(n_states, n_states)``).

    Read from the formulas: a reaction's rate depends on the species it names, directly or
    through assignment rules; its stoichiometry says which derivatives it enters. Used to
    evaluate finite-difference Jacobians with grouped (coloured) columns.

    Examples
    --------
    >>> from mdm2io.model.spec import ModelSpec, Species, Parameter, Reaction
    >>> m = ModelSpec("chain", species=[Species("a", 1.0, "1", "a"), Species("b", 0.0, "1", "b")],
    ...               parameters=[Parameter("k", 0.5, "1/day", "rate", "textbook")],
    ...               reactions=[Reaction("R1", "k * a", {"a": -1, "b": 1}, "a to b", "textbook")])
    >>> jacobian_sparsity(m).astype(int).tolist()
    [[1, 0], [1, 0]]
    """
    species = spec.species_ids
    idx = {s: i for i, s in enumerate(species)}
    rule_deps = {r.id: _names_in(r.formula) for r in spec.rules}

    def species_in(names: set, seen=frozenset()) -> set:
        out = {n for n in names if n in idx}
        for n in names:
            if n in rule_deps and n not in seen:
                out |= species_in(rule_deps[n], seen | {n})
        return out

    S = np.zeros((len(species), len(species)), dtype=bool)
    for rx in spec.reactions:
        deps = species_in(_names_in(rx.rate))
        for s, coef in rx.stoichiometry.items():
            if float(coef) != 0.0:
                for d in deps:
                    S[idx[s], idx[d]] = True
    return S
