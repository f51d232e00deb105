"""Deterministic job-description generator for the skills benchmark.

Used until (and alongside) the fake API's generator: it writes NDJSON lines
{"job_id", "text"} of ~4 KB each, mixing dictionary aliases (in varied case and
punctuation), filler prose and the word-boundary traps the extractor must survive.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

DICTIONARY = Path(__file__).resolve().parents[2] / "dbt" / "seeds" / "dictionaries" / "skills_dictionary.csv"

FILLER = (  # noqa: SIM905 - prose is easier to edit as one string
    "We are a fast growing team building products that customers love. "
    "You will work closely with product, design and operations to ship features every week. "
    "Our culture values curiosity, kindness and clear written updates. "
    "The role reports to the head of the department and sits in a hybrid team. "
    "We offer competitive pay, equity, health benefits and a generous learning budget. "
    "You should be comfortable owning problems end to end and asking good questions. "
    "The internal tools group supports every department across the company. "
    "Our go-to-market team partners with engineering on launches. "
    "We are looking for a go-getter who thrives in ambiguity. "
    "This is a good opportunity to grow; we invest in R&D and internal mobility. "
    "Candidates must be authorized to work in the country and pass a background check. "
    "Travel is rarely required, and most meetings happen in the morning. "
    "We celebrate diverse backgrounds and encourage everyone to apply. "
    "Benefits include dental, vision, 401(k) matching and paid parental leave. "
).split(". ")

TEMPLATES = (
    "Experience with {a} and {b} is required.",
    "Strong knowledge of {a}, {b} and {c}.",
    "You will build services in {a} ({b}) on {c}.",
    "Nice to have: {a}/{b}.",
    "Hands-on {a} experience; {b} a plus.",
    "Familiarity with {a} - or {b} - is helpful.",
    "Our stack: {a}, {b}, {c}, {d}.",
    "3+ years with {a}. Bonus points for {b}!",
    "* {a}\n* {b}\n* {c}",
    "Proficient in {a}: building, testing and deploying with {b}.",
    "Tools we use daily include {a} and {b}.",
)


def load_aliases() -> list[str]:
    with DICTIONARY.open(newline="") as handle:
        return [alias for row in csv.DictReader(handle) for alias in row["aliases"].split("|")]


def styled(alias: str, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.55:
        return alias
    if style < 0.8:
        return alias.title() if " " in alias else alias.capitalize()
    if style < 0.9:
        return alias.upper()
    return alias


def description(rng: random.Random, aliases: list[str], target_chars: int) -> str:
    parts: list[str] = []
    size = 0
    while size < target_chars:
        if rng.random() < 0.45:
            template = rng.choice(TEMPLATES)
            picks = {key: styled(rng.choice(aliases), rng) for key in "abcd"}
            sentence = template.format(**picks)
        else:
            sentence = rng.choice(FILLER).strip() + "."
        parts.append(sentence)
        size += len(sentence) + 1
    return " ".join(parts)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--chars", type=int, default=4_300)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    aliases = load_aliases()
    out = sys.stdout
    for index in range(args.count):
        text = description(rng, aliases, rng.randint(args.chars // 2, args.chars * 3 // 2))
        out.write(json.dumps({"job_id": f"bench-{args.seed}-{index:06d}", "text": text}) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
