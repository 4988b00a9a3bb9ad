"""The compiled-template cache lives in the project, is filled by generate, only read by
--check, and never fails a run."""

from __future__ import annotations

from pathlib import Path

import jinja2

from generators.paths import REPO_ROOT
from generators.render import TEMPLATE_CACHE, _ProjectCache


def environment(templates: Path, cache: Path, writable: bool) -> jinja2.Environment:
    (templates / "t.j2").write_text("{% for x in items %}{{ x }};{% endfor %}", "utf-8")
    return jinja2.Environment(loader=jinja2.FileSystemLoader(templates),
                              bytecode_cache=_ProjectCache(cache, writable=writable))


def render(templates: Path, cache: Path, writable: bool) -> str:
    return environment(templates, cache, writable).get_template("t.j2").render(items=[1, 2])


def test_the_cache_is_in_the_project_and_git_ignored() -> None:
    assert TEMPLATE_CACHE == REPO_ROOT / ".cache" / "jinja2"
    assert ".cache/" in (REPO_ROOT / ".gitignore").read_text("utf-8").splitlines()


def test_generate_fills_it_and_check_only_reads_it(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert render(tmp_path, cache, writable=False) == "1;2;"
    assert not cache.exists()  # --check wrote nothing, not even the folder
    assert render(tmp_path, cache, writable=True) == "1;2;"
    [written] = cache.iterdir()
    assert written.suffix == ".cache" and written.stat().st_size > 0
    before = written.read_bytes()
    assert render(tmp_path, cache, writable=False) == "1;2;"
    assert list(cache.iterdir()) == [written] and written.read_bytes() == before


def test_a_corrupt_or_unwritable_cache_never_fails_a_run(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    render(tmp_path, cache, writable=True)
    [written] = cache.iterdir()
    written.write_bytes(b"not bytecode at all")
    assert render(tmp_path, cache, writable=False) == "1;2;"
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be", "utf-8")
    assert render(tmp_path, blocked, writable=True) == "1;2;"
    assert render(tmp_path, blocked / "below", writable=True) == "1;2;"
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []
