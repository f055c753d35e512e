"""Platelet toxicity of MDM2 inhibitors: Friberg semi-mechanistic transit model.

Friberg et al. 2002, J Clin Oncol 20:4713, doi:10.1200/JCO.2002.02.140: proliferating
pool, three transit compartments, circulating cells, feedback ``(Circ0/Circ)^gamma``.
Platelet adaptation (research notes §4.5): mean transit time 9.6 days (Pérez-Ruixo 2013,
Br J Clin Pharmacol 75:1445, doi:10.1111/bcp.12019), gamma in the 0.16–0.62 range of
published fits, and the drug acting on both progenitor proliferation and release
(Iancu-Rubin et al. 2014, Exp Hematol 42:137, PMID 24309210: apoptosis of progenitors and
blocked endomitosis of maturing megakaryocytes). The effect is a host effect:
it does not depend on tumour TP53 status. CTCAE v5 grades: G3 < 50, G4 < 25 ×10⁹/L.
"""

from __future__ import annotations

import numpy as np

from .spec import LogNormal, ModelSpec, Parameter, Reaction, Rule, Species

__all__ = ["platelet_module", "ctcae_platelet_grade"]

FRIBERG = "Friberg 2002 doi:10.1200/JCO.2002.02.140"


def platelet_module() -> ModelSpec:
    """Friberg platelet module (platelets in 10⁹/L).

    Examples
    --------
    >>> platelet_module().species_ids
    ['Plt_prol', 'Plt_t1', 'Plt_t2', 'Plt_t3', 'Plt']
    """
    P = Parameter
    params = [
        P("Plt0", 250.0, "1e9/L", "baseline platelet count (patient covariate, 150-400)", "patient covariate",
          prior=LogNormal(250.0, 0.25)),
        P("MTT_plt", 9.6, "day", "mean transit time of megakaryocyte maturation", "Pérez-Ruixo 2013 doi:10.1111/bcp.12019",
          prior=LogNormal(9.6, 0.2)),
        P("lifespan_plt", 257.0 / 24.0, "day", "circulating platelet lifespan (k_circ = 1/lifespan)",
          "Pérez-Ruixo 2013 doi:10.1111/bcp.12019 (257 h in healthy subjects)"),
        P("gamma_plt", 0.4, "1", "feedback exponent", FRIBERG + "; platelet range 0.16-0.62 (research notes §4.5); value assumed", status="assumed"),
        P("Emax_plt", 0.9, "1", "maximal MDM2-inhibitor effect on progenitors/release", "assumed, E_max < 1 (research notes §4.5)", status="assumed"),
        P("EC50_plt", 0.15, "mg/L", "MDM2-inhibitor concentration of half-maximal platelet effect", "assumed; calibrated so siremadlin 120 mg d1,d8 q28d gives grade >=3 in a minority", status="assumed",
          prior=LogNormal(0.15, 0.5)),
    ]
    # steady state: Prol = T1 = T2 = T3 = Plt0 * k_circ / k_tr (k_circ = 1 / lifespan differs from k_tr)
    pre = 250.0 * (24.0 / 257.0) / (4 / 9.6)
    species = [Species(s, v, "1e9/L", d) for s, v, d in (
        ("Plt_prol", pre, "proliferating megakaryocyte progenitors"), ("Plt_t1", pre, "maturing megakaryocytes 1"),
        ("Plt_t2", pre, "maturing megakaryocytes 2 (endomitosis)"), ("Plt_t3", pre, "maturing megakaryocytes 3"),
        ("Plt", 250.0, "circulating platelets"))]
    ktr = "(4 / MTT_plt)"
    reactions = [
        Reaction("plt_prol", f"{ktr} * Plt_prol * (1 - E_plt) * (Plt0 / max(Plt, 1e-6))^gamma_plt", {"Plt_prol": 1},
                 "progenitor proliferation with feedback, inhibited by MDM2 inhibitor", FRIBERG, kb_edge=""),
        Reaction("plt_tr0", f"{ktr} * Plt_prol", {"Plt_prol": -1, "Plt_t1": 1}, "maturation", FRIBERG),
        Reaction("plt_tr1", f"{ktr} * Plt_t1 * (1 - E_plt)", {"Plt_t1": -1, "Plt_t2": 1},
                 "maturation through endomitosis, impaired by MDM2 inhibitor", "Iancu-Rubin 2014 PMID 24309210"),
        Reaction("plt_tr1_block", f"{ktr} * Plt_t1 * E_plt", {"Plt_t1": -1},
                 "megakaryocytes lost when endomitosis is blocked", "Iancu-Rubin 2014 PMID 24309210"),
        Reaction("plt_tr2", f"{ktr} * Plt_t2", {"Plt_t2": -1, "Plt_t3": 1}, "maturation", FRIBERG),
        Reaction("plt_release", f"{ktr} * Plt_t3", {"Plt_t3": -1, "Plt": 1}, "release into blood", FRIBERG),
        Reaction("plt_elim", "Plt / lifespan_plt", {"Plt": -1}, "platelet elimination", "Pérez-Ruixo 2013 doi:10.1111/bcp.12019"),
    ]
    rules = [Rule("E_plt", "Emax_plt * C_m / (EC50_plt + C_m)", "1", "MDM2-inhibitor effect on megakaryopoiesis", FRIBERG)]
    return ModelSpec("platelets", species, params, reactions, rules)


def ctcae_platelet_grade(platelets_1e9_per_l) -> np.ndarray:
    """CTCAE v5 platelet-count-decreased grade (0-4) from a count in 10⁹/L.

    Grade 1 < 150 (lower limit of normal taken as 150), 2 < 75, 3 < 50, 4 < 25.

    Examples
    --------
    >>> ctcae_platelet_grade([200, 120, 60, 40, 10]).tolist()
    [0, 1, 2, 3, 4]
    """
    x = np.asarray(platelets_1e9_per_l, float)
    return (x < 150).astype(int) + (x < 75) + (x < 50) + (x < 25)
