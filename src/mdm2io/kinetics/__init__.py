"""mdm2io.kinetics (in progress)."""
