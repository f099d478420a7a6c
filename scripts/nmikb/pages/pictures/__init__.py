"""Pictures drawn from a page's data at build time, as inline SVG: the timeline strip
(timeline.py), the scope and relations diagrams (diagrams.py), and what they share (svg.py)."""
