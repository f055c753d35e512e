"""Load and validate the knowledge base (YAML files -> :class:`KnowledgeBase`).

Validation collects every problem with its file and line (cBioPortal-validator style) and
raises one :class:`~mdm2io.errors.ValidationError`:

* schema problems (missing or mistyped fields, a record without ``sources``),
* unknown source ids, drug ids, trial ids, OncoTree codes or graph nodes referenced from a record
  (and drug-trial links that are not listed on both sides),
* duplicated ids, and eligibility checks that cannot be evaluated
  (:func:`mdm2io.knowledge.eligibility.check_rule`),
* a record marked ``verified`` whose sources are all unverified.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError as PydanticValidationError

from ..errors import InputError, Problem, ValidationError
from .base import KnowledgeBase
from .eligibility import check_rule
from .schema import Drug, Evidence, HpdCase, KBMeta, Mechanism, OncoTreeCode, Source, Trial

__all__ = ["load_knowledge", "validate_knowledge", "DATA_FILES", "default_data_dir"]

#: file name -> (model, kind) ; kind "list" = a YAML list of records, "one" = one mapping.
DATA_FILES = {
    "meta.yaml": (KBMeta, "one"),
    "sources.yaml": (Source, "list"),
    "evidence.yaml": (Evidence, "list"),
    "hpd_cases.yaml": (HpdCase, "list"),
    "drugs.yaml": (Drug, "list"),
    "trials.yaml": (Trial, "list"),
    "mechanism.yaml": (Mechanism, "one"),
    "oncotree.yaml": (OncoTreeCode, "list"),
}


def default_data_dir() -> Path:
    """The folder of the bundled YAML files."""
    return Path(str(resources.files("mdm2io.knowledge").joinpath("data")))


def _node_line(node, loc) -> int | None:
    """1-based line of the YAML node at ``loc`` (deepest node found)."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            nxt = None
            for k, v in node.value:
                if k.value == str(part):
                    nxt = v
                    line = k.start_mark.line + 1
                    break
            if nxt is None:
                return line
            node = nxt
        else:
            return line
        line = node.start_mark.line + 1
    return line


