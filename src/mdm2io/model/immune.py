"""Tumour growth and killing; CD8 effector, Treg and NK dynamics with the PD-1 checkpoint.

Tumour cells ``T`` and dying cells ``T_dead`` are in 10⁹ cells; immune cells are densities
normalised to a typical pre-treatment infiltrate (1 = typical). Forms and sources:

- Logistic growth slowed by the p53 arrest signal; apoptosis by the PUMA signal
  (research notes §6.1).
- CD8 expansion and inactivation: Kuznetsov et al. 1994, Bull Math Biol 56:295,
  doi:10.1007/BF02460644 (BIOMD0000000762): proliferation p = 0.1245/day, death
  d = 0.0412/day; here logistic-capped and normalised.
- PD-1 checkpoint: PD-1/PD-L1 engagement ``Q = PD-L1 · (1 - RO)`` inhibits killing by
  ``F(Q) = 1/(1 + Q/K_Q)`` (Lai & Friedman 2017 form, as in Nikolopoulou et al. 2018,
  MODEL1908270001) and drives exhaustion.
- Tregs: de Pillis et al. 2013 (BIOMD0000000908, doi:10.1016/j.jtbi.2012.10.023) for
  proliferation 0.03598/day, turnover 0.03851/day, Treg shielding of NK kill
  ``exp(-delta R)``; PD-1 blockade expands PD-1⁺ effector Tregs by ``(1 + theta_R RO)``
  (Kamada et al. 2019, PNAS 116:9999, doi:10.1073/pnas.1822001116) — the hyperprogression
  mechanism modelled here.
- p53 outputs: MHC-I via ERAP1/TAP1 (Wang 2013 doi:10.1038/ncomms3359; Zhu 1999
  doi:10.1038/sj.onc.1203173), NKG2D ligands ULBP1/2 (Textor 2011
  doi:10.1158/0008-5472.CAN-10-4298), PD-L1 with a sign parameter (raised by APG-115 in
  Fang 2019 doi:10.1186/s40425-019-0750-6; repressed via miR-34a in Cortez 2016
  doi:10.1093/jnci/djv303).
- Host MDM2-inhibitor effect on CD8 fitness (MDM2 stabilises STAT5; Zhou et al. 2021,
  doi:10.1038/s41590-021-00888-3), independent of tumour TP53.
"""

from __future__ import annotations

from .spec import LogNormal, ModelSpec, Parameter, Reaction, Rule, Species

__all__ = ["tumour_immune_module"]

KUZ = "Kuznetsov 1994 doi:10.1007/BF02460644"
DEP13 = "de Pillis 2013 doi:10.1016/j.jtbi.2012.10.023 (BIOMD0000000908)"
KAMADA = "Kamada 2019 doi:10.1073/pnas.1822001116"


