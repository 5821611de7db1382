"""`newsevents serve`: the web app (FastAPI + uvicorn) over the store, on 127.0.0.1 by default."""

from __future__ import annotations

import threading
import webbrowser

import click

LOOPBACK = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--allow-ingest", is_flag=True, help="Allow pasting text or a URL to ingest and code it."
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.pass_context
def serve_command(
    ctx: click.Context, host: str, port: int, allow_ingest: bool, no_browser: bool
) -> None:
    """Serve the web pages and the JSON API (/api, documented at /docs) over the store."""
    import uvicorn

    from ..web.app import DEFAULT_HOSTS, MissingAssetsError, create_app

    if host not in LOOPBACK:
        click.echo(
            f"warning: binding {host} exposes the store to other machines; newsevents serve has "
            "no authentication (use 127.0.0.1 unless you mean it)",
            err=True,
        )
    try:
        app = create_app(
            ctx.obj.db,
            allow_ingest=allow_ingest,
            allowed_hosts=list(DEFAULT_HOSTS) if host in LOOPBACK else ["*"],
        )
    except MissingAssetsError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    url = f"http://{shown}:{port}/"
    mode = "ingest enabled" if allow_ingest else "read-only"
    click.echo(f"Serving {ctx.obj.db} ({mode}) at {url}  (API docs: {url}docs; Ctrl+C stops)")
    if not no_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
