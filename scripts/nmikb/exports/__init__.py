"""The knowledge base for other programs, per edition: JSON with its schema, CSV, iCalendar,
TimelineJS, Atom, each record's JSON, and the link-preview image (files.py gathers them). Made
from the knowledge base and the edition alone; the pages know nothing of them but the Data
page's rows."""
