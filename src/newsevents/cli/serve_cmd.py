"""`newsevents serve`: the web app (FastAPI + uvicorn) over the store, on 127.0.0.1 by default."""

from __future__ import annotations

import threading
import webbrowser

import click

from ..errors import NewsEventsError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--allowed-host",
    "allowed_host",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this host name or address (repeatable; '*.example.org' for "
    "its subdomains; '*' switches the Host check off). Loopback names, the bound address and, "
    "for 0.0.0.0 or ::, this machine's names and addresses are always answered.",
)
@click.option(
    "--allow-ingest", is_flag=True, help="Allow pasting text or a URL to ingest and code it."
)
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.pass_context
def serve_command(
    ctx: click.Context,
    host: str,
    port: int,
    allowed_host: tuple[str, ...],
    allow_ingest: bool,
    no_browser: bool,
) -> None:
    """Serve the web pages and the JSON API (/api, documented at /docs) over the store.

    Requests whose Host header names another host are refused (HTTP 400), whatever the bind
    address: a guard against DNS rebinding. A store this process may not write is served
    read-only (unless --allow-ingest, which needs a writable store).
    """
    import uvicorn

    from ..web.app import MissingAssetsError, create_app
    from ..web.hosts import allowed_hosts, check_allowed_host, is_loopback

    try:
        extra = [check_allowed_host(h) for h in allowed_host]
    except NewsEventsError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    hosts = allowed_hosts(host, extra)
    if not is_loopback(host):
        click.echo(
            f"warning: binding {host} exposes the store to other machines; newsevents serve has "
            "no authentication (use 127.0.0.1 unless you mean it)",
            err=True,
        )
    if "*" in hosts:
        click.echo(
            "warning: --allowed-host '*' switches the Host-header check off (no protection "
            "against DNS rebinding)",
            err=True,
        )
    if not allow_ingest and not ctx.obj.db.exists():
        from .store_check import missing_store_error

        raise missing_store_error(ctx.obj.db)
    try:
        app = create_app(ctx.obj.db, allow_ingest=allow_ingest, allowed_hosts=hosts)
    except MissingAssetsError as exc:
        click.echo(f"error: {exc}", err=True)
        ctx.exit(2)
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    url = f"http://{shown}:{port}/"
    mode = "ingest enabled" if allow_ingest else "read-only"
    click.echo(f"Serving {ctx.obj.db} ({mode}) at {url}  (API docs: {url}docs; Ctrl+C stops)")
    if not no_browser:
        threading.Timer(1.0, lambda: webbrowser.open(url)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
