"""Protocol knowledge for ladder diagrams, one folder per protocol (`tcp/`).

The diagram engine (packs validation, grading, the ladder widget) is generic; what a protocol's
states are and which ladders are legal lives here, selected by a diagram's `protocol:` key.
"""
