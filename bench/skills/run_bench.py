"""Skills benchmark: SQL extract_skills vs a spaCy PhraseMatcher.

Same dictionary (dbt/seeds/dictionaries/skills_dictionary.csv), same texts, each engine on one core
(PostgreSQL: no parallel workers, no JIT; spaCy: one process), measured alternately in the same
run, medians of RUNS runs. Three corpora of 20,000 texts, each text as the model sees it
(title, description and highlight items):
- postings (the headline figures): the fake API generator's postings (`jobctl fake-api --ndjson`,
  the generator bench-dbt lands);
- real: the 84 distinct real JSearch postings committed in loaders/test/fixtures/reference_payloads
  (public payloads, see its SOURCES.md), cycled to 20,000. A fairness check on real text: repeats only
  help spaCy, whose tokenizer caches what it has seen, while SQL has no cache;
- dense: bench/skills/generate_descriptions.py, a stress corpus with ~40 skill mentions per
  4 KB text (aliases drawn uniformly, so a third are multi-word).
Reports micro precision/recall/F1 of SQL against spaCy, descriptions/s of each, the
disagreement classes, spaCy once more on the postings and the real texts with whitespace runs
collapsed. (Ranking throughput, ranking.pairs_per_s, is bench-dbt's: dim_ranking on a real build.)
Why collapsing matters: once a text holds a tokenizer special case (a lone "\n" between words,
as "Inc.", "e.g.", "and/or", "C++" and contractions such as "don't" or "we're"), spaCy stops
adding that text's chunks to its tokenizer cache (spaCy issue #1250) and runs its affix rules
on every chunk it has not cached before. Collapsing whitespace removes only the newline cases.
Each engine is warmed once on the corpus before it is timed (see compare()). Writes
bench/results/parts/skills.json.
"""

from __future__ import annotations

import collections
import csv
import functools
import io
import itertools
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import spacy
from spacy.matcher import PhraseMatcher

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_descriptions import description, load_aliases

ROOT = Path(__file__).resolve().parents[2]
DICTIONARY = ROOT / "dbt" / "seeds" / "dictionaries" / "skills_dictionary.csv"
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "bench" / "results") / "parts" / "skills.json"
DBT = ROOT / ".venv" / "dbt" / "bin" / "dbt"
# Our own target dir: other dbt runs on this machine keep dbt/target to themselves.
TARGET_PATH = tempfile.mkdtemp(prefix="bench-skills-dbt-")
COUNT = int(os.environ.get("SKILLS_BENCH_COUNT", "20000"))
RUNS = int(os.environ.get("SKILLS_BENCH_RUNS", "3"))
SEED = 42
POSTINGS_SEED = int(os.environ.get("SKILLS_BENCH_POSTINGS_SEED", "20261128"))
DATA_DIR = ROOT / "bench" / "data"
REFERENCE_PAYLOADS = ROOT / "loaders" / "test" / "fixtures" / "reference_payloads" / "jsearch"
ONE_CORE = "set max_parallel_workers_per_gather = 0; set jit = off;"
CORPUS_LABELS = {
    "postings": "fake API postings",
    "real": "real JSearch postings, cycled",
    "dense": "dense stress texts",
}


def bench_database_url() -> tuple[str, str]:
    base = os.environ["DATABASE_URL"]
    parts = urlsplit(base)
    name = (parts.path.lstrip("/") or "jobs") + "_bench_skills"
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(admin_url: str, name: str) -> str:
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
        cursor.execute(f'create database "{name}"')
    admin.close()
    return urlunsplit(urlsplit(admin_url)._replace(path=f"/{name}"))


def drop_database(admin_url: str, name: str) -> None:
    admin = psycopg2.connect(admin_url)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{name}"')
    admin.close()


