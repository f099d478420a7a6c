"""A large made-up site, built the way the real one is, to measure search at scale.

Each record is a page of its own under events/ (as the real site will have): a title, two or
three sentences and a quoted passage, in English and in French. Words come from small
vocabularies, so common words match thousands of pages, and each record carries its own number
("record 00042"), which matches one page. Used by tests/test_search_browser.py (a few hundred
pages) and tests/benchmarks/search_scale.py (thousands).
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parent.parent
with open(ROOT / "mkdocs.yml", "rb") as _config:  # MkDocs' own reader: the file uses !ENV
    SEPARATOR = yaml_load(_config)["plugins"]["search"]["separator"]

WORDS = {
    "en": {
        "actors": [
            "NATO advisers",
            "The North Atlantic Council",
            "Iraqi defence officials",
            "The Federal Police Command",
            "The Ministry of Interior",
            "Mission staff",
            "Allied trainers",
            "The Prime Minister's office",
        ],
        "actions": ["meet", "train", "advise", "visit", "brief", "support", "inspect", "welcome"],
        "objects": [
            "officers of the border guard",
            "instructors of the military academy",
            "staff of the operations centre",
            "police commanders",
            "a delegation of allies",
            "cadets of the staff college",
        ],
        "places": ["Baghdad", "Mosul", "Erbil", "Basra", "Kirkuk", "Najaf", "Ramadi", "Tikrit"],
        "sentences": [
            "The meeting covered training plans for the coming months.",
            "Both sides discussed how to strengthen the capacity of Iraqi institutions.",
            "The visit followed a request from the Iraqi authorities.",
            "Officials reviewed progress on security sector reform.",
            "The advisers presented a report on professional military education.",
            "Participants agreed to meet again before the end of the year.",
        ],
        "quotes": [
            "Our partnership rests on mutual respect",
            "We advise and we train, we do not fight",
            "Iraq's sovereignty guides everything we do",
            "Capacity building takes patience",
        ],
        "record": "record",
        "said": "said a spokesperson",
    },
    "fr": {
        "actors": [
            "Les conseillers de l’OTAN",
            "Le Conseil de l’Atlantique Nord",
            "Des responsables irakiens de la défense",
            "Le commandement de la police fédérale",
            "Le ministère de l’Intérieur",
            "Le personnel de la mission",
            "Des instructeurs alliés",
            "Le cabinet du Premier ministre",
        ],
        "actions": [
            "rencontrent",
            "forment",
            "conseillent",
            "visitent",
            "informent",
            "soutiennent",
            "inspectent",
            "accueillent",
        ],
        "objects": [
            "des officiers de la garde-frontière",
            "des instructeurs de l’académie militaire",
            "le personnel du centre d’opérations",
            "des commandants de police",
            "une délégation d’alliés",
            "des élèves de l’école d’état-major",
        ],
        "places": ["Bagdad", "Mossoul", "Erbil", "Bassora", "Kirkouk", "Najaf", "Ramadi", "Tikrit"],
        "sentences": [
            "La réunion a porté sur les plans de formation des prochains mois.",
            "Les deux parties ont discuté du renforcement des capacités des "
            "institutions irakiennes.",
            "La visite faisait suite à une demande des autorités irakiennes.",
            "Les responsables ont examiné les progrès de la réforme du secteur de la sécurité.",
            "Les conseillers ont présenté un rapport sur la formation militaire professionnelle.",
            "Les participants sont convenus de se revoir avant la fin de l’année.",
        ],
        "quotes": [
            "Notre partenariat repose sur le respect mutuel",
            "Nous conseillons et nous formons, nous ne combattons pas",
            "La souveraineté de l’Irak guide tout ce que nous faisons",
            "Le renforcement des capacités demande de la patience",
        ],
        "record": "fiche",
        "said": "a déclaré un porte-parole",
    },
}


def record(n: int, lang: str) -> tuple[str, str]:
    """(title, Markdown body) of record n: the same choices in both languages."""
    rng = random.Random(n)
    w = WORDS[lang]
    actor, action, obj, place = (
        rng.randrange(len(w[k])) for k in ("actors", "actions", "objects", "places")
    )
    title = (
        f"{w['actors'][actor]} {w['actions'][action]} {w['objects'][obj]} ({w['places'][place]})"
    )
    sentences = rng.sample(range(len(w["sentences"])), rng.choice([2, 3]))
    body = " ".join(w["sentences"][i] for i in sentences)
    quote = w["quotes"][rng.randrange(len(w["quotes"]))]
    return (
        title,
        f"# {title}\n\n{w['record'].capitalize()} {n:05d}. {body}\n\n> « {quote} », {w['said']}.\n",
    )


def write_docs(docs: Path, pages: int, lang: str) -> None:
    (docs / "events").mkdir(parents=True)
    links = []
    for n in range(1, pages + 1):
        title, text = record(n, lang)
        (docs / "events" / f"{n:05d}.md").write_text(text, encoding="utf-8")
        if n <= 50:
            links.append(f"- [{title}](events/{n:05d}.md)")
    home = "Événements" if lang == "fr" else "Events"
    (docs / "index.md").write_text(f"# {home}\n\n" + "\n".join(links) + "\n", encoding="utf-8")
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")


def config(lang: str, docs: Path, site: Path) -> dict:
    """The project's theme, search and offline set-up, with none of its data or hooks."""
    return {
        "site_name": f"Synthetic {lang}",
        "docs_dir": str(docs),
        "site_dir": str(site),
        "use_directory_urls": False,
        # Records stay out of the navigation: each page would list every other one (n² links).
        "nav": ["index.md"],
        "theme": {
            "name": "material",
            "custom_dir": str(ROOT / "scripts" / "overrides"),
            "language": lang,
            "font": False,
            "features": ["search.highlight"],
        },
        "plugins": {
            "search": {"lang": lang, "separator": SEPARATOR, "pipeline": ["trimmer", "stemmer"]},
            "offline": {},
        },
        "extra": {
            "edition": {"lang": lang, "up": "../" if lang == "fr" else ""},
            "alternate": [
                {"name": "English", "lang": "en", "prefix": ""},
                {"name": "Français", "lang": "fr", "prefix": "fr/"},
            ],
            "polyfills": ["assets/javascripts/iframe-worker.js"],
        },
        # The site's own script: among others, the count of results says when there are more.
        "extra_javascript": [{"path": "assets/javascripts/kb.js", "defer": True}],
    }


