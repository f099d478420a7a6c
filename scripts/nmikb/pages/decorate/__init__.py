"""What makes a page citable and shareable, computed from the page's view: its permalink, links
and "Cite this" panel (tools.py, cite.py), and its structured data (jsonld.py)."""
