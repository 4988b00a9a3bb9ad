"""Scores of the bounce reader on labelled real bounces: ``python -m evaluation``.

Maintainer-side, never shipped. Each module scores one area against the corpus that
``corpus.py`` reads; ``__main__`` names them.
"""