def _read(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("knowledge-base file is missing", file=str(path),
                         fix=f"restore {path.name} (one of {', '.join(DATA_FILES)})") from None
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(f"invalid YAML: {getattr(exc, 'problem', exc)}", file=str(path),
                         line=mark.line + 1 if mark else None, fix="fix the YAML syntax") from None
    return data, root


def _pydantic_problems(exc: PydanticValidationError, fname: str, root, prefix=(), what="record") -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = tuple(prefix) + tuple(err["loc"])
        col = ".".join(str(p) for p in err["loc"]) or None
        msg = err["msg"]
        if err["type"] == "missing":
            msg = f"required field {err['loc'][-1]!r} is missing"
        elif err["type"] == "extra_forbidden":
            msg = f"unknown field {err['loc'][-1]!r}"
        fix = ("add a non-empty 'sources' list of ids from sources.yaml" if err["loc"] and err["loc"][-1] == "sources"
               else "see the model in mdm2io/knowledge/schema.py")
        out.append(Problem(msg, file=fname, line=_node_line(root, loc), column=col,
                           expected=f"a valid {what} (see the field list in docs/knowledge.md)", fix=fix))
    return out


def validate_knowledge(data_dir: str | Path | None = None) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Parse and cross-check the YAML files; return the knowledge base (or None) and all problems.

    Examples
    --------
    >>> kb, problems = validate_knowledge()
    >>> problems
    []
    >>> kb.meta.version >= "2026.11.0"
    True
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    problems: list[Problem] = []
    parsed: dict[str, object] = {}
    roots: dict[str, object] = {}
    lines: dict[str, dict[str, int]] = {}  # file -> record id -> line
    for fname, (model, kind) in DATA_FILES.items():
        data, root = _read(folder / fname)
        roots[fname] = root
        if kind == "list":
            if not isinstance(data, list):
                problems.append(Problem("expected a list of records", file=fname, line=1,
                                        fix="start every record with '- '"))
                parsed[fname] = []
                continue
            recs = []
            lines[fname] = {}
            for i, item in enumerate(data):
                try:
                    rec = model.model_validate(item)
                except PydanticValidationError as exc:
                    problems.extend(_pydantic_problems(exc, fname, root, (i,), model.__name__))
                    continue
                rid = getattr(rec, "id", None) or getattr(rec, "code", None)
                if rid in lines[fname]:
                    problems.append(Problem(f"duplicated id {rid!r} (first on line {lines[fname][rid]})", file=fname,
                                            line=_node_line(root, (i,)), column="id", expected="unique ids",
                                            fix="rename or merge the records"))
                lines[fname][rid] = _node_line(root, (i,))
                recs.append(rec)
            parsed[fname] = recs
        else:
            try:
                parsed[fname] = model.model_validate(data)
            except PydanticValidationError as exc:
                problems.extend(_pydantic_problems(exc, fname, root, (), model.__name__))
                parsed[fname] = None
    if any(p is None for p in parsed.values()):
        return None, problems
    sources = {s.id: s for s in parsed["sources.yaml"]}
    drugs = {d.id: d for d in parsed["drugs.yaml"]}
    codes = {c.code for c in parsed["oncotree.yaml"]}
    mech = parsed["mechanism.yaml"]
    nodes = {n.id for n in mech.nodes}

    def ref(fname, path, value, known, what, fix):
        if value not in known:
            problems.append(Problem(f"unknown {what} {value!r}", file=fname, line=_node_line(roots[fname], path),
                                    column=".".join(map(str, path[1:])) or None,
                                    expected=f"a {what} defined in {fix}", fix=f"add {value!r} to {fix} or correct the id"))

    def cited(fname, path, rec):
        for j, sid in enumerate(rec.sources):
            ref(fname, path + ("sources", j), sid, sources, "source id", "sources.yaml")
        if rec.verification == "verified" and rec.sources and all(
                sources.get(s) is not None and sources[s].status == "unverified" for s in rec.sources):
            problems.append(Problem("record is marked verified but all its sources are unverified", file=fname,
                                    line=_node_line(roots[fname], path), column="verification",
                                    expected="at least one verified source", fix="mark it unverified or cite a verified source"))

    for fname in ("evidence.yaml", "hpd_cases.yaml", "drugs.yaml", "trials.yaml"):
        for i, rec in enumerate(parsed[fname]):
            cited(fname, (i,), rec)
    for i, ev in enumerate(parsed["evidence.yaml"]):
        for j, code in enumerate(ev.tumour_types):
            if code != "any":
                ref("evidence.yaml", (i, "tumour_types", j), code, codes, "OncoTree code", "oncotree.yaml")
    for i, case in enumerate(parsed["hpd_cases.yaml"]):
        if case.oncotree_code:
            ref("hpd_cases.yaml", (i, "oncotree_code"), case.oncotree_code, codes, "OncoTree code", "oncotree.yaml")
    for i, drug in enumerate(parsed["drugs.yaml"]):
        for key in ("schedules", "potency", "immune_effects"):
            for j, sub in enumerate(getattr(drug, key)):
                cited("drugs.yaml", (i, key, j), sub)
    trial_ids = {t.id: t for t in parsed["trials.yaml"]}
    for i, drug in enumerate(parsed["drugs.yaml"]):
        for j, tid in enumerate(drug.trials):
            ref("drugs.yaml", (i, "trials", j), tid, trial_ids, "trial id", "trials.yaml")
            if tid in trial_ids and drug.id not in trial_ids[tid].drugs:
                problems.append(Problem(f"drug {drug.id!r} lists trial {tid!r}, but that trial does not list the drug",
                                        file="drugs.yaml", line=_node_line(roots["drugs.yaml"], (i, "trials", j)),
                                        column=f"trials.{j}", expected="the same drug-trial link on both sides",
                                        fix=f"add {drug.id!r} to the drugs of {tid} in trials.yaml or remove the link"))
    for i, trial in enumerate(parsed["trials.yaml"]):
        for j, d in enumerate(trial.drugs):
            ref("trials.yaml", (i, "drugs", j), d, drugs, "drug id", "drugs.yaml")
        for k, cohort in enumerate(trial.cohorts):
            for m, chk in enumerate(cohort.checks):
                why = check_rule(chk.field, chk.op, chk.value, codes)
                if why:
                    problems.append(Problem(f"eligibility check cannot be evaluated: {why}", file="trials.yaml",
                                            line=_node_line(roots["trials.yaml"], (i, "cohorts", k, "checks", m)),
                                            column=f"{trial.id}.{cohort.id}.checks[{m}]",
                                            expected="a field from mdm2io.knowledge.eligibility.FIELDS with a matching op and value",
                                            fix="correct field, op or value (see docs/knowledge.md, 'Eligibility rules')"))
    for i, code in enumerate(parsed["oncotree.yaml"]):
        if code.parent:
            ref("oncotree.yaml", (i, "parent"), code.parent, codes, "OncoTree code", "oncotree.yaml")
        for j, amb in enumerate(code.ambiguous or []):
            ref("oncotree.yaml", (i, "ambiguous", j), amb, codes, "OncoTree code", "oncotree.yaml")
    for i, edge in enumerate(mech.edges):
        ref("mechanism.yaml", ("edges", i, "source"), edge.source, nodes, "graph node", "mechanism.yaml nodes")
        ref("mechanism.yaml", ("edges", i, "target"), edge.target, nodes, "graph node", "mechanism.yaml nodes")
        cited("mechanism.yaml", ("edges", i), edge)
    seen = set()
    for i, edge in enumerate(mech.edges):
        if edge.id in seen:
            problems.append(Problem(f"duplicated edge id {edge.id!r}", file="mechanism.yaml",
                                    line=_node_line(roots["mechanism.yaml"], ("edges", i)), column="id",
                                    fix="give every edge a unique id"))
        seen.add(edge.id)
    for p in problems:  # name the folder so a user-edited copy is unambiguous
        object.__setattr__(p, "file", str(folder / p.file) if p.file and not Path(p.file).is_absolute() else p.file)
    if problems:
        return None, problems
    kb = KnowledgeBase(meta=parsed["meta.yaml"], sources=sources, evidence=list(parsed["evidence.yaml"]),
                       hpd_cases=list(parsed["hpd_cases.yaml"]), drugs=drugs,
                       trials={t.id: t for t in parsed["trials.yaml"]}, mechanism=mech,
                       oncotree={c.code: c for c in parsed["oncotree.yaml"]}, path=str(folder))
    return kb, []


@lru_cache(maxsize=4)
def _load_cached(folder: str) -> KnowledgeBase:
    kb, problems = validate_knowledge(folder)
    if problems:
        raise ValidationError(problems, header=f"knowledge base {folder}: {len(problems)} problem(s)")
    return kb


def load_knowledge(data_dir: str | Path | None = None) -> KnowledgeBase:
    """Load the (bundled, or ``data_dir``) knowledge base; raises ValidationError on any problem.

    Examples
    --------
    >>> kb = load_knowledge()
    >>> kb.trials["NCT03611868"].drugs
    ['alrizomadlin', 'pembrolizumab']
    >>> kb.sources["kato2017"].pmid
    '28351930'
    """
    folder = Path(data_dir) if data_dir is not None else default_data_dir()
    return _load_cached(str(folder.resolve()))
