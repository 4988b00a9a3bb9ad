"""Facts about the registry file's layout that several modules need."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REGISTRY_PATH = REPO_ROOT / "registry" / "smtp-enhanced-status-codes.yaml"
GENERATED_PATH = REPO_ROOT / "generated"
SCHEMA_PATH = REPO_ROOT / "schema" / "registry.schema.json"
REPLIES_PATH = REPO_ROOT / "registry" / "smtp-reply-codes.yaml"
REPLIES_SCHEMA_PATH = REPO_ROOT / "schema" / "reply-codes.schema.json"
TABLE_KEYS = ("classes", "subjects", "codes")

HEADER = """\
The IANA "SMTP Enhanced Status Codes" registry (RFC 3463, RFC 5248): the one canonical
table this project generates everything from. See registry/README.md for every field.

Under each record, `iana:` mirrors IANA's record field by field (whitespace folded,
inline xrefs written [RFC6376]); everything beside it is ours. Refresh IANA's parts with
`python -m generators sync-iana FILE.xml --write`; edit our parts by hand; then run
`python -m generators generate`.
"""


def code_sort_key(code: str) -> tuple[int, ...]:
    """Numeric order for IANA codes: 2.XXX.YYY < 4.XXX.YYY, X.1.2 < X.1.10."""
    return tuple(int(part) if part.isdigit() else -1 for part in code.split("."))
