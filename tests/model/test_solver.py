"""Integrator options: the Rosenbrock 4(3) method and the structural Jacobian sparsity.

Reference: the explicit Dormand–Prince integrator at a tight tolerance (itself checked against
libRoadRunner in test_sbml_validation.py / test_sbml_export.py).
"""

import numpy as np

from mdm2io.model.default import compiled_model
from mdm2io.model.population import sample_population
from mdm2io.model.solver import Doses, integrate


def test_structural_sparsity_covers_numeric_jacobian():
    cm = compiled_model()
    pop = sample_population(cm, 4, seed=5)
    y = pop.state0.copy()
    y[cm.index["G_m"]] = 50.0
    y[cm.index["A_m"]] = 20.0
    y[cm.index["Ab_c"]] = 200.0
    f0 = cm.rhs(0.0, y, pop.params)
    n = y.shape[0]
    for j in range(n):
        yy = y.copy()
        yy[j] += 1e-6 * max(1.0, float(np.abs(y[j]).max()))
        df = np.abs(cm.rhs(0.0, yy, pop.params) - f0).max(axis=1)
        outside = (df > 0) & ~cm.jac_sparsity[:, j]
        assert not outside.any(), (cm.species[j], [cm.species[i] for i in np.flatnonzero(outside)])


def test_rosenbrock_matches_dp5_under_dosing():
    cm = compiled_model()
    pop = sample_population(cm, 4, seed=5)
    times = np.array([[0.0, 1.0, 7.0, 8.0, 14.0]] * 4)
    state = np.array([[cm.index["Ab_c"], cm.index["G_m"], cm.index["G_m"], cm.index["G_m"], cm.index["Ab_c"]]] * 4)
    doses = Doses(times, state, np.array([[200.0, 120.0, 120.0, 120.0, 200.0]] * 4))
    t = np.arange(0.0, 21.0, 0.5)
    ref = integrate(cm, pop.state0, pop.params, t, doses=doses, rtol=1e-9, atol=1e-12)
    ros = integrate(cm, pop.state0, pop.params, t, doses=doses, rtol=1e-6, atol=1e-9, method="rosenbrock4")
    for sid in ("p53", "T", "E", "R", "Plt", "A_m"):
        scale = np.abs(ref[sid]).max(axis=0) + 1e-12
        assert np.max(np.abs(ros[sid] - ref[sid]) / scale) < 1e-4, sid
