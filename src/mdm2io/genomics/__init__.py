"""mdm2io.genomics (in progress)."""
