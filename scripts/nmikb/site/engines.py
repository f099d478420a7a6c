"""The site engines that can render an edition's generated tree, and what each of them needs.

Generation (tree.py) writes a complete Markdown tree and a MkDocs configuration per edition,
with no hook, so any engine that reads `mkdocs.yml` renders the same pages:

- `mkdocs`: MkDocs 1.6 with Material for MkDocs, the default and the reference. Material reaches
  its end of life on 5 May 2027, and MkDocs 2 breaks every plugin and Material.
- `properdocs`: ProperDocs, the continuation of MkDocs 1.x. It runs Material and reads the same
  configuration; it makes the same files (its pages name it in their generator tag).
- `zensical`: Zensical, the successor of Material by the same team. It reads `mkdocs.yml` but
  runs no plugin or hook (which is why the trees are complete), writes only inside the folder of
  its configuration, renders with its own build of the theme and has its own search.

`make serve` stays on MkDocs: it renders changed pages in-process, through MkDocs' Python API.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import yaml

DEFAULT = "mkdocs"


@dataclass(frozen=True)
class Engine:
    name: str
    module: str  # `python -m <module> build` runs it
    # Our post-build steps that read the theme's own files: they apply only to Material's output.
    # slim.py prunes Material's stylesheets, its source maps and its lunr language files, and a
    # browser test proves the pruning changes nothing against Material's full stylesheets.
    material_output: bool
    why_not_material: str = ""  # when material_output is false: why those steps are skipped
    # Renders only what changed since its last render (mkdocs_run.py); the others render all.
    incremental: bool = False

    def start(
        self,
        config: Path,
        site_dir: Path,
        env: dict,
        output: tuple[IO, IO] | None = None,
        state: Path | None = None,
    ) -> subprocess.Popen:
        """A strict build of one generated tree into `site_dir`, started in the background; its
        output goes to pipes, or to the files `output` (standard output, standard error).
        `state`: the edition's kept state (edition_state.Reuse), which says what changed, for an
        incremental engine (the tree's configuration names `site_dir` already)."""
        if self.incremental and state is not None:
            cmd = [sys.executable, "-m", "nmikb.site.mkdocs_run", str(config), str(state)]
        else:
            # Not --quiet: it hides the warnings that --strict counts, and the build would pass.
            cmd = [
                sys.executable,
                "-m",
                self.module,
                "build",
                "--strict",
                "-f",
                str(config),
                "-d",
                str(site_dir),
            ]
        return subprocess.Popen(
            cmd,
            cwd=config.parent,
            env=env,
            stdout=output[0] if output else subprocess.PIPE,
            stderr=output[1] if output else subprocess.PIPE,
            text=True,
        )

    def finish(self, config: Path, site_dir: Path) -> None:
        """Once the build succeeded: anything the engine could not do in place."""

    def messages(self, output: str) -> str:
        """The engine's own lines about what is wrong, without its banners and progress."""
        noise = ("│", "NO_MKDOCS_2_WARNING", "Aborted with a BuildError", "INFO    -")
        keep = [
            line
            for line in output.splitlines()
            if line.strip() not in ("", "ERROR   -") and not any(n in line for n in noise)
        ]
        return "\n".join(keep) or f"{self.name} failed without a message"


class Zensical(Engine):
    """Zensical 0.0.x: what it takes from a MkDocs tree, and how it differs (checked by
    tests/test_engines.py against the MkDocs build of the same trees).

    - It has no `-d` option and refuses a `site_dir` outside the folder of its configuration:
      it builds into `site/` inside the tree, moved to the edition's folder once it succeeded. Its
      `docs_dir` must be relative too.
    - It renders with its own build of Material's templates, in two variants: `classic` (Material's
      look, which our stylesheet, the axe checks and the screenshots were made for) and `modern`
      (its default). Our template overrides (`custom_dir`) apply to both.
    - Its search is its own, not lunr: it reads `search.json` (`search.js` from disk) instead of
      Material's `search/search_index.json`, and ignores `lang` and `pipeline` of the search plugin,
      so it does not stem. Our stemming wrapper of Material's worker has nothing to wrap. Its
      search dialog is its own too (a button, then a dialog its script builds): our copy of
      Material's `partials/search.html` would leave it without one, so it is left out.
    - Strict mode stops on links to missing pages or anchors; `validation.nav` is not checked.
    - `offline` works as in Material: no directory URLs, and a polyfill from a CDN unless
      `extra.polyfills` names one containing "iframe-worker" (ours, served from the site).
    - It honours the rest of our configuration: `use_directory_urls: false`, `theme.font: false`
      (no web fonts), `extra_css`, `extra` (the language switcher's data), and the Markdown
      extensions (abbr, with the definitions generation appends to each page, attr_list,
      def_list, md_in_html, tables, pymdownx.escapeall, toc): the article markup is MkDocs'.
    """

    CONFIG = "zensical.yml"
    OUTPUT = "site"  # inside the tree
    OVERRIDES = "overrides"  # inside the tree: our template overrides that apply to Zensical
    # Overrides written for MkDocs' template context: our search dialog (it would remove Zensical's
    # own) and the sitemap with language alternates (Zensical's pages lack what it reads).
    MATERIAL_ONLY = ("partials/search.html", "sitemap.xml")

    def start(
        self,
        config: Path,
        site_dir: Path,
        env: dict,
        output: tuple[IO, IO] | None = None,
        state: Path | None = None,
    ) -> subprocess.Popen:
        with open(config, encoding="utf-8") as f:
            settings = yaml.safe_load(f)  # tree.py wrote it with yaml.safe_dump: plain data
        settings["site_dir"] = self.OUTPUT
        # An absolute docs_dir stops Zensical 0.0.73 with a panic ("invariant:
        # Id(Format(Path(RootDir)))").
        settings["docs_dir"] = (
            Path(settings["docs_dir"]).relative_to(config.parent.absolute()).as_posix()
        )
        settings["theme"]["variant"] = "classic"
        # Zensical searches with its own engine, not lunr: our shard worker (main.html) stays out.
        settings.setdefault("extra", {})["own_search"] = True
        overrides = config.parent / self.OVERRIDES
        shutil.rmtree(overrides, ignore_errors=True)
        shutil.copytree(
            settings["theme"]["custom_dir"],
            overrides,
            ignore=lambda folder, names: [
                n for n in names if (Path(folder) / n).as_posix().endswith(self.MATERIAL_ONLY)
            ],
        )
        settings["theme"]["custom_dir"] = self.OVERRIDES
        own = config.with_name(self.CONFIG)
        own.write_text(
            yaml.safe_dump(settings, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        cmd = [sys.executable, "-m", self.module, "build", "--strict", "-f", str(own)]
        return subprocess.Popen(
            cmd,
            cwd=config.parent,
            env=env,
            stdout=output[0] if output else subprocess.PIPE,
            stderr=output[1] if output else subprocess.PIPE,
            text=True,
        )

    def finish(self, config: Path, site_dir: Path) -> None:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(site_dir, ignore_errors=True)  # the last build's
        (config.parent / self.OUTPUT).rename(site_dir)
        # Zensical copies both variants' stylesheets; the pages link the classic ones only (the
        # build's link check would stop on a page linking a removed file).
        shutil.rmtree(site_dir / "assets" / "stylesheets" / "modern", ignore_errors=True)

    def messages(self, output: str) -> str:
        """Each warning with its place (`about.md:31:8: page does not exist`), without colours,
        source excerpts or the traceback that ends a strict build."""
        text = re.sub(r"\x1b\[[0-9;]*m", "", output)
        found, warning = [], None
        for line in text.splitlines():
            if m := re.match(r"(?:Warning|Error):\s*(.+)", line.strip()):
                warning = m.group(1)
                found.append(warning)
            elif warning and (m := re.search(r"\[ (\S+:\d+:\d+) \]", line)):
                found[-1] = f"{m.group(1)}: {warning}"
                warning = None
            elif re.match(r"[\w.]*(Error|Exception): ", line) and "--strict" not in line:
                found.append(line.strip())  # a failure of its own, not the strict abort
        return "\n".join(found) or f"{self.name} failed without a message"


ENGINES: dict[str, Engine] = {
    "mkdocs": Engine("mkdocs", "mkdocs", material_output=True, incremental=True),
    "properdocs": Engine("properdocs", "properdocs", material_output=True),
    "zensical": Zensical(
        "zensical",
        "zensical",
        material_output=False,
        why_not_material="Zensical ships its own stylesheets (assets/stylesheets/classic/ "
        "and modern/), its own search and no lunr, "
        "and the browser test that proves the pruning safe compares against "
        "Material's stylesheets only",
    ),
}

# MkDocs as `mkdocs build --strict` runs it, none of our code in the run: what `make bench`
# compares our build with.
PLAIN = Engine("mkdocs", "mkdocs", material_output=True)
