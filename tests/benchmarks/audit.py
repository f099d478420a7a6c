"""`make audit`: Lighthouse scores and page weights of each page type, ours next to stock
Material built from the same pages in the same run. A benchmark that prints figures, not a test.

Needs Node.js (Lighthouse comes from package.json via `npm ci`) and Chromium.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(Path(__file__).parent)]

from scripts.build import build_site  # noqa: E402
from stock import build_stock  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PAGES = ["index", "timeline", "scope", "entities", "glossary", "sources", "coverage", "about"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(folder: Path) -> str:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{httpd.server_address[1]}/"


def lighthouse(url: str) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    cmd = [
        str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync",
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=180)
    if out.returncode != 0:
        raise SystemExit(f"lighthouse failed on {url}:\n{out.stderr[-2000:]}")
    report = json.loads(out.stdout)
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    weights = {"html": 0, "css": 0, "js": 0, "index": 0, "other": 0}
    for item in report["audits"]["network-requests"]["details"]["items"]:
        # Decoded size: a worker's transfer size is not always recorded (stock Material's shows
        # ~200 bytes for a 40 KB script), and our local server does not compress anyway.
        size = item.get("resourceSize") or item.get("transferSize") or 0
        kind = item.get("resourceType", "")
        name = item.get("url", "")
        if "search_index" in name:
            weights["index"] += size
        elif kind == "Document":
            weights["html"] += size
        elif kind == "Stylesheet":
            weights["css"] += size
        elif kind == "Script":
            weights["js"] += size
        else:
            weights["other"] += size
    failed = [a["title"] for a in report["audits"].values() if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
    return {"scores": scores, "weights": weights, "failed": failed}


def main() -> int:
    if not LIGHTHOUSE.exists():
        print("Lighthouse is missing: run `make audit` (it runs `npm ci` first).", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        ours = build_site(ROOT, Path(tmp) / "ours" / "site").site
        stock = build_stock(ROOT, Path(tmp) / "stock")
        urls = {"ours": serve(ours), "stock": serve(stock)}
        pages = sys.argv[1:] or PAGES
        header = f"{'page':<10} {'site':<6} " + " ".join(f"{c[:4]:>5}" for c in CATEGORIES) + "   " + " ".join(f"{k:>8}" for k in ("html", "css", "js", "index", "total"))
        print(header)
        print("-" * len(header))
        totals = {"ours": [], "stock": []}
        for page in pages:
            for name, base in urls.items():
                result = lighthouse(f"{base}{page}.html")
                w = result["weights"]
                total = sum(w.values())
                totals[name].append((result["scores"], total))
                print(f"{page:<10} {name:<6} " + " ".join(f"{result['scores'][c]:>5}" for c in CATEGORIES) + "   " + " ".join(f"{w[k] / 1024:>7.1f}K" for k in ("html", "css", "js", "index")) + f" {total / 1024:>7.1f}K")
                if name == "ours" and result["failed"]:
                    print(f"{'':<17}failed audits: {', '.join(result['failed'])}")
        print()
        for name, rows in totals.items():
            means = {c: sum(r[0][c] for r in rows) / len(rows) for c in CATEGORIES}
            weight = sum(r[1] for r in rows) / len(rows)
            print(f"mean {name:<6} " + " ".join(f"{means[c]:>5.1f}" for c in CATEGORIES) + f"   bytes/page {weight / 1024:.1f}K")
        ours_w = sum(r[1] for r in totals["ours"]) / len(totals["ours"])
        stock_w = sum(r[1] for r in totals["stock"]) / len(totals["stock"])
        print(f"bytes per page, ours / stock: {ours_w / stock_w:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
