"""Rendering for the CLI: plain tables for people, JSON and CSV for pipes, and progress bars."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence
from typing import Any

import click
from tqdm import tqdm


def truncate(value: Any, width: int) -> str:
    """One-line text no wider than ``width`` (ellipsis when cut)."""
    text = "" if value is None else " ".join(str(value).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(rows: Sequence[Sequence[Any]], headers: Sequence[str], widths: Sequence[int]) -> str:
    """A fixed-width text table; each column cut to its width."""
    cols = [
        max([len(h)] + [len(truncate(r[i], widths[i])) for r in rows])
        for i, h in enumerate(headers)
    ]
    lines = ["  ".join(h.ljust(cols[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * c for c in cols))
    for r in rows:
        lines.append(
            "  ".join(
                truncate(r[i], widths[i]).ljust(cols[i]) for i in range(len(headers))
            ).rstrip()
        )
    return "\n".join(lines)


def emit_json(data: Any) -> None:
    """Pretty JSON on standard output."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def emit_csv(rows: Sequence[dict[str, Any]], fields: Sequence[str]) -> None:
    """CSV with a header row on standard output."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(fields), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    click.echo(buf.getvalue(), nl=False)


class BarProgress:
    """A byte-based tqdm bar with article count, rate and ETA; silent when not on a terminal."""

    def __init__(self, *, enabled: bool, desc: str = "ingest") -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bar: tqdm[Any] | None = None
        self._desc = desc
        self._articles = 0

    def set_total(self, nbytes: int) -> None:
        """Start the bar once the total input size is known."""
        if self.enabled:
            self._bar = tqdm(
                total=nbytes or None,
                unit="B",
                unit_scale=True,
                desc=self._desc,
                file=sys.stderr,
                dynamic_ncols=True,
                mininterval=0.2,
            )

    def advance(self, nbytes: int, articles: int) -> None:
        """Move the bar by bytes read and count articles."""
        if self._bar is None:
            return
        self._articles += articles
        self._bar.update(nbytes)
        if articles and self._articles % 200 == 0:
            self._bar.set_postfix(articles=self._articles, refresh=False)

    def close(self) -> None:
        """Finish the bar."""
        if self._bar is not None:
            self._bar.set_postfix(articles=self._articles)
            self._bar.close()


def count_bar(*, total: int | None, desc: str, unit: str, enabled: bool) -> tqdm[Any]:
    """A tqdm bar counting items towards ``total`` (percent, rate and ETA shown when the total
    is known), on standard error; disabled when not ``enabled`` or not on a terminal."""
    return tqdm(
        total=total,
        desc=desc,
        unit=f" {unit}",
        disable=not (enabled and sys.stderr.isatty()),
        file=sys.stderr,
        dynamic_ncols=True,
        mininterval=0.2,
    )
