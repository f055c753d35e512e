"""mdm2io.survival (in progress)."""