def dbt_env(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DBT_DATABASE"] = database
    return env


def run_dbt(database: str, *args: str) -> str:
    """The project's own dbt, against the bench database, with a target dir of its own."""
    result = subprocess.run(
        [str(DBT), *args, "--project-dir", "dbt", "--profiles-dir", "dbt", "--target-path", TARGET_PATH],
        cwd=ROOT,
        env=dbt_env(database),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"bench-skills: dbt {args[0]} failed:\n{result.stdout[-4000:]}")
    return result.stdout


def compile_inline(sql: str, database: str) -> str:
    """The project's own macros, compiled by dbt against the bench database."""
    return run_dbt(database, "compile", "--quiet", "--inline", sql).strip()


def load_seeds(connection, database: str) -> None:
    """Every seed the skill macros read (dbt seed: the project's own column types)."""
    with connection.cursor() as cursor:
        cursor.execute("create schema marts; create schema bench;")
    connection.commit()
    run_dbt(database, "seed", "--quiet")


def load_texts(connection, table: str, texts: list[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        # Uncompressed out-of-line storage: the texts are "in memory" for both engines.
        cursor.execute(f"create table bench.{table} (job_id text primary key, body text)")
        cursor.execute(f"alter table bench.{table} alter column body set storage external")
        buffer = io.StringIO()
        csv.writer(buffer).writerows(texts)
        buffer.seek(0)
        cursor.copy_expert(f"copy bench.{table} from stdin with (format csv)", buffer)
        cursor.execute(f"analyze bench.{table}")
    connection.commit()


def sql_extract(connection, expression_sql: str, table: str) -> tuple[float, dict[str, set[str]]]:
    with connection.cursor() as cursor:
        cursor.execute(ONE_CORE)
        started = time.perf_counter()
        cursor.execute(f"select job_id, {expression_sql} from bench.{table}")
        rows = cursor.fetchall()
        elapsed = time.perf_counter() - started
    return elapsed, {job_id: set(skills) for job_id, skills in rows}


def spacy_matcher():
    nlp = spacy.blank("en")
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    with DICTIONARY.open(newline="") as handle:
        for row in csv.DictReader(handle):
            matcher.add(row["skill_name"], [nlp.make_doc(alias) for alias in row["aliases"].split("|")])
    return nlp, matcher


def spacy_extract(
    nlp, matcher, texts: list[tuple[str, str]], collapse_whitespace: bool = False
) -> tuple[float, dict[str, set[str]]]:
    strings = nlp.vocab.strings
    started = time.perf_counter()
    found = {}
    bodies = (" ".join(text.split()) if collapse_whitespace else text for _, text in texts)
    for (job_id, _), doc in zip(texts, nlp.pipe(bodies), strict=True):
        found[job_id] = {strings[match_id] for match_id, _, _ in matcher(doc)}
    return time.perf_counter() - started, found


# The characters extract_skills turns into spaces (skill_separator_literals in
# dbt/macros/extract_skills.sql), for regex character classes.
SEPARATOR_CHARS = r"""\s,;:!?()\[\]{}<>"'/\\|*=~^`$%@"""
SEPARATOR, NOT_SEPARATOR = f"[{SEPARATOR_CHARS}]", f"[^{SEPARATOR_CHARS}]"


def sql_alias_patterns() -> dict[str, list[re.Pattern[str]]]:
    """Each alias as extract_skills matches it: whole tokens (a sentence dot may follow), one
    separator between the words of a multi-word alias."""
    patterns = collections.defaultdict(list)
    with DICTIONARY.open(newline="") as handle:
        for row in csv.DictReader(handle):
            for alias in row["aliases"].split("|"):
                words = [re.escape(word) for word in re.split(SEPARATOR + "+", alias) if word]
                pattern = rf"(?<!{NOT_SEPARATOR}){SEPARATOR.join(words)}(?=\.?(?:{SEPARATOR}|$))"
                patterns[row["skill_name"]].append(re.compile(pattern, re.I))
    return patterns


def classify_sql_only(before: str, after: str) -> str:
    """Why spaCy missed a skill that SQL found, from the characters around SQL's match."""
    if "," in before + after:
        return "comma-joined list without spaces (spaCy keeps 'a,b' whole)"
    if "/" in before + after:
        return "slash-joined words (spaCy keeps 'a/b' whole)"
    if after == ".":
        return "alias before a sentence dot that spaCy keeps (abbreviation special cases such as 'r.')"
    return "other punctuation spaCy does not split off (e.g. ':•')"


def classify_spacy_only(before: str, after: str) -> str:
    """Why SQL missed (or rejected) a skill that spaCy found, from the characters around spaCy's match."""
    if after in ("+", "#"):
        return "bare letter of c#, c++ or f# (spaCy splits the suffix off)"
    if "-" in before + after:
        return "hyphen-joined word (spaCy splits on '-'; SQL keeps it whole, so go-getter is not go)"
    if "." in before + after:
        return "dot-joined word (spaCy splits node.js into node . js)"
    if "/" in before + after:
        return "slash-joined words"
    if before.isalnum() or after.isalnum():
        return "inside a longer token"
    return "other"


def disagreements(texts, sql_found, spacy_found, nlp, matcher) -> dict:
    """The disagreeing (text, skill) pairs by class, each with up to three examples."""
    text_by_id = dict(texts)
    patterns = sql_alias_patterns()
    strings = nlp.vocab.strings
    classes: dict[str, dict] = {}

    def sql_only(text: str, skill: str) -> tuple[str, str]:
        for pattern in patterns[skill]:
            if match := pattern.search(text):
                around = text[match.start() - 1 : match.start()], text[match.end() : match.end() + 1]
                return classify_sql_only(*around), text[max(match.start() - 20, 0) : match.end() + 20]
        return "no alias occurrence found", ""

    @functools.cache
    def spacy_first_matches(text: str) -> dict[str, tuple[int, int]]:
        """Character span of spaCy's first match of each skill: one tokenisation per text, however
        many of its skills disagree."""
        doc = nlp(text)
        spans: dict[str, tuple[int, int]] = {}
        for match_id, start, end in matcher(doc):
            spans.setdefault(strings[match_id], (doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        return spans

    def spacy_only(text: str, skill: str) -> tuple[str, str]:
        if (span := spacy_first_matches(text).get(skill)) is None:
            return "no spaCy match found", ""
        first, last = span
        around = text[first - 1 : first], text[last : last + 1]
        return classify_spacy_only(*around), text[max(first - 20, 0) : last + 20]

    for side, left, right, locate in (
        ("sql_only", sql_found, spacy_found, sql_only),
        ("spacy_only", spacy_found, sql_found, spacy_only),
    ):
        counter: collections.Counter[str] = collections.Counter()
        examples: dict[str, list[str]] = collections.defaultdict(list)
        for job_id, skills in left.items():
            for skill in skills - right.get(job_id, set()):
                label, sample = locate(text_by_id[job_id], skill)
                counter[label] += 1
                if len(examples[label]) < 3:
                    examples[label].append(f"{skill}: …{sample}…")
        classes[side] = {
            label: {"count": count, "examples": examples[label]} for label, count in counter.most_common()
        }
    return classes


def posting_texts(count: int) -> list[tuple[str, str]]:
    """The fake API generator's postings (cached), as extract_skills sees them in
    int_job_postings__skills: title, description and highlight items joined."""
    path = DATA_DIR / f"skills_postings_{count}_s{POSTINGS_SEED}.ndjson"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        command = ["npx", "--no-install", "jobctl", "fake-api", "--ndjson", str(count), "--seed"]
        with partial.open("wb") as out:
            subprocess.run(
                [*command, str(POSTINGS_SEED)],
                cwd=ROOT,
                stdout=out,
                check=True,
            )
        partial.rename(path)
    with path.open() as handle:
        return [(posting["job_id"], model_text(posting)) for posting in map(json.loads, handle)]


def model_text(posting: dict) -> str:
    """Title, description and highlight items, joined as int_job_postings__skills joins them."""
    highlights = posting.get("job_highlights") or {}
    items = [item for values in highlights.values() if isinstance(values, list) for item in values]
    highlight_text = "\n".join(map(str, items)) or None
    parts = [posting.get("job_title"), posting.get("job_description"), highlight_text]
    return " ".join(part for part in parts if part)


def reference_texts(count: int) -> list[tuple[str, str]]:
    """The distinct real postings of the committed reference payloads (search envelopes, bare
    arrays and single job-details items alike), cycled to count texts with distinct ids."""
    postings: dict[str, dict] = {}

    def collect(node) -> None:
        if isinstance(node, dict):
            if node.get("job_id") and isinstance(node.get("job_description"), str):
                postings.setdefault(node["job_id"], node)
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    for path in sorted(REFERENCE_PAYLOADS.glob("*.json")):
        collect(json.loads(path.read_text()))
    distinct = [(job_id, model_text(posting)) for job_id, posting in postings.items()]
    cycled = itertools.islice(itertools.cycle(distinct), count)
    return [(f"{job_id}#{n}", text) for n, (job_id, text) in enumerate(cycled)]


def dense_texts(count: int) -> list[tuple[str, str]]:
    rng = random.Random(SEED)
    aliases = load_aliases()
    return [
        (f"bench-{SEED}-{n:06d}", description(rng, aliases, rng.randint(2150, 6450))) for n in range(count)
    ]


def agreement(sql_found: dict[str, set[str]], spacy_found: dict[str, set[str]]) -> dict:
    pairs_sql = {(job, skill) for job, skills in sql_found.items() for skill in skills}
    pairs_spacy = {(job, skill) for job, skills in spacy_found.items() for skill in skills}
    both = len(pairs_sql & pairs_spacy)
    precision = both / len(pairs_sql)
    recall = both / len(pairs_spacy)
    return {
        "f1": 2 * precision * recall / (precision + recall),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "pairs_sql": len(pairs_sql),
        "pairs_spacy": len(pairs_spacy),
        "pairs_both": both,
    }


def compare(connection, table, texts, expression) -> dict:
    """SQL and spaCy alternately over one corpus: rates, speed-ups and agreement. Both engines are
    warmed once on the same texts first (PostgreSQL: plan and buffers; spaCy: a fresh pipeline
    whose tokenizer cache is filled; a cold spaCy tokenizer is an order of magnitude slower on
    newline-heavy text, and how cold it is depends on what it saw before)."""
    nlp, matcher = spacy_matcher()
    sql_extract(connection, expression, table)
    spacy_extract(nlp, matcher, texts)
    sql_seconds, spacy_seconds = [], []
    sql_found = spacy_found = {}
    for run in range(RUNS):
        elapsed, sql_found = sql_extract(connection, expression, table)
        sql_seconds.append(elapsed)
        elapsed, spacy_found = spacy_extract(nlp, matcher, texts)
        spacy_seconds.append(elapsed)
        print(
            f"bench-skills: {table} run {run + 1}: SQL {sql_seconds[-1]:.2f} s, spaCy {elapsed:.2f} s",
            flush=True,
        )
    return {
        "sql_seconds": sql_seconds,
        "spacy_seconds": spacy_seconds,
        "sql_rate": len(texts) / statistics.median(sql_seconds),
        "spacy_rate": len(texts) / statistics.median(spacy_seconds),
        "speedup": statistics.median(
            spacy / sql for sql, spacy in zip(sql_seconds, spacy_seconds, strict=True)
        ),
        "agreement": agreement(sql_found, spacy_found),
        "disagreements": disagreements(texts, sql_found, spacy_found, nlp, matcher),
        "avg_chars": round(sum(len(text) for _, text in texts) / len(texts)),
    }


def spacy_collapsed_seconds(texts: list[tuple[str, str]]) -> list[float]:
    """spaCy again with whitespace runs collapsed (inside the timing), on a fresh, warmed
    pipeline: no lone newline tokens, so only the text's other special cases cost it its cache."""
    nlp, matcher = spacy_matcher()
    spacy_extract(nlp, matcher, texts, collapse_whitespace=True)
    return [spacy_extract(nlp, matcher, texts, collapse_whitespace=True)[0] for _ in range(RUNS)]


def main() -> None:
    corpora = {"postings": posting_texts(COUNT), "real": reference_texts(COUNT), "dense": dense_texts(COUNT)}
    admin_url, name = bench_database_url()
    url = recreate_database(admin_url, name)
    connection = psycopg2.connect(url)
    try:
        load_seeds(connection, name)
        for table, texts in corpora.items():
            load_texts(connection, table, texts)
        expression = compile_inline("select {{ extract_skills('body') }}", name)
        expression = expression.removeprefix("select").strip()
        compared = {table: compare(connection, table, texts, expression) for table, texts in corpora.items()}
        collapsed = {table: spacy_collapsed_seconds(corpora[table]) for table in ("postings", "real")}
    finally:
        connection.close()
        drop_database(admin_url, name)

    one_core = "PostgreSQL max_parallel_workers_per_gather=0, jit=off; spaCy one process"

    def speed_detail(result: dict) -> dict:
        return {
            "descriptions": COUNT,
            "avg_chars": result["avg_chars"],
            "sql_descriptions_per_s": round(result["sql_rate"]),
            "spacy_descriptions_per_s": round(result["spacy_rate"]),
            "sql_seconds": [round(seconds, 3) for seconds in result["sql_seconds"]],
            "spacy_seconds": [round(seconds, 3) for seconds in result["spacy_seconds"]],
            "one_core": one_core,
        }

    def agreement_detail(result: dict) -> dict:
        return {
            "descriptions": COUNT,
            "avg_chars": result["avg_chars"],
            **{key: value for key, value in result["agreement"].items() if key != "f1"},
            "disagreements": result["disagreements"],
        }

    def metric(name: str, value: float, unit: str, target: str, detail: dict) -> dict:
        return {"name": name, "value": value, "unit": unit, "target": target, "runs": RUNS, "detail": detail}

    def corpus_metrics(prefix: str, table: str, f1_target: str, speedup_target: str) -> list[dict]:
        result, corpus = compared[table], CORPUS_LABELS[table]
        return [
            metric(
                f"{prefix}f1_vs_spacy",
                round(result["agreement"]["f1"], 4),
                "F1",
                f1_target,
                {"corpus": corpus, **agreement_detail(result)},
            ),
            metric(
                f"{prefix}speedup_vs_spacy",
                round(result["speedup"], 2),
                "x",
                speedup_target,
                {"corpus": corpus, **speed_detail(result)},
            ),
        ]

    def collapsed_metric(prefix: str, table: str) -> dict:
        result, seconds = compared[table], collapsed[table]
        rate = COUNT / statistics.median(seconds)
        return metric(
            f"{prefix}speedup_vs_spacy_collapsed_whitespace",
            round(result["sql_rate"] / rate, 2),
            "x",
            "info",
            {
                "corpus": f"{CORPUS_LABELS[table]}; spaCy given ' '.join(text.split()), timed with it",
                "sql_descriptions_per_s": round(result["sql_rate"]),
                "spacy_descriptions_per_s": round(rate),
                "spacy_seconds": [round(second, 3) for second in seconds],
            },
        )

    results = [
        *corpus_metrics("skills.", "postings", ">= 0.98", ">= 2"),
        collapsed_metric("skills.", "postings"),
        *corpus_metrics("skills.real.", "real", "info", "info"),
        collapsed_metric("skills.real.", "real"),
        *corpus_metrics("skills.dense.", "dense", "info", "info"),
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"results": results}, indent=2) + "\n")
    for result in results:
        print(f"{result['name']}: {result['value']} {result['unit']} (target {result['target']})")


if __name__ == "__main__":
    main()
