"""Generate the model reference tables of ``docs/model.md`` from the specification.

``python -m mdm2io.model.docs docs/model.md`` rewrites the part of the file between the
``<!-- BEGIN GENERATED -->`` and ``<!-- END GENERATED -->`` markers; a test checks that the
committed page matches the spec.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .default import build_model

__all__ = ["model_markdown", "update_docs"]

BEGIN, END = "<!-- BEGIN GENERATED -->", "<!-- END GENERATED -->"


def _md_table(df) -> str:
    cols = list(df.columns)
    out = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        out.append("| " + " | ".join(str(r[c]).replace("|", "\\|").replace("\n", " ") if str(r[c]) != "nan" else "" for c in cols) + " |")
    return "\n".join(out)


def model_markdown() -> str:
    """Markdown tables of species, rules, reactions and parameters of the default model.

    Examples
    --------
    >>> "| beta_p53 |" in model_markdown()
    True
    """
    import pandas as pd

    m = build_model()
    sp = pd.DataFrame([{"id": s.id, "initial": f"{s.initial:.4g}", "unit": s.unit, "description": s.description} for s in m.species])
    ru = pd.DataFrame([{"id": r.id, "formula": f"`{r.formula}`", "unit": r.unit, "description": r.description, "source": r.source} for r in m.rules])
    rx = m.reaction_table()
    rx["rate"] = "`" + rx["rate"] + "`"
    pt = m.parameter_table()
    pt["value"] = pt["value"].map(lambda v: f"{v:.4g}")
    n_assumed = int((pt.status == "assumed").sum())
    return "\n\n".join([
        f"### States ({len(sp)})", _md_table(sp),
        f"### Assignment rules / observables ({len(ru)})", _md_table(ru),
        f"### Reactions ({len(rx)})", _md_table(rx),
        f"### Parameters ({len(pt)}; {n_assumed} marked *assumed*)",
        "Status: *cited* = value from the source; *derived* = computed from cited values (e.g. hours to days); "
        "*assumed* = modelling choice or unverified value (treat as a placeholder).",
        _md_table(pt),
    ])


def update_docs(path: str | Path) -> bool:
    """Rewrite the generated part of ``path``; return True when it changed."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    a, b = text.index(BEGIN) + len(BEGIN), text.index(END)
    new = text[:a] + "\n\n" + model_markdown() + "\n\n" + text[b:]
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":  # pragma: no cover
    print("updated" if update_docs(sys.argv[1] if len(sys.argv) > 1 else "docs/model.md") else "up to date")
