"""`newsevents watch`: keep a store current from feeds (the loop), and watchlists, alerts and
their delivery (docs/watch.md)."""
