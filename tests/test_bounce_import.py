"""The bounce reader loads lazily: ``import smtp_status`` and even ``smtp_status.bounce``
import no ``email`` module until a message needs it."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# The lines the package's generated __init__ gets (name -> submodule), as the report gives.
LAZY = {
    "Bounce": "bounce", "BouncedRecipient": "bounce", "read_bounce": "bounce",
    "read_bounces": "bounce", "DeliveryStatus": "dsn", "RecipientStatus": "dsn",
    "DSNWarning": "dsn", "TypedValue": "dsn", "InvalidDSN": "dsn", "parse_dsn": "dsn",
}


def fresh(code: str, tmp_path: Path) -> list[str]:
    env = {name: value for name, value in os.environ.items()
           if name not in ("PYTHONPATH", "PYTHONSTARTUP", "PYTHONHOME")}
    env["PYTHONPATH"] = str(REPO / "generated" / "python")
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=tmp_path,
                            env=env, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr) == (0, "")
    loaded: list[str] = json.loads(result.stdout)
    return loaded


PROGRAM = """\
    import json, sys
    {imports}
    print(json.dumps(sorted(name for name in sys.modules
                            if name == "email" or name.startswith("email."))))
"""


def test_import_smtp_status_loads_no_email(tmp_path: Path) -> None:
    assert fresh(PROGRAM.format(imports="import smtp_status"), tmp_path) == []


def test_reading_plain_bytes_loads_no_email(tmp_path: Path) -> None:
    imports = ("import smtp_status.bounce, smtp_status.dsn, smtp_status.bounce.command\n"
               "    smtp_status.bounce.read_bounce(b'From: a@x.example\\n\\nhi')")
    assert fresh(PROGRAM.format(imports=imports), tmp_path) == []


def test_the_lazy_names_exist_where_the_table_says() -> None:
    for name, module in LAZY.items():
        assert name in importlib.import_module(f"smtp_status.{module}").__all__


def test_module_examples_run() -> None:
    import doctest

    for name in ("bounce", "dsn"):
        module = importlib.import_module(f"smtp_status.{name}")
        assert doctest.testmod(module).attempted == 2
        assert doctest.testmod(module).failed == 0
