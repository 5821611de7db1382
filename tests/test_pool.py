"""The `--workers` pool: each item once, input pulled lazily, task errors raised in the parent."""

from __future__ import annotations

import math
import operator
import time
from collections.abc import Iterator
from typing import Any

import pytest

from newsevents._pool import unordered_map


def test_every_item_is_mapped_once_and_input_is_pulled_lazily() -> None:
    pulled = 0
    pulled_at_first_result: list[int] = []

    def numbers() -> Iterator[int]:
        nonlocal pulled
        for i in range(40):
            pulled += 1
            yield i

    results = {}
    for item, result in unordered_map(
        operator.neg, numbers(), workers=2, initializer=time.sleep, initargs=(0,)
    ):
        if not pulled_at_first_result:
            pulled_at_first_result.append(pulled)
        assert item not in results
        results[item] = result
    assert results == {i: -i for i in range(40)}
    # two workers, two tasks each in flight: the 40 items were not all read up front
    assert pulled_at_first_result[0] <= 4


def test_a_failing_task_raises_in_the_parent() -> None:
    with pytest.raises(ValueError, match="math domain error"):
        list(
            unordered_map(math.sqrt, [4.0, -1.0], workers=2, initializer=time.sleep, initargs=(0,))
        )


def test_a_failing_task_raises_without_waiting_for_the_tasks_in_flight() -> None:
    # one worker sleeps on its task while the other's fails at once: the error comes back
    # without waiting for the sleeper (the pool is shut down without joining it; an interrupted
    # run, whose workers Ctrl-C has killed, returns the same way)
    sleep_then_fail: list[Any] = [8.0, "x"]
    started = time.monotonic()
    with pytest.raises(TypeError):
        list(
            unordered_map(
                time.sleep, sleep_then_fail, workers=2, initializer=time.sleep, initargs=(0,)
            )
        )
    assert time.monotonic() - started < 6.0
