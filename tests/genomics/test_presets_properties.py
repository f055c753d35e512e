"""Properties every copy-number preset must have (hypothesis), and the preset table itself."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from mdm2io.genomics import CN_STATUSES, PRESETS, classify_copy_number

# order of copy-number statuses from fewest to most copies
RANK = {"deleted": 0, "loss": 1, "neutral": 2, "gain": 3, "amplified": 4}


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=300, allow_nan=False), min_size=2, max_size=30),
       st.sampled_from(["pcgr", "facets", "mantra2", "ploidy_relative"]))
def test_absolute_presets_are_monotone_in_copy_number(cns, preset):
    cns = sorted(cns)
    out = classify_copy_number(pd.DataFrame({"copy_number": cns}), preset)
    ranks = [RANK[s] for s in out.status]
    assert ranks == sorted(ranks)
    assert set(out.status) <= set(CN_STATUSES)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=-5, max_value=5, allow_nan=False), min_size=2, max_size=30),
       st.floats(min_value=0.1, max_value=0.99))
def test_cnvkit_monotone_and_purity_never_weakens_a_gain(log2s, purity):
    log2s = sorted(log2s)
    pure = classify_copy_number(pd.DataFrame({"log2_ratio": log2s}), "cnvkit")
    mixed = classify_copy_number(pd.DataFrame({"log2_ratio": log2s, "purity": purity}), "cnvkit")
    for frame in (pure, mixed):
        ranks = [RANK[s] for s in frame.status]
        assert ranks == sorted(ranks)
    # normal contamination dilutes a change, so correcting for it can only make a call stronger
    for a, b in zip(pure.status, mixed.status):
        if RANK[a] > 2:
            assert RANK[b] >= RANK[a]
        if RANK[a] < 2:
            assert RANK[b] <= RANK[a]


def test_facets_genome_doubling_threshold():
    m = pd.DataFrame({"copy_number": [5.0, 5.0, 6.0], "wgd": [0, 1, 1]})
    assert classify_copy_number(m, "facets").status.tolist() == ["amplified", "gain", "amplified"]


def test_every_preset_cites_its_source():
    for p in PRESETS.values():
        assert p.citation and ("doi:" in p.citation or "NCT" in p.citation or "cBioPortal" in p.citation
                               or "GDC" in p.citation)
        assert p.short and p.rule().endswith("]")


def test_missing_value_is_not_assessed():
    out = classify_copy_number(pd.DataFrame({"copy_number": [np.nan]}), "pcgr")
    assert out.status.tolist() == ["not_assessed"]
