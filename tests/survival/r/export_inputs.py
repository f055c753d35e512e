"""Write the open-data inputs of make_expected.R (run from the repository root).

    PYTHONPATH=src python tests/survival/r/export_inputs.py

IMvigor210 (CC BY 3.0, Mariathasan 2018) and INSPIRE (MIT, reportRmd) tables are taken from the
bundled datasets with plain pandas, so R and mdm2io analyse exactly the same rows. OAK is not
exported (no open licence): make_expected.R reads it from ../shared/data itself.
"""

from pathlib import Path

import pandas as pd

from mdm2io.datasets import load_imvigor210, load_inspire

HERE = Path(__file__).parent


def imvigor210() -> pd.DataFrame:
    c = load_imvigor210()
    os_ = c.outcomes[c.outcomes.endpoint == "OS"][["patient_id", "time_months", "event"]]
    alt = c.alterations
    amp = set(alt[(alt.gene == "MDM2") & (alt.kind == "amplification")].sample_id)
    s = c.samples.assign(mdm2_amp=c.samples.sample_id.isin(amp).astype(int))
    s = s.groupby("patient_id", as_index=False).agg(mdm2_amp=("mdm2_amp", "max"), tmb_per_mb=("tmb_per_mb", "max"))
    p = c.patients[["patient_id", "best_overall_response", "ecog_baseline"]]
    out = os_.merge(s, on="patient_id").merge(p, on="patient_id", how="left")
    return out.sort_values("patient_id").reset_index(drop=True)


def inspire() -> pd.DataFrame:
    c = load_inspire()
    o = c.outcomes.pivot(index="patient_id", columns="endpoint", values=["time_months", "event"])
    o.columns = [f"{ep.lower()}_{'months' if v == 'time_months' else 'event'}" for v, ep in o.columns]
    p = c.patients[["patient_id", "sex", "age_years", "inspire_cohort", "objective_response"]]
    return p.merge(o.reset_index(), on="patient_id").sort_values("patient_id").reset_index(drop=True)


def two_arm_synthetic(n: int = 160, seed: int = 20261124) -> pd.DataFrame:
    """A synthetic two-arm trial (open, always available) where the treatment helps only biomarker-negative
    patients; times rounded to half months so there are many ties."""
    import numpy as np

    rng = np.random.default_rng(seed)
    biomarker = rng.integers(0, 2, n)
    arm = np.where(rng.integers(0, 2, n) == 1, "ICI", "chemotherapy")
    rate = np.exp(np.log(0.5) * ((arm == "ICI") & (biomarker == 0)) + 0.3 * biomarker) / 12
    t = rng.exponential(1 / rate)
    c = rng.uniform(6, 30, n)
    return pd.DataFrame({"id": [f"s{i + 1}" for i in range(n)], "time": np.round(np.minimum(t, c) * 2) / 2 + 0.5,
                         "event": (t <= c).astype(int), "biomarker": biomarker, "arm": arm,
                         "age": rng.normal(65, 8, n).round(0)})


if __name__ == "__main__":
    two_arm_synthetic().to_csv(HERE / "input_two_arm_synthetic.tsv", sep="\t", index=False)
    imvigor210().to_csv(HERE / "input_imvigor210_os.tsv", sep="\t", index=False, na_rep="NA")
    inspire().to_csv(HERE / "input_inspire.tsv", sep="\t", index=False, na_rep="NA")
