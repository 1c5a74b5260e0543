"""The Textual study app: the only package that imports textual."""
