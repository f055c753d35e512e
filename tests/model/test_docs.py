"""docs/model.md's reference tables are generated from the spec and must match it."""

from pathlib import Path

from mdm2io.model.docs import BEGIN, END, model_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


def test_docs_tables_match_spec():
    text = DOC.read_text(encoding="utf-8")
    generated = text[text.index(BEGIN) + len(BEGIN): text.index(END)].strip()
    assert generated == model_markdown().strip(), "run: python -m mdm2io.model.docs docs/model.md"


def test_every_parameter_has_source_unit_and_status():
    from mdm2io.model import build_model
    for p in build_model().parameters:
        assert p.source and p.unit is not None and p.status in {"cited", "derived", "assumed"}, p.id
