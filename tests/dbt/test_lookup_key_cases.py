"""The dbt seed of lookup-key cases must hold every (input -> key) pair of the loaders' shared
fixture, so the SQL macro is tested against exactly what the TypeScript normalisation promises."""

import csv
import json
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURE = REPO_ROOT / "loaders" / "test" / "fixtures" / "lookup_keys.json"
SEED = REPO_ROOT / "dbt" / "seeds" / "warehouse" / "company_lookup_key_cases.csv"


def as_seed_value(value: str | None) -> str:
    # dbt seeds read an empty CSV field as null; the macro turns blank names into null keys.
    return "" if value is None else value


def test_seed_holds_every_shared_case():
    shared = [(case["input"], case["key"]) for case in json.loads(FIXTURE.read_text())["cases"]]
    with SEED.open(newline="") as handle:
        seeded = {(row["employer_name"], row["expected_lookup_key"]) for row in csv.DictReader(handle)}
    missing = [case for case in shared if (as_seed_value(case[0]), as_seed_value(case[1])) not in seeded]
    assert missing == [], f"copy these cases into {SEED.relative_to(REPO_ROOT)}: {missing}"
    assert len(shared) >= 10
