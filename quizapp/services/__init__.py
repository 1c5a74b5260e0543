"""Use cases the UI and CLI call: study sessions and the pack catalog. Never imports textual."""
