"""quizapp: interview-prep quizzes and flashcards in the terminal.

Imports nothing on purpose: every command pays only for the modules it uses.
"""

__version__ = "0.1.0"
