"""`make serve`: a local server of both editions (server.py) that rebuilds, on each save, only
what the save changed (preview.py)."""
