"""The data format: how one YAML file is read (yamlsafe.py), what each kind of record may hold
(models/, the one schema), where records live (registry.py), how a problem is reported
(problems.py), and how a quote is found in a source's stored text (quotes.py)."""
