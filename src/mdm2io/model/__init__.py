"""mdm2io.model (in progress)."""
