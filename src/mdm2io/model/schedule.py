"""A small dosing-schedule language, as written in protocols.

Grammar (tokens separated by spaces, case-insensitive)::

    REGIMEN  := DRUG DOSE "mg" [FREQ] [DAYS] [CYCLE] [xN] [hold<PLT]
    FREQ     := qd | daily | bid | qod | qw | q<N>w | q<N>d        (dosing interval)
    DAYS     := d<a>[-<b>][,d<c>[-<e>]...]                         (days on within a cycle, 1-based)
    CYCLE    := q<N>d | q<N>w                                       (cycle length, after DAYS)
    xN       := number of cycles (or of doses without DAYS); default: until the horizon
    hold<PLT := hold a dose when platelets < PLT ×10⁹/L at its time, e.g. hold<75
    ARM      := REGIMEN [+ REGIMEN ...]

Examples: ``pembrolizumab 200 mg q3w``, ``siremadlin 120 mg d1,d8 q28d``,
``alrizomadlin 150 mg qod d1-14 q21d``, ``idasanutlin 300 mg bid d1-5 q28d``,
``milademetan 260 mg qd d1-3,d15-17 q28d hold<75``.

Schedules used in trials: siremadlin 1B (d1,d8 q4w) and 120 mg RDE (Abdul Razak et al.
2022, Clin Cancer Res 28:1087, doi:10.1158/1078-0432.CCR-21-1295); alrizomadlin 150 mg QOD
2 weeks on / 1 off with pembrolizumab (NCT03611868); pembrolizumab 200 mg Q3W (Freshwater et
al. 2017, JITC 5:43, doi:10.1186/s40425-017-0242-5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from ..errors import InputError
from .pk import ANTIBODIES, MDM2_INHIBITORS

__all__ = ["Regimen", "parse_regimen", "parse_arm"]

_GRAMMAR = "DRUG DOSE mg [qd|bid|qod|qw|q<N>w|q<N>d] [d<a>-<b>,d<c>] [q<N>d cycle] [x<N>] [hold<PLT>]"
_EXAMPLE = "e.g. 'siremadlin 120 mg d1,d8 q28d' or 'pembrolizumab 200 mg q3w'"


@dataclass(frozen=True)
class Regimen:
    """One drug's dosing: dose, cycle length and dosing times (days) within a cycle.

    Examples
    --------
    >>> r = parse_regimen("alrizomadlin 150 mg qod d1-14 q21d")
    >>> r.cycle_days, r.offsets_days
    (21.0, (0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0))
    """

    drug: str
    dose_mg: float
    cycle_days: float
    offsets_days: tuple
    n_cycles: int | None = None
    hold_platelets_below: float | None = None
    text: str = ""
    drug_class: str = field(default="")

    def dose_times(self, horizon_days: float) -> np.ndarray:
        """Dose times (day 0 = first dose) before ``horizon_days``.

        Examples
        --------
        >>> parse_regimen("siremadlin 120 mg d1,d8 q28d").dose_times(56).tolist()
        [0.0, 7.0, 28.0, 35.0]
        """
        n_cyc = int(np.ceil(horizon_days / self.cycle_days)) + 1
        if self.n_cycles is not None:
            n_cyc = min(n_cyc, self.n_cycles)
        t = (np.arange(n_cyc)[:, None] * self.cycle_days + np.asarray(self.offsets_days)[None, :]).ravel()
        return t[t < horizon_days]

    @property
    def dose_intensity_mg_per_day(self) -> float:
        """Planned mg per day averaged over a cycle.

        Examples
        --------
        >>> parse_regimen("siremadlin 120 mg d1,d8 q28d").dose_intensity_mg_per_day
        8.571428571428571
        """
        return self.dose_mg * len(self.offsets_days) / self.cycle_days


def _err(text, tok, msg, fix=None):
    col = text.lower().find(tok.lower()) + 1 if tok else None
    return InputError(f"dosing schedule {text!r}: {msg}", column=f"character {col}" if col else None,
                      expected=_GRAMMAR, fix=fix or _EXAMPLE)


def _interval(tok: str) -> float | None:
    tok = tok.lower()
    fixed = {"qd": 1.0, "daily": 1.0, "bid": 0.5, "qod": 2.0, "qw": 7.0}
    if tok in fixed:
        return fixed[tok]
    m = re.fullmatch(r"q(\d+(?:\.\d+)?)([dw])", tok)
    if m:
        return float(m.group(1)) * (7.0 if m.group(2) == "w" else 1.0)
    return None


def parse_regimen(text: str) -> Regimen:
    """Parse one regimen, e.g. ``"siremadlin 120 mg d1,d8 q28d"``.

    Raises
    ------
    InputError
        Naming the offending token, the grammar and an example.

    Examples
    --------
    >>> parse_regimen("pembrolizumab 200 mg q3w").dose_times(64).tolist()
    [0.0, 21.0, 42.0, 63.0]
    >>> parse_regimen("idasanutlin 300 mg bid d1-2 q28d").offsets_days
    (0.0, 0.5, 1.0, 1.5)
    """
    raw = " ".join(text.split())
    toks = re.sub(r"(\d)(mg)\b", r"\1 \2", raw, flags=re.I).split(" ")
    if len(toks) < 3:
        raise _err(raw, raw, "too short")
    drug = toks[0].lower()
    known = sorted(ANTIBODIES) + sorted(MDM2_INHIBITORS)
    if drug not in known:
        import difflib
        close = difflib.get_close_matches(drug, known, n=1)
        raise _err(raw, toks[0], f"unknown drug {toks[0]!r}",
                   fix=f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(known)}")
    try:
        dose = float(toks[1])
    except ValueError:
        raise _err(raw, toks[1], f"dose {toks[1]!r} is not a number") from None
    if dose <= 0:
        raise _err(raw, toks[1], "dose must be positive")
    if toks[2].lower() != "mg":
        raise _err(raw, toks[2], f"dose unit {toks[2]!r} is not supported (flat doses in mg only)",
                   fix="write the flat dose in mg, e.g. '200 mg'")
    freq = days = cycle = None
    n = hold = None
    for tok in toks[3:]:
        low = tok.lower()
        if re.fullmatch(r"d\d+(-\d+)?(,d?\d+(-\d+)?)*", low):
            if days is not None:
                raise _err(raw, tok, "days-on given twice")
            days = []
            for part in low.split(","):
                a, _, b = part.lstrip("d").partition("-")
                lo, hi = int(a), int(b or a)
                if lo < 1 or hi < lo:
                    raise _err(raw, tok, f"bad day range {part!r} (days are 1-based, start <= end)")
                days.append((lo, hi))
        elif _interval(low) is not None:
            if days is None and freq is None:
                freq = _interval(low)
            elif days is not None and cycle is None:
                cycle = _interval(low)
            elif freq is not None and days is None and cycle is None:
                raise _err(raw, tok, "two dosing intervals without days-on")
            else:
                raise _err(raw, tok, f"unexpected interval {tok!r}")
        elif re.fullmatch(r"x\d+", low):
            n = int(low[1:])
        elif re.fullmatch(r"hold<\d+(\.\d+)?", low):
            hold = float(low.split("<")[1])
        else:
            raise _err(raw, tok, f"unexpected token {tok!r}")
    drug_class = "PD-1" if drug in ANTIBODIES else "MDM2i"
    if days is None:
        if freq is None:
            raise _err(raw, raw, "no dosing interval", fix="add an interval such as q3w, qd or qod")
        return Regimen(drug, dose, freq, (0.0,), n, hold, raw, drug_class)
    if cycle is None:
        raise _err(raw, raw, "days-on given without a cycle length", fix="add the cycle length, e.g. q28d")
    step = freq if freq is not None else 1.0
    offs: list[float] = []
    for lo, hi in days:
        if lo == hi and freq is None:
            offs.append(lo - 1.0)
        else:
            offs.extend(np.arange(lo - 1.0, hi, step).tolist())
    offs = sorted(set(round(o, 9) for o in offs))
    if offs[-1] >= cycle:
        raise _err(raw, raw, f"dosing day {offs[-1] + 1:g} falls outside the {cycle:g}-day cycle")
    return Regimen(drug, dose, cycle, tuple(float(o) for o in offs), n, hold, raw, drug_class)


def parse_arm(text: str) -> list[Regimen]:
    """Parse a combination arm: regimens joined by ``+``.

    Examples
    --------
    >>> [r.drug for r in parse_arm("pembrolizumab 200 mg q3w + siremadlin 120 mg d1,d8 q28d")]
    ['pembrolizumab', 'siremadlin']
    """
    parts = [p.strip() for p in text.split("+") if p.strip()]
    if not parts:
        raise InputError(f"empty arm {text!r}", expected="REGIMEN [+ REGIMEN]", fix=_EXAMPLE)
    regs = [parse_regimen(p) for p in parts]
    kinds = [r.drug_class for r in regs]
    if kinds.count("PD-1") > 1 or kinds.count("MDM2i") > 1:
        raise InputError(f"arm {text!r} has two drugs of the same class", expected="at most one anti-PD-1 and one MDM2 inhibitor",
                         fix="keep one anti-PD-1 and/or one MDM2 inhibitor per arm")
    return regs
