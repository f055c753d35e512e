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


def test_kb_edges_exist_in_knowledge_base():
    """Rate laws cite mechanism-graph edges of the knowledge base by id; every cited id must exist there."""
    import yaml
    from importlib import resources
    try:
        text = resources.files("mdm2io.knowledge").joinpath("data/mechanism.yaml").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        import pytest
        pytest.skip("knowledge base not merged in this checkout")
    ids = {e["id"] for e in yaml.safe_load(text)["edges"]}
    from mdm2io.model import build_model
    cited = {e.strip() for r in build_model().reactions for e in r.kb_edge.split(";") if e.strip()}
    assert cited and cited <= ids, sorted(cited - ids)
