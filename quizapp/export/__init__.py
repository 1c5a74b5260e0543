"""Export packs to other tools: Anki packages (`anki.py`), built from card HTML (`html.py`)."""
