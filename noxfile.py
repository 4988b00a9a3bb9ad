"""The test suite on every supported Python: ``nox`` (all present), ``nox -s tests-3.12``.

Each session installs the package from this checkout as a user would (not editable), so
the runtime tests import the installed package, never the source tree.
"""

from __future__ import annotations

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["tests"]
nox.options.error_on_missing_interpreters = False


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    session.install("--upgrade", "pip")  # pip 25.1+ reads PEP 735 dependency groups
    session.install(".", "--group", "test")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", *session.posargs)
