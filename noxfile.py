"""The test suite on every supported Python: ``nox`` (all present), ``nox -s tests-3.12``.

``tests`` is the Python-dependent suite, once per interpreter; ``consumers`` runs the tests
whose outcome does not depend on the Python running them (gcc/g++, node, tsc, pyright, mypy
on a user's script, the Markdown renderer: marked ``consumers``) once, on the newest Python.
Each session installs the package from this checkout as a user would (not editable), so the
runtime tests import the installed package, never the source tree. Sessions are made and
filled by uv (the dev group installs it; seconds each, where pip took half a minute),
or by venv and pip where uv is absent.
"""

from __future__ import annotations

import nox

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

# uv where it is installed (the dev group has it), else the standard library's venv and pip.
nox.options.default_venv_backend = "uv|venv"
nox.options.sessions = ["tests", "consumers"]
nox.options.error_on_missing_interpreters = False
# The interpreters on the machine only: uv would otherwise download a missing one.
nox.options.download_python = "never"


def _pytest(session: nox.Session, marker: str) -> None:
    # uv rebuilds a directory named on the command line every time, so the session tests
    # this checkout as it is now, not a wheel cached from an earlier state of it.
    if session.venv_backend == "uv":
        # Bytecode compiled at install, as pip does: uv compiles only when asked, and an
        # interpreter that may not write bytecode (PYTHONDONTWRITEBYTECODE) would otherwise
        # compile every module it imports, in each worker and each test's subprocess.
        session.install(".", "--group", "test", "--compile-bytecode")
    else:
        session.install("--upgrade", "pip")  # pip 25.1+ reads PEP 735 dependency groups
        session.install(".", "--group", "test")
    session.run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "auto",
                "-m", marker, *session.posargs)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    _pytest(session, "not consumers")


@nox.session(python=PYTHONS[-1])
def consumers(session: nox.Session) -> None:
    _pytest(session, "consumers")
