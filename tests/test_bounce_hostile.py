"""Hostile shapes are read without error, to a Bounce, at the benchmark's small size (20 KB):
correctness needs no more. Their cost per byte, which must not grow with size, is a row of
python -m benchmarks per shape (at 20 KB and 200 KB; never timed in a test)."""

from __future__ import annotations

import pytest

from smtp_status.bounce import Bounce, read_bounce, read_bounces

from .hostile_bounces import hostile_cases

CASES = hostile_cases(20_000)  # correctness only: the cost is a benchmark row


@pytest.mark.parametrize("data", CASES.values(), ids=CASES.keys())
def test_hostile_shapes_are_read(data: bytes) -> None:
    bounce = read_bounce(data)
    assert isinstance(bounce, Bounce)
    assert all(isinstance(item, Bounce) for item in read_bounces(data))
    assert all(recipient.address for recipient in bounce.recipients)
