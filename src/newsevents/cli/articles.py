"""`newsevents articles list | show | search`."""

from __future__ import annotations

import sys

import click

from ..models import Article
from ..store.sqlite import BadQuery
from .output import emit_csv, emit_json, table, truncate

LIST_FIELDS = ["id", "revision", "published", "source", "language", "title", "url"]


def _row(a: Article) -> dict[str, object]:
    return {k: getattr(a, k) for k in LIST_FIELDS}


@click.group()
def articles() -> None:
    """List, show and search stored articles."""


@articles.command("list")
@click.option("--limit", type=click.IntRange(1, 10000), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0)
@click.option("--source", help="Only this outlet.")
@click.option("--language", help="Only this language (ISO 639-1, e.g. en).")
@click.option("--since", metavar="DATE", help="Published on or after (ISO date).")
@click.option("--until", metavar="DATE", help="Published before (ISO date).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print as CSV.")
@click.pass_context
def list_articles(
    ctx: click.Context,
    limit: int,
    offset: int,
    source: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """List articles, newest first."""
    found = ctx.obj.store().list_articles(
        limit=limit, offset=offset, source=source, language=language, since=since, until=until
    )
    rows = [_row(a) for a in found]
    if as_json:
        emit_json(rows)
    elif as_csv:
        emit_csv(rows, LIST_FIELDS)
    else:
        click.echo(
            table(
                [[a.id, (a.published or "")[:10], a.source, a.language, a.title] for a in found],
                ["id", "published", "source", "lang", "title"],
                [21, 10, 24, 4, 70],
            )
        )


@articles.command("show")
@click.argument("article_id")
@click.option("--revision", type=click.IntRange(min=1), help="A given revision (default: current).")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_context
def show(ctx: click.Context, article_id: str, revision: int | None, as_json: bool) -> None:
    """Show one article in full."""
    store = ctx.obj.store()
    article = store.get(article_id, revision=revision)
    if article is None:
        click.echo(f"error: no article with id '{article_id}'", err=True)
        ctx.exit(1)
        return
    if as_json:
        data = article.to_dict()
        data["revisions"] = [r.revision for r in store.revisions(article_id)]
        emit_json(data)
        return
    click.echo(click.style(article.title or "(untitled)", bold=True))
    meta = [
        f"id: {article.id} (revision {article.revision})",
        f"published: {article.published or '-'}",
        f"source: {article.source or '-'}",
        f"url: {article.url or '-'}",
        f"language: {article.language or '-'}",
        f"ingested: {article.ingested_at} from {article.origin}",
    ]
    click.echo("\n".join(meta) + "\n")
    click.echo(article.text)


@articles.command("search")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many best hits.")
@click.option(
    "--page",
    type=click.IntRange(min=1),
    default=None,
    help="Page N of --limit hits (sets --offset to (N-1) x limit).",
)
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print as CSV.")
@click.pass_context
def search(
    ctx: click.Context,
    query: str,
    limit: int,
    offset: int,
    page: int | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Full-text search (SQLite FTS5: words, "phrases", OR, NOT, prefix*), best first, a page
    at a time; the total is printed on standard error. A query that tries FTS5 syntax and gets
    it wrong (an unpaired quote) is an error (E030), not "no articles"."""
    if len(query) > 1000:
        raise click.BadParameter("query longer than 1000 characters", param_hint="QUERY")
    if page is not None:
        offset = (page - 1) * limit
    tty = sys.stdout.isatty() and not (as_json or as_csv)
    mark = ("\x1b[1m", "\x1b[0m") if tty else ("**", "**")
    store = ctx.obj.store()
    try:
        total = store.search_count(query, strict=True)
        hits = store.search(query, limit=limit, offset=offset, mark=mark, strict=True)
    except BadQuery as exc:
        raise click.BadParameter(f"[{exc.code.name}] {exc.message}", param_hint="QUERY") from None
    rows = [{**_row(h.article), "snippet": h.snippet, "score": round(-h.rank, 3)} for h in hits]
    if as_json:
        emit_json(rows)
    elif as_csv:
        emit_csv(rows, [*LIST_FIELDS, "snippet", "score"])
    else:
        if not hits:
            click.echo(f"No articles match {query!r}." if not total else "No more articles.")
        for h in hits:
            a = h.article
            click.echo(
                click.style(truncate(a.title or "(untitled)", 90), bold=True)
                + f"  [{a.id}, {(a.published or '')[:10]}, {a.source or '-'}]"
            )
            click.echo("  " + " ".join(h.snippet.split()) + "\n")
    shown = f"{offset + 1}-{offset + len(hits)}" if hits else "none"
    more = offset + len(hits) < total
    nxt = f" (next: --page {offset // limit + 2})" if more and offset % limit == 0 else ""
    click.echo(f"{shown} of {total} articles{nxt}", err=True)
