"""The site: each edition's Markdown tree and MkDocs configuration written (tree.py, config.py),
rendered by an engine (engines.py) into a staging folder, finished (slim.py and css.py prune the
theme, searchindex.py shards the search, archive.py packs the offline archive, linkcheck.py
checks every link), then swapped in at once (swap.py, outdir.py). build.py runs it all;
plugin.py does the same from inside a plain `mkdocs build`."""
