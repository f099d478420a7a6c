"""One module per type of page, each beside its template (`home.py` and `home.md.j2`): which
pages of that type the knowledge base has, and what each shows. They do not import each other;
nmikb/pages/plan.py lists them in the site's order."""
