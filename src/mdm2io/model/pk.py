"""Pharmacokinetics: anti-PD-1 two-compartment and oral MDM2-inhibitor one-compartment models.

The model equations are declared as a :class:`~mdm2io.model.spec.ModelSpec` module
(:func:`pk_module`) and are also solved analytically (:func:`concentration`) by
superposition of linear single-dose responses, which is exact for linear PK and is used
to check the integrator and to plot exposure without integrating.

Sources
-------
- Pembrolizumab: Ahamadi et al. 2017, CPT Pharmacometrics Syst Pharmacol 6:49,
  doi:10.1002/psp4.12130 (typical values at reference covariates).
- Nivolumab: Bajaj et al. 2017, CPT Pharmacometrics Syst Pharmacol 6:58,
  doi:10.1002/psp4.12143 (time-varying clearance not modelled: baseline CL used).
- Receptor-occupancy EC50: chosen so that 1.5 µg/mL (the minimum effective anti-PD-1
  concentration of J Clin Pharmacol 2022;62:532, PMID 34648187) gives 90 % occupancy
  (assumed).
- MDM2 inhibitors: half-lives and volumes are **not** verified (research notes §4.4 list them
  as "[memory - verify]"); idasanutlin bioavailability 40.1 % from Pápai et al. 2019,
  Cancer Chemother Pharmacol, doi:10.1007/s00280-019-03840-x.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .spec import LogNormal, ModelSpec, Parameter, Reaction, Rule, Species

__all__ = ["Antibody", "OralDrug", "ANTIBODIES", "MDM2_INHIBITORS", "pk_module", "concentration"]

AHAMADI = "Ahamadi 2017 doi:10.1002/psp4.12130"
BAJAJ = "Bajaj 2017 doi:10.1002/psp4.12143"


@dataclass(frozen=True)
class Antibody:
    """Two-compartment IV antibody (clearances in L/day, volumes in L)."""

    name: str
    cl_l_per_day: float
    vc_l: float
    q_l_per_day: float
    vp_l: float
    source: str
    drug_class: str = "PD-1"


@dataclass(frozen=True)
class OralDrug:
    """One-compartment oral drug with first-order absorption."""

    name: str
    ka_per_day: float
    bioavailability: float
    v_l: float
    t_half_h: float
    ic50_mg_per_l: float
    source: str
    drug_class: str = "MDM2i"

    @property
    def ke_per_day(self) -> float:
        return float(np.log(2) / (self.t_half_h / 24.0))


ANTIBODIES = {
    "pembrolizumab": Antibody("pembrolizumab", 0.22, 3.48, 0.795, 4.06, AHAMADI),
    "nivolumab": Antibody("nivolumab", 0.226, 3.63, 0.770, 2.78, BAJAJ),
}

_UNVERIFIED = "assumed (research notes §4.4: half-life not retrieved, [memory - verify])"
MDM2_INHIBITORS = {
    # t_half, V and ka are placeholders with wide priors until checked against primary popPK papers.
    "siremadlin": OralDrug("siremadlin", 6.0, 1.0, 100.0, 16.0, 0.1, _UNVERIFIED),
    "alrizomadlin": OralDrug("alrizomadlin", 6.0, 1.0, 100.0, 24.0, 0.1, _UNVERIFIED),
    "idasanutlin": OralDrug("idasanutlin", 6.0, 0.401, 100.0, 24.0, 0.1,
                            "F = 40.1 % Pápai 2019 doi:10.1007/s00280-019-03840-x; rest " + _UNVERIFIED),
    "navtemadlin": OralDrug("navtemadlin", 6.0, 1.0, 100.0, 18.0, 0.1, _UNVERIFIED),
    "milademetan": OralDrug("milademetan", 6.0, 1.0, 100.0, 12.0, 0.1, _UNVERIFIED),
}


def pk_module(antibody: str = "pembrolizumab", mdm2i: str = "siremadlin") -> ModelSpec:
    """PK states, parameters and derived concentrations/occupancy as a model module.

    Examples
    --------
    >>> pk_module().species_ids
    ['Ab_c', 'Ab_p', 'G_m', 'A_m']
    """
    ab, dr = ANTIBODIES[antibody], MDM2_INHIBITORS[mdm2i]
    P = Parameter
    params = [
        P("CL_ab", ab.cl_l_per_day, "L/day", f"{ab.name} clearance", ab.source, prior=LogNormal(ab.cl_l_per_day, 0.38)),
        P("Vc_ab", ab.vc_l, "L", f"{ab.name} central volume", ab.source, prior=LogNormal(ab.vc_l, 0.21)),
        P("Q_ab", ab.q_l_per_day, "L/day", f"{ab.name} inter-compartmental clearance", ab.source),
        P("Vp_ab", ab.vp_l, "L", f"{ab.name} peripheral volume", ab.source),
        P("EC50_RO", 0.15, "mg/L", "anti-PD-1 concentration giving 50 % PD-1 occupancy in tumour",
          "assumed: 90 % occupancy at 1.5 µg/mL, the minimum effective concentration of PMID 34648187", status="assumed"),
        P("ka_m", dr.ka_per_day, "1/day", f"{dr.name} absorption rate", dr.source, status="assumed"),
        P("F_m", dr.bioavailability, "1", f"{dr.name} oral bioavailability", dr.source,
          status="cited" if dr.name == "idasanutlin" else "assumed"),
        P("V_m", dr.v_l, "L", f"{dr.name} volume of distribution", dr.source, status="assumed", prior=LogNormal(dr.v_l, 0.3)),
        P("ke_m", dr.ke_per_day, "1/day", f"{dr.name} elimination rate (ln2 / {dr.t_half_h:g} h)", dr.source,
          status="assumed", prior=LogNormal(dr.ke_per_day, 0.4)),
        P("IC50_m", dr.ic50_mg_per_l, "mg/L", f"{dr.name} concentration giving 50 % inhibition of MDM2-p53 binding in vivo",
          "assumed (research notes §1.6: I(C) = C/(C + IC50))", status="assumed"),
    ]
    species = [
        Species("Ab_c", 0.0, "mg", "anti-PD-1 amount, central"),
        Species("Ab_p", 0.0, "mg", "anti-PD-1 amount, peripheral"),
        Species("G_m", 0.0, "mg", "MDM2 inhibitor amount in gut (dose depot)"),
        Species("A_m", 0.0, "mg", "MDM2 inhibitor amount, central"),
    ]
    reactions = [
        Reaction("ab_elim", "CL_ab / Vc_ab * Ab_c", {"Ab_c": -1}, "linear antibody clearance", ab.source),
        Reaction("ab_distr", "Q_ab / Vc_ab * Ab_c - Q_ab / Vp_ab * Ab_p", {"Ab_c": -1, "Ab_p": 1},
                 "central-peripheral distribution", ab.source),
        Reaction("m_abs", "ka_m * G_m", {"G_m": -1}, "absorption from gut", dr.source),
        Reaction("m_abs_in", "F_m * ka_m * G_m", {"A_m": 1}, "bioavailable fraction reaching the central compartment", dr.source),
        Reaction("m_elim", "ke_m * A_m", {"A_m": -1}, "first-order elimination", dr.source),
    ]
    rules = [
        Rule("C_ab", "Ab_c / Vc_ab", "mg/L", "anti-PD-1 serum concentration", ab.source),
        Rule("RO", "C_ab / (C_ab + EC50_RO)", "1", "PD-1 receptor occupancy in tumour", "Emax occupancy, research notes §4.3"),
        Rule("C_m", "A_m / V_m", "mg/L", "MDM2 inhibitor plasma concentration", dr.source),
        Rule("I_m", "C_m / (C_m + IC50_m)", "1", "fractional MDM2 inhibition", "research notes §1.6"),
    ]
    return ModelSpec("pk", species, params, reactions, rules)


def concentration(t_day, dose_times_day, dose_mg, *, drug: Antibody | OralDrug) -> np.ndarray:
    """Analytic plasma concentration (mg/L) after bolus doses, by superposition.

    Parameters
    ----------
    t_day
        Times (days) at which to evaluate.
    dose_times_day, dose_mg
        Dose times and amounts (amounts broadcast).
    drug
        An :class:`Antibody` (two-compartment IV bolus) or :class:`OralDrug`
        (one-compartment, first-order absorption; Bateman function).

    Examples
    --------
    >>> c = concentration([21.0], [0.0], 200.0, drug=ANTIBODIES["pembrolizumab"])
    >>> round(float(c[0]), 1)
    12.7
    """
    t = np.asarray(t_day, float)[:, None]
    td = np.asarray(dose_times_day, float)[None, :]
    amt = np.broadcast_to(np.asarray(dose_mg, float), td.shape[1:])[None, :]
    dt = t - td
    on = dt >= 0
    dt = np.where(on, dt, 0.0)
    if isinstance(drug, Antibody):
        k10 = drug.cl_l_per_day / drug.vc_l
        k12 = drug.q_l_per_day / drug.vc_l
        k21 = drug.q_l_per_day / drug.vp_l
        s = k10 + k12 + k21
        root = np.sqrt(s * s - 4 * k10 * k21)
        alpha, beta = (s + root) / 2, (s - root) / 2
        A = (alpha - k21) / (alpha - beta) / drug.vc_l
        B = (k21 - beta) / (alpha - beta) / drug.vc_l
        resp = A * np.exp(-alpha * dt) + B * np.exp(-beta * dt)
    else:
        ka, ke = drug.ka_per_day, drug.ke_per_day
        resp = drug.bioavailability * ka / (drug.v_l * (ka - ke)) * (np.exp(-ke * dt) - np.exp(-ka * dt))
    return np.sum(np.where(on, amt * resp, 0.0), axis=1)
