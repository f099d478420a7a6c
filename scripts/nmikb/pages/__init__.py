"""The pages of one language edition, from the knowledge base to Markdown: which pages exist
(plan.py) and what each type shows (types/, each module beside its template), worked out with
the edition's Helpers (helpers.py); rendered by Jinja2 with escaping by default (render.py), then
decorated from the page's view (decorate/: permalink, Cite panel, JSON-LD), with pictures drawn
from the same view (pictures/) and glossary tooltips (abbreviations.py)."""
