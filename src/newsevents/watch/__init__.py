"""Watching the news: watchlists, alerts and their delivery (docs/watch.md)."""
