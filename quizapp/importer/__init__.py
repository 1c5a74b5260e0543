"""Importers: turn another tool's files into quizapp packs (and, if asked, their history)."""
