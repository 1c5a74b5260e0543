"""TCP: the RFC 9293 state machine (`states.py`) and the ladder replay that checks diagrams."""