def tumour_immune_module() -> ModelSpec:
    """Tumour, CD8, Treg and NK module.

    Examples
    --------
    >>> tumour_immune_module().species_ids
    ['T', 'T_dead', 'E', 'R', 'NK']
    """
    P = Parameter
    A = "assumed"
    params = [
        P("r_T", 0.03, "1/day", "tumour gross proliferation rate", "assumed; plausible patients selected on pre-treatment growth", status=A,
          prior=LogNormal(0.03, 0.6)),
        P("K_T", 2000.0, "1e9 cells", "tumour carrying capacity", "assumed (logistic form, Kuznetsov 1994)", status=A),
        P("f_arrest", 0.6, "1", "maximal growth reduction by the arrest signal", "assumed (research notes §6.1)", status=A),
        P("k_apo", 0.08, "1/day", "apoptosis rate at full PUMA signal", "assumed (research notes §6.1)", status=A,
          prior=LogNormal(0.08, 0.5)),
        P("k_clear", 0.03, "1/day", "clearance of dead tumour cells", "QSP-IO k_cell_clear (research notes §6.1)"),
        P("k_kill_E", 0.015, "1/day", "CD8 kill rate per unit effector density", "assumed; wide prior so that immune control ranges from none to near-equilibrium", status=A, prior=LogNormal(0.015, 1.2)),
        P("k_kill_NK", 0.002, "1/day", "NK kill rate per unit NK density", "assumed", status=A, prior=LogNormal(0.002, 0.6)),
        P("K_Q", 3.0, "1", "PD-1 engagement of half-maximal kill inhibition", "assumed; F(Q) form Nikolopoulou 2018 MODEL1908270001", status=A),
        P("K_R", 1.0, "1", "Treg density halving CD8 kill", "assumed", status=A),
        P("delta_R", 0.5, "1", "Treg shielding of NK kill exp(-delta_R R)", DEP13 + " (form); value assumed", status=A),
        P("e_MHC", 1.0, "1", "MHC-I induction by the p53 arrest signal", "Wang 2013 doi:10.1038/ncomms3359 (form); value assumed", status=A),
        P("e_ULBP", 1.0, "1", "NKG2D-ligand induction by p53", "Textor 2011 doi:10.1158/0008-5472.CAN-10-4298 (form); value assumed", status=A),
        P("e_PDL1", 0.5, "1", "p53 effect on PD-L1 (sign: + raises, - lowers)",
          "sign from Fang 2019 doi:10.1186/s40425-019-0750-6 (APG-115 raised PD-L1); set < 0 for Cortez 2016 doi:10.1093/jnci/djv303", status=A),
        P("pdl1", 1.0, "1", "baseline tumour PD-L1 (patient covariate; 1 = median)", "patient covariate"),
        P("p_E", 0.1245, "1/day", "CD8 proliferation", KUZ),
        P("d_E", 0.0412, "1/day", "CD8 death", KUZ),
        P("E_max", 3.0, "1", "CD8 density cap (fold of pre-treatment)", "assumed (logistic cap; CD8 density rises ~2-3 fold in responders, Tumeh 2014 doi:10.1038/nature13954)", status=A),
        P("x_PD1", 1.0, "1", "PD-1-driven exhaustion multiplier", "assumed", status=A),
        P("z_R", 0.02, "1/day", "Treg suppression of CD8", DEP13 + " (form); value assumed", status=A),
        P("theta_E", 0.2, "1", "CD8 reinvigoration by PD-1 blockade", KAMADA + " (competing-expansion form); value assumed", status=A,
          prior=LogNormal(0.2, 1.0)),
        P("theta_host", 0.5, "1", "CD8 fitness gain by MDM2 inhibition (host effect)", "Zhou 2021 doi:10.1038/s41590-021-00888-3; value assumed", status=A),
        P("s_E", 0.0412, "1/day", "CD8 influx (set per patient so that E = 1 before treatment)", "derived from steady state", status="derived"),
        P("p_R", 0.03598, "1/day", "Treg proliferation", DEP13),
        P("d_R", 0.03851, "1/day", "Treg turnover", DEP13),
        P("R_max", 10.0, "1", "Treg density cap", "assumed (logistic cap)", status=A),
        P("theta_R", 1.0, "1", "PD-1+ effector-Treg expansion by PD-1 blockade", KAMADA + "; value assumed (heavy-tailed: a strong Treg response in a minority)", status=A,
          prior=LogNormal(1.0, 2.0)),
        P("s_R", 0.0061, "1/day", "Treg influx (set per patient so that R = 1 before treatment)", "derived from steady state", status="derived"),
        P("d_NK", 0.0125, "1/day", "NK turnover", DEP13 + " (f)"),
        P("sld_per_cbrt_cells", 10 * (6 * 2.5 / 3.141592653589793) ** (1 / 3), "mm / (1e9 cells)^(1/3)",
          "diameter of a sphere of 10⁹ cells of 2.5e-9 mL each", "QSP-IO cell volume (research notes §6.1)"),
    ]
    species = [
        Species("T", 20.0, "1e9 cells", "viable tumour cells"),
        Species("T_dead", 0.0, "1e9 cells", "dying tumour cells (still measured by imaging)"),
        Species("E", 1.0, "1", "CD8 effector density in tumour"),
        Species("R", 1.0, "1", "Treg density in tumour"),
        Species("NK", 1.0, "1", "NK cell density in tumour"),
    ]
    reactions = [
        Reaction("tumour_growth", "r_T * T * (1 - T / K_T) * (1 - f_arrest * S_arrest)", {"T": 1},
                 "logistic growth slowed by p53 arrest signal", KUZ + " (logistic); arrest: research notes §6.1", kb_edge=""),
        Reaction("tumour_apoptosis", "k_apo * S_apop * T", {"T": -1, "T_dead": 1}, "p53/PUMA-driven apoptosis", "research notes §6.1",
                 kb_edge="e_p53_bax; e_p53_bcl2"),
        Reaction("cd8_kill", "k_kill_E * E * g_MHC * F_Q / (1 + R / K_R) * T", {"T": -1, "T_dead": 1},
                 "CD8 killing: MHC-I dependent, PD-1-inhibited, Treg-suppressed", KUZ + "; F(Q): Nikolopoulou 2018", kb_edge="e_p53_mhc; e_mir34_pdl1; e_mdm2i_pdl1_up"),
        Reaction("nk_kill", "k_kill_NK * NK * g_ULBP * exp(-delta_R * R) * T", {"T": -1, "T_dead": 1},
                 "NK killing via NKG2D ligands, shielded by Tregs", DEP13, kb_edge="e_p53_nkg2dl"),
        Reaction("dead_clear", "k_clear * T_dead", {"T_dead": -1}, "clearance of dead cells", "research notes §6.1"),
        Reaction("cd8_in", "s_E * (1 + theta_host * I_m)", {"E": 1}, "CD8 influx, raised by MDM2 inhibition (host)", "Zhou 2021 doi:10.1038/s41590-021-00888-3",
                 kb_edge="e_mdm2_ccbl; e_ccbl_stat5; e_stat5_cd8"),
        Reaction("cd8_prolif", "p_E * E * (1 - E / E_max) * (1 + theta_E * RO)", {"E": 1}, "CD8 expansion, reinvigorated by PD-1 blockade", KUZ),
        Reaction("cd8_death", "d_E * (1 + x_PD1 * Q) * E", {"E": -1}, "CD8 death and PD-1-driven exhaustion", KUZ),
        Reaction("cd8_treg", "z_R * R * E", {"E": -1}, "Treg suppression of CD8", DEP13),
        Reaction("treg_in", "s_R", {"R": 1}, "Treg influx", DEP13),
        Reaction("treg_prolif", "p_R * R * (1 - R / R_max) * (1 + theta_R * RO)", {"R": 1},
                 "Treg expansion, PD-1 blockade expands PD-1+ eTregs", KAMADA, kb_edge=""),
        Reaction("treg_death", "d_R * R", {"R": -1}, "Treg turnover", DEP13),
        Reaction("nk_turnover", "d_NK * (1 - NK)", {"NK": 1}, "NK homeostasis (normalised)", DEP13),
    ]
    rules = [
        Rule("g_MHC", "1 + e_MHC * S_arrest", "1", "MHC-I presentation factor", "Wang 2013; Zhu 1999"),
        Rule("g_ULBP", "1 + e_ULBP * S_arrest", "1", "NKG2D-ligand factor", "Textor 2011"),
        Rule("pdl1_eff", "pdl1 * max(0, 1 + e_PDL1 * S_arrest)", "1", "tumour PD-L1", "Fang 2019 / Cortez 2016"),
        Rule("Q", "pdl1_eff * (1 - RO)", "1", "PD-1/PD-L1 engagement", "Nikolopoulou 2018"),
        Rule("F_Q", "1 / (1 + Q / K_Q)", "1", "checkpoint inhibition of killing", "Lai & Friedman 2017 form"),
        Rule("sld_mm", "sld_per_cbrt_cells * max(T + T_dead, 0)^(1/3)", "mm", "sum of longest diameters (single-sphere equivalent)",
             "research notes §6.1 (D = (6V/pi)^(1/3))"),
    ]
    return ModelSpec("tumour_immune", species, params, reactions, rules)
