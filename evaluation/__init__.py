"""Maintainer-side evaluation of the runtime against ../shared/bounce-corpus (not shipped).

``python -m evaluation SUBCOMMAND``; each area adds its module and one line in __main__.py.
"""
