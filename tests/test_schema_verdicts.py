"""Documents known to pass their schema skip jsonschema: the cache is filled by generate,
only read by --check, keyed by everything the verdict depends on, and never fails a run."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generators.declarations import REGISTRIES, find
from generators.load import Loaded, load_yaml
from generators.paths import REGISTRY_DIR, REPO_ROOT
from generators.validate import SCHEMA_VERDICTS, SchemaVerdicts, validate

CODES = find(REGISTRIES, "codes")


def registry() -> Loaded:
    return load_yaml(REGISTRY_DIR / CODES.file, CODES.file)


def test_the_cache_is_beside_the_compiled_templates() -> None:
    assert SCHEMA_VERDICTS == REPO_ROOT / ".cache" / "schema-verdicts"


def test_generate_fills_it_and_check_only_reads_it(tmp_path: Path) -> None:
    folder = tmp_path / "verdicts"
    assert validate(registry(), CODES, SchemaVerdicts(folder, writable=False)) == []
    assert not folder.exists()  # --check wrote nothing, not even the folder
    assert validate(registry(), CODES, SchemaVerdicts(folder, writable=True)) == []
    [written] = folder.iterdir()
    assert len(written.name) == 64 and written.read_bytes() == b""
    assert validate(registry(), CODES, SchemaVerdicts(folder, writable=False)) == []
    assert list(folder.iterdir()) == [written]


def test_a_changed_document_or_schema_is_validated_again(tmp_path: Path) -> None:
    folder = tmp_path / "verdicts"
    verdicts = SchemaVerdicts(folder, writable=True)
    loaded = registry()
    assert validate(loaded, CODES, verdicts) == []
    broken = copy.deepcopy(loaded)
    broken.data["codes"][2]["iana"]["unknown_field"] = 1
    [problem] = validate(broken, CODES, verdicts)
    assert problem.message == "unknown field 'unknown_field' (schema: additionalProperties)"
    schema = tmp_path / "schema.json"
    schema.write_text('{"type": "object", "required": ["nothing-has-this"]}', "utf-8")
    key = verdicts.key(loaded, CODES.schema)
    assert key is not None and verdicts.key(loaded, schema) not in (None, key)
    assert len(list(folder.iterdir())) == 1  # only the valid document was remembered


def test_an_unusable_cache_never_fails_a_run(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", "utf-8")
    assert validate(registry(), CODES, SchemaVerdicts(blocked, writable=True)) == []
    assert validate(registry(), CODES, SchemaVerdicts(blocked / "below", writable=True)) == []
    assert blocked.read_text("utf-8") == "a file where the folder should be"


@pytest.mark.skipif(sys.platform == "win32", reason="the check runs a shell-free subprocess")
def test_a_check_of_known_valid_documents_never_imports_jsonschema() -> None:
    # The cache is filled as generate fills it (render with fill_cache, writing no output
    # file), then --check runs in a fresh interpreter.
    from generators.__main__ import build_parser, sources
    from generators.generate import render

    render(sources(build_parser().parse_args(["generate"]), REGISTRIES), REGISTRIES,
           fill_cache=True)
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    program = textwrap.dedent("""\
        import sys
        from generators.__main__ import main
        code = main(["generate", "--check"])
        print(code, "jsonschema" in sys.modules)
    """)
    result = subprocess.run([sys.executable, "-c", program], cwd=REPO_ROOT, env=environment,
                            capture_output=True, text=True, check=False)
    assert result.stdout.splitlines()[-1] == "0 False", result.stdout + result.stderr
