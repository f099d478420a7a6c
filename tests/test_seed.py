"""The source is kept byte for byte: facts are checked against exactly what was published.

A stored text is never edited once committed (CONTRIBUTING.md, *Adding a source*): pinning the
bytes of this one guards that rule, and no valid data pull request changes them."""

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "lesoir-2023-08-17-belga-otan-irak.txt"
SHARED = ROOT.parent / "shared" / "seeds" / "000_c6e45a05788152ff.txt"


def test_seed_bytes_never_change():
    assert (
        hashlib.sha256(SEED.read_bytes()).hexdigest()
        == "645d1df66d96075f7a741596df3dcf7e36be612fed2fc3f8f4c00ba8c5de808e"
    )
    assert len(SEED.read_bytes()) == 2065


def test_seed_matches_the_shared_original_when_present():
    if SHARED.exists():  # beside a checkout in this workplace; absent on other machines
        assert SEED.read_bytes() == SHARED.read_bytes()


def test_every_source_in_data_points_at_a_stored_seed(dataset):
    for source in dataset.kb.sources:
        assert (dataset.root / source.file).is_file()
