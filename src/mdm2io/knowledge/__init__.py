"""mdm2io.knowledge (in progress)."""
