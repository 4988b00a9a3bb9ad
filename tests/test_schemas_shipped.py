"""The output schemas as users get them: inside the installed package (importlib.resources,
``smtp-status schema NAME``) and the npm package, the same bytes as schema/; and the
summary record they describe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from generators.shipped_schemas import SHIPPED
from smtp_status.schemas import UnknownSchema, schema_names, schema_text

from .conftest import REPO

FIXTURES = Path(__file__).parent / "fixtures" / "bounces"
NPM = REPO / "generated" / "npm"


def command(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONPATH"}
    return subprocess.run([sys.executable, "-m", "smtp_status", *arguments], cwd=cwd,
                          capture_output=True, text=True, env=environment, check=False)


def test_the_package_ships_every_output_schema() -> None:
    assert schema_names() == sorted(SHIPPED)
    for name in SHIPPED:
        text = schema_text(name)
        assert text == (REPO / "schema" / f"{name}.schema.json").read_text("utf-8")
        jsonschema.Draft202012Validator.check_schema(json.loads(text))
    with pytest.raises(UnknownSchema, match=r"^no schema 'nope'; the schemas: bounce, "):
        schema_text("nope")


def test_schema_command(tmp_path: Path) -> None:
    result = command("schema", "bounce", cwd=tmp_path)  # anywhere: from the package
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (REPO / "schema" / "bounce.schema.json").read_text("utf-8")
    listing = command("schema")
    assert (listing.returncode, listing.stdout) == (0, "".join(f"{n}\n" for n in sorted(SHIPPED)))
    missing = command("schema", "bounces")
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == ("smtp-status schema: no schema 'bounces'; the schemas: "
                              f"{', '.join(sorted(SHIPPED))}\n")


def test_the_npm_package_ships_them_too() -> None:
    package = json.loads((NPM / "package.json").read_text("utf-8"))
    assert package["exports"]["./schemas/*.schema.json"] == "./schemas/*.schema.json"
    for name in SHIPPED:
        assert f"schemas/{name}.schema.json" in package["files"]
        assert (NPM / "schemas" / f"{name}.schema.json").read_bytes() == (
            REPO / "schema" / f"{name}.schema.json").read_bytes()


def test_help_is_plain_text() -> None:
    for arguments in (("--help",), ("bounce", "--help"), ("explain", "--help"),
                      ("schema", "--help")):
        result = command(*arguments)
        assert result.returncode == 0
        for markup in ("``", ":func:", ":class:", "schema/"):
            assert markup not in result.stdout, (arguments, markup)
    assert "smtp-status schema bounce" in command("bounce", "--help").stdout


def test_summary_json(tmp_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_text("bounce-summary")))
    target = tmp_path / "summary.json"
    mbox = str(FIXTURES / "three.mbox")
    result = command("bounce", "--json", "--summary-json", str(target), mbox,
                     str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr == (f"smtp-status bounce: cannot read {tmp_path / 'missing'}: "
                             "No such file or directory\n")  # and no text summary
    record = json.loads(target.read_text("utf-8"))
    assert record == {"messages": 3, "bounces": 2, "recipients": 3, "unreadable": 1,
                      "by_kind": {"failure": 2, "delay": 0, "success": 0, "feedback": 0,
                                  "auto-reply": 0, "challenge": 0, "not-a-bounce": 1},
                      "by_class": {"2.X.X": 0, "4.X.X": 0, "5.X.X": 3, "none": 0},
                      "retry": {"no": 3, "yes": 0, "wait": 0, "done": 0, "unknown": 0}}
    assert list(validator.iter_errors(record)) == []
    assert target.read_text("utf-8") == json.dumps(record, indent=2) + "\n"
    last = command("bounce", "--json", "--summary-json", "-", mbox).stdout.splitlines()
    assert json.loads(last[-1]) == {**record, "unreadable": 0}
    assert len(last) == 5  # three recipient records, a message's own, the summary record
    unwritable = command("bounce", "--summary-json", str(tmp_path), mbox)
    assert unwritable.returncode == 2
    assert unwritable.stderr == f"smtp-status bounce: cannot write {tmp_path}: Is a directory\n"
