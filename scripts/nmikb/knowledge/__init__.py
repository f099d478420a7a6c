"""The knowledge base as a whole: every data file read and validated together (load.py), the rules
that span files (checks.py), and what is worked out once from it for every page and export: the
facts and whom they cite, the timeline, each source's coverage."""
