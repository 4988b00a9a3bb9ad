"""The quickest end-to-end check: the committed artifacts are in sync with the registries."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def test_generate_check_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generators", "generate", "--check"],
        cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == (
        "generated/ and src/smtp_status/_generated/ are in sync with "
        "registry/smtp-enhanced-status-codes.yaml and registry/smtp-reply-codes.yaml and "
        "registry/vendor-codes.yaml and registry/bounce-reasons.yaml and "
        "registry/bounce-formats.yaml\n")
