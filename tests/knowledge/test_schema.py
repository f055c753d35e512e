"""The knowledge base validates; a data change that breaks it is caught with file and line."""

import shutil

import pytest
import yaml

from mdm2io.errors import ValidationError
from mdm2io.knowledge import load_knowledge, validate_knowledge
from mdm2io.knowledge.load import DATA_FILES, default_data_dir


@pytest.fixture
def data_copy(tmp_path):
    dst = tmp_path / "kb"
    shutil.copytree(default_data_dir(), dst)
    return dst


def _edit(folder, fname, fn):
    p = folder / fname
    data = yaml.safe_load(p.read_text())
    fn(data)
    p.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_bundled_knowledge_base_is_valid():
    kb, problems = validate_knowledge()
    assert problems == []
    s = kb.summary()
    assert s["n_trials"] >= 5 and s["n_evidence"] >= 10 and s["n_edges"] >= 20 and s["n_hpd_cases"] >= 5


def test_every_record_has_known_sources():
    kb = load_knowledge()
    records = [*kb.evidence, *kb.hpd_cases, *kb.drugs.values(), *kb.trials.values(), *kb.mechanism.edges]
    for d in kb.drugs.values():
        records += [*d.schedules, *d.potency, *d.immune_effects]
    assert records
    for rec in records:
        assert rec.sources, rec
        for sid in rec.sources:
            assert sid in kb.sources, (rec, sid)


def test_verified_sources_carry_an_identifier_and_no_invented_ids():
    kb = load_knowledge()
    for s in kb.sources.values():
        if s.status == "verified":
            assert any((s.pmid, s.pmcid, s.doi, s.nct, s.url)), s.id
    # The brief's unconfirmed identifiers stay unverified.
    assert kb.sources["nct04785196"].status == "unverified"
    assert kb.trials["NCT04785196"].verification == "unverified"
    assert kb.sources["fang2020"].doi is None and kb.sources["fang2020"].pmid is None


def test_record_without_source_fails_with_file_and_line(data_copy):
    def drop(data):
        del data[0]["sources"]
    _edit(data_copy, "evidence.yaml", drop)
    kb, problems = validate_knowledge(data_copy)
    assert kb is None
    p = problems[0]
    assert p.file.endswith("evidence.yaml") and p.line == 1 + 0 and "sources" in p.message
    with pytest.raises(ValidationError, match="evidence.yaml, line"):
        load_knowledge(data_copy)


def test_empty_source_list_fails(data_copy):
    _edit(data_copy, "trials.yaml", lambda d: d[1].update(sources=[]))
    _, problems = validate_knowledge(data_copy)
    assert any(p.column == "sources" and p.file.endswith("trials.yaml") for p in problems)


def test_unknown_drug_id_in_trial_fails(data_copy):
    _edit(data_copy, "trials.yaml", lambda d: d[0]["drugs"].append("nutlin-99"))
    _, problems = validate_knowledge(data_copy)
    assert [p.message for p in problems] == ["unknown drug id 'nutlin-99'"]
    assert problems[0].line is not None and "drugs.yaml" in problems[0].fix


def test_unknown_trial_source_and_unknown_source_id_fail(data_copy):
    _edit(data_copy, "mechanism.yaml", lambda d: d["edges"][0].update(sources=["nobody2099"]))
    _, problems = validate_knowledge(data_copy)
    assert any("unknown source id 'nobody2099'" in p.message for p in problems)


@pytest.mark.parametrize("check, why", [
    ({"field": "TP53_mutation", "op": "eq", "value": "wild_type", "text": "a criterion"}, "unknown field"),
    ({"field": "TP53_status", "op": "eq", "value": "wildtype", "text": "a criterion"}, "not one of"),
    ({"field": "MDM2_cn", "op": "ge", "value": "12", "text": "a criterion"}, "needs a number"),
    ({"field": "MDM2_cn", "op": "in", "value": [12], "text": "a criterion"}, "does not apply"),
    ({"field": "tumour_type", "op": "in", "value": ["BLADDER"], "text": "a criterion"}, "unknown OncoTree code"),
])
def test_unevaluable_eligibility_rule_fails(data_copy, check, why):
    _edit(data_copy, "trials.yaml", lambda d: d[0]["cohorts"][0]["checks"].append(check))
    _, problems = validate_knowledge(data_copy)
    assert len(problems) == 1 and "cannot be evaluated" in problems[0].message and why in problems[0].message
    assert problems[0].line is not None


def test_verified_record_citing_only_unverified_sources_fails(data_copy):
    _edit(data_copy, "evidence.yaml", lambda d: d[0].update(sources=["fang2020"]))
    _, problems = validate_knowledge(data_copy)
    assert any("all its sources are unverified" in p.message for p in problems)


def test_bad_identifier_formats_fail(data_copy):
    _edit(data_copy, "sources.yaml", lambda d: d[0].update(pmid="PMID28351930", doi="doi:10.1/x"))
    _, problems = validate_knowledge(data_copy)
    msgs = " ".join(p.message for p in problems)
    assert "PMID must be digits" in msgs and "DOI must look like" in msgs


def test_duplicate_ids_and_unknown_graph_nodes_fail(data_copy):
    _edit(data_copy, "evidence.yaml", lambda d: d.append(dict(d[0])))
    _edit(data_copy, "mechanism.yaml", lambda d: d["edges"][0].update(target="p63"))
    _, problems = validate_knowledge(data_copy)
    msgs = " ".join(p.message for p in problems)
    assert "duplicated id" in msgs and "unknown graph node 'p63'" in msgs


def test_all_data_files_are_covered():
    assert sorted(p.name for p in default_data_dir().glob("*.yaml")) == sorted(DATA_FILES)


def test_unknown_trial_id_referenced_from_a_drug_fails(data_copy):
    def edit(data):
        drug = next(d for d in data if d["id"] == "navtemadlin")
        drug["trials"].append("NCT99999999")
    _edit(data_copy, "drugs.yaml", edit)
    _, problems = validate_knowledge(data_copy)
    assert [p.message for p in problems] == ["unknown trial id 'NCT99999999'"]
    assert problems[0].file.endswith("drugs.yaml") and problems[0].line is not None


def test_one_sided_drug_trial_link_fails(data_copy):
    def edit(data):
        next(d for d in data if d["id"] == "milademetan")["trials"] = ["NCT03611868"]
    _edit(data_copy, "drugs.yaml", edit)
    _, problems = validate_knowledge(data_copy)
    assert len(problems) == 1 and "does not list the drug" in problems[0].message
