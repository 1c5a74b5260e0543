"""`quizapp serve`: the Textual app in a web browser, through textual-serve (loaded lazily)."""
