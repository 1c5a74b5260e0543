"""Home, study, summary and help screens."""