def build(work: Path, pages: int, langs=("en", "fr")) -> Path:
    """Both editions (English at the root, French in fr/), built at once; returns the site.
    The search step is left to the caller, who may want Material's full index first."""
    site = work / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1692230400")
    runs = []
    for lang in langs:
        docs = work / f"docs-{lang}"
        write_docs(docs, pages, lang)
        target = site / ("fr" if lang == "fr" else "")
        path = work / f"mkdocs.{lang}.yml"
        path.write_text(
            yaml.safe_dump(config(lang, docs, work / f"built-{lang}"), allow_unicode=True),
            encoding="utf-8",
        )
        runs.append(
            (
                lang,
                target,
                subprocess.Popen(
                    [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(path)],
                    cwd=work,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    for lang, _target, proc in runs:
        out, err = proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"mkdocs build ({lang}) failed:\n{out}{err}")
    (work / "built-en").rename(site)
    if "fr" in langs:
        (work / "built-fr").rename(site / "fr")
    return site


def first_results(page, query: str, timeout: float = 15) -> float:
    """Seconds from a query typed in the search box of a fresh page to its results on screen."""
    box = page.locator("input.md-search__input")
    box.click()
    started = time.perf_counter()
    box.fill(query)
    box.press("End")  # Material reads the query on keyup
    page.wait_for_function(
        "q => document.querySelector('.md-search__input').value === q && "
        "(document.querySelector('.md-search-result__list').children.length "
        "> 0 || /^No |^Aucun/.test("
        "document.querySelector('.md-search-result__meta').textContent.trim()))",
        arg=query,
        timeout=timeout * 1000,
    )
    return time.perf_counter() - started
