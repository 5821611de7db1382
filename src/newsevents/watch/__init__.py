"""`newsevents watch`: keep a store current from feeds (the loop) and tell people what matters."""
