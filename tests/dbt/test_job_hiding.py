"""Issue 17 in the warehouse: block lists, feedback, expired postings and board copies, through a
real `dbt build` of `+profile_top_jobs` over landed postings, then an incremental build after a
later load (a new board copy, a dismissed job found again, a job that stops being found).

Proves that an employer blocked by one spelling is blocked in all its spellings, that keyword
blocks match whole words in the title (or also the description when the profile says so), that a
dismissed job (and any board copy of it) never returns, that a posting past its expiry or not found
for `stale_after_days` is expired and never eligible to mail, that board copies share one
duplicate_group_key and show as one row with the others in `also_on`, and that a group mailed
through one copy is not new through another.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from conftest import fresh_warehouse
from warehouse_landing import Load, land_postings

NOW = datetime.now(UTC).replace(microsecond=0)
BUILD = (
    "build",
    "--select",
    "+profile_top_jobs",
    "--indirect-selection",
    "cautious",
    "--exclude-resource-type",
    "unit_test",
)


def days_ago(days: float) -> int:
    return int((NOW - timedelta(days=days)).timestamp())


def posting(job_id: str, title: str = "Data Engineer", employer: str = "Gamma Data", **fields) -> dict:
    return {
        "job_id": job_id,
        "job_title": title,
        "employer_name": employer,
        "job_city": "Chicago",
        "job_country": "US",
        "job_publisher": "LinkedIn",
        "job_apply_link": f"https://boards.example.com/{job_id}",
        "job_description": "We build pipelines with Python and SQL.",
        "job_posted_at_timestamp": days_ago(2),
        **fields,
    }


FIRST_POSTINGS = [
    # One employer, two spellings: blocked for profile 1 by a third spelling.
    posting("ACME-1", employer="ACME, Inc."),
    posting("ACME-2", "Senior Data Engineer", employer="acme inc"),
    # Keywords: whole words only.
    posting("INTERN-1", "Data Engineer Intern", employer="Delta Labs"),
    posting("INTERNSHIP-1", "Data Engineer Internship", employer="Delta Labs"),
    posting(
        "CRYPTO-1", "Data Engineer", employer="Epsilon", job_description="Our crypto exchange needs you."
    ),
    posting("CRYPTOGRAPHY-1", "Data Engineer", employer="Zeta", job_description="Cryptography team."),
    # Dismissed by profile 1; BOARD copy of it arrives in the second load.
    posting("DISMISSED-1", "Analytics Engineer", employer="Eta Systems"),
    # Expired by its own expiry field.
    posting(
        "EXPIRED-1",
        "Data Platform Engineer",
        employer="Theta",
        job_offer_expiration_datetime_utc=(NOW - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    ),
    posting(
        "LIVE-1", "Data Platform Engineer", employer="Iota", job_offer_expiration_timestamp=days_ago(-10)
    ),
    # Three board copies of one remote job (two spellings of the employer, work-mode noise in the title).
    posting(
        "BOARD-LI",
        "Data Engineer - Remote",
        employer="Beta Corp",
        job_is_remote=True,
        job_city=None,
        job_publisher="LinkedIn",
        job_posted_at_timestamp=days_ago(5),
    ),
    posting(
        "BOARD-IN",
        "Data Engineer",
        employer="Beta Corporation",
        job_is_remote=True,
        job_city=None,
        job_publisher="Indeed",
        job_posted_at_timestamp=days_ago(3),
    ),
    posting(
        "BOARD-CO",
        "Data Engineer (Remote)",
        employer="Beta Corp.",
        job_is_remote=True,
        job_city="Austin",
        job_publisher="Company website",
        job_posted_at_timestamp=days_ago(1),
    ),
    # Same role and employer, posted 20 days before the first copy: another group.
    posting(
        "BOARD-OLD",
        "Data Engineer",
        employer="Beta Corp",
        job_is_remote=True,
        job_city=None,
        job_publisher="Indeed",
        job_posted_at_timestamp=days_ago(25),
    ),
    # Same employer and title, another city: another group.
    posting(
        "BOARD-NYC",
        "Data Engineer",
        employer="Beta Corp",
        job_city="New York",
        job_publisher="Indeed",
        job_posted_at_timestamp=days_ago(2),
    ),
]


def top_jobs(warehouse, profile_id: int) -> dict[str, dict]:
    rows = warehouse.query(
        """select job_id, position, digest_position, hidden_reason, is_expired, is_eligible_to_mail,
                  duplicate_group_key, also_on, feedback_kind, feedback_reason, is_new_for_digest, rank_score
           from marts.profile_top_jobs where profile_id = %s""",
        (profile_id,),
    )
    names = [
        "position",
        "digest_position",
        "hidden_reason",
        "is_expired",
        "is_eligible_to_mail",
        "duplicate_group_key",
        "also_on",
        "feedback_kind",
        "feedback_reason",
        "is_new_for_digest",
        "rank_score",
    ]
    return {job_id: dict(zip(names, rest, strict=True)) for job_id, *rest in rows}


@pytest.fixture(scope="module")
def hiding(tmp_path_factory):
    with fresh_warehouse(tmp_path_factory.mktemp("dbt_hiding")) as warehouse:
        warehouse.query(
            """insert into marts.profile_preferences
                   (profile_id, profile_name, query, location, country, email, min_mail_score,
                    excluded_employers, excluded_keywords, block_keywords_in)
               values (1, 'title blocks', 'data engineer', 'Chicago', 'us', 'one@example.com', 0,
                       '{"Acme Incorporated"}', '{intern, crypto}', 'title'),
                      (2, 'description blocks', 'data engineer', 'Chicago', 'us', 'two@example.com', 0,
                       '{}', '{crypto}', 'title_and_description'),
                      (3, 'stale finder', 'data engineer', 'Chicago', 'us', 'three@example.com', 0,
                       '{}', '{}', 'title')"""
        )
        with warehouse.connect() as connection, connection.cursor() as cursor:
            for profile_id in (1, 2):
                land_postings(
                    cursor,
                    Load(
                        f"first-{profile_id}", "jsearch", "job_postings", NOW - timedelta(hours=3), profile_id
                    ),
                    FIRST_POSTINGS,
                )
            # Profile 3's search returned this job 20 days ago and never since: stale.
            land_postings(
                cursor,
                Load("stale-3", "jsearch", "job_postings", NOW - timedelta(days=20), 3),
                [posting("STALE-1", "Data Engineer", employer="Kappa", job_posted_at_timestamp=days_ago(21))],
            )
            land_postings(
                cursor,
                Load("fresh-3", "jsearch", "job_postings", NOW - timedelta(hours=3), 3),
                [posting("FRESH-3", "Data Engineer", employer="Lambda")],
            )
        warehouse.query(
            """insert into marts.job_feedback (profile_id, job_id, kind, reason)
               values (1, 'DISMISSED-1', 'not_interested', 'too far'),
                      (2, 'LIVE-1', 'applied', null)"""
        )
        warehouse.dbt(*BUILD)
        first = {profile: top_jobs(warehouse, profile) for profile in (1, 2, 3)}
        first_groups = dict(warehouse.query("select job_id, duplicate_group_key from marts.fact_jobs"))

        # Profile 2 was mailed the group through a copy that is not its representative.
        warehouse.query(
            """insert into marts.notification_log
                   (profile_id, job_id, digest_id, delivery_status, notified_at)
               values (2, 'BOARD-IN', '2026-12-01/p2/run', 'sent', now())"""
        )
        with warehouse.connect() as connection, connection.cursor() as cursor:
            land_postings(
                cursor,
                Load("second-1", "jsearch", "job_postings", NOW - timedelta(hours=1), 1),
                [
                    # The dismissed job, found again, and a copy of it on another board.
                    posting("DISMISSED-1", "Analytics Engineer", employer="Eta Systems"),
                    posting(
                        "DISMISSED-COPY",
                        "Analytics Engineer - Remote",
                        employer="Eta Systems Inc",
                        job_publisher="Indeed",
                    ),
                    # A fourth board copy of the remote job, landed incrementally.
                    posting(
                        "BOARD-GD",
                        "Data Engineer",
                        employer="BETA corp",
                        job_is_remote=True,
                        job_city=None,
                        job_publisher="Glassdoor",
                        job_posted_at_timestamp=days_ago(4),
                    ),
                ],
            )
        warehouse.dbt(*BUILD)
        second = {profile: top_jobs(warehouse, profile) for profile in (1, 2, 3)}
        second_groups = dict(warehouse.query("select job_id, duplicate_group_key from marts.fact_jobs"))
        yield warehouse, first, first_groups, second, second_groups


def test_an_employer_blocked_by_one_spelling_is_blocked_in_all(hiding):
    _, first, _, _, _ = hiding
    for job_id in ("ACME-1", "ACME-2"):
        assert first[1][job_id]["hidden_reason"] == "blocked_employer"
        assert first[1][job_id]["position"] is None
        assert first[1][job_id]["is_eligible_to_mail"] is False
        # Profile 2 blocks nobody.
        assert first[2][job_id]["hidden_reason"] is None


def test_keywords_block_whole_words_in_the_title_by_default(hiding):
    _, first, _, _, _ = hiding
    assert first[1]["INTERN-1"]["hidden_reason"] == "blocked_keyword"
    assert first[1]["INTERNSHIP-1"]["hidden_reason"] is None  # "intern" is not a word of "Internship"
    # crypto is only in CRYPTO-1's description: profile 1 matches titles only, profile 2 both.
    assert first[1]["CRYPTO-1"]["hidden_reason"] is None
    assert first[2]["CRYPTO-1"]["hidden_reason"] == "blocked_keyword"
    assert first[2]["CRYPTOGRAPHY-1"]["hidden_reason"] is None


def test_feedback_hides_the_job_and_its_board_copies_for_that_profile_only(hiding):
    _, first, _, second, second_groups = hiding
    assert first[1]["DISMISSED-1"]["hidden_reason"] == "not_interested"
    assert first[1]["DISMISSED-1"]["feedback_reason"] == "too far"
    assert first[2]["DISMISSED-1"]["hidden_reason"] is None
    # Found again, and posted on another board: still never shown or mailed.
    assert second_groups["DISMISSED-COPY"] == second_groups["DISMISSED-1"]
    for job_id in ("DISMISSED-1", "DISMISSED-COPY"):
        assert second[1][job_id]["hidden_reason"] == "not_interested"
        assert second[1][job_id]["is_eligible_to_mail"] is False
    assert first[2]["LIVE-1"]["hidden_reason"] == "applied"
    assert first[2]["LIVE-1"]["feedback_kind"] == "applied"


def test_expired_postings_are_shown_but_never_eligible_to_mail(hiding):
    _, first, _, _, _ = hiding
    expired = first[1]["EXPIRED-1"]
    assert expired["is_expired"] is True
    assert expired["hidden_reason"] is None and expired["position"] is not None
    assert expired["is_eligible_to_mail"] is False and expired["digest_position"] is None
    assert first[1]["LIVE-1"]["is_expired"] is False
    assert first[1]["LIVE-1"]["is_eligible_to_mail"] is True
    # Not returned by any search for 20 days (> stale_after_days = 14).
    assert first[3]["STALE-1"]["is_expired"] is True
    assert first[3]["STALE-1"]["is_eligible_to_mail"] is False
    assert first[3]["FRESH-3"]["is_expired"] is False


def test_board_copies_share_a_group_and_show_once_with_the_other_boards(hiding):
    _, first, groups, second, second_groups = hiding
    copies = ["BOARD-LI", "BOARD-IN", "BOARD-CO"]
    assert len({groups[job_id] for job_id in copies}) == 1
    # Another city, or more than 14 days apart: groups of their own.
    assert groups["BOARD-NYC"] != groups["BOARD-LI"]
    assert groups["BOARD-OLD"] != groups["BOARD-LI"]
    # Unrelated jobs are never grouped.
    assert len({groups[job_id] for job_id in ("ACME-1", "CRYPTO-1", "CRYPTOGRAPHY-1", "LIVE-1")}) == 4
    rows = {job_id: first[1][job_id] for job_id in copies}
    shown = [job_id for job_id, row in rows.items() if row["hidden_reason"] is None]
    assert len(shown) == 1
    representative = rows[shown[0]]
    assert representative["rank_score"] == max(row["rank_score"] for row in rows.values())
    assert sorted(item["publisher"] for item in representative["also_on"]) == sorted(
        {"LinkedIn", "Indeed", "Company website"} - {_publisher(shown[0])}
    )
    assert all(
        item["apply_link"].startswith("https://boards.example.com/") for item in representative["also_on"]
    )
    assert {row["hidden_reason"] for job_id, row in rows.items() if job_id != shown[0]} == {"duplicate"}
    # Positions count shown rows only: 1..n without gaps.
    positions = sorted(row["position"] for row in first[1].values() if row["position"] is not None)
    assert positions == list(range(1, len(positions) + 1))
    assert all(row["position"] is None for row in first[1].values() if row["hidden_reason"])
    # An incremental run puts a new copy in the same group, keeping the group's key.
    assert second_groups["BOARD-GD"] == groups["BOARD-LI"]
    assert (
        len([job_id for job_id in [*copies, "BOARD-GD"] if second[1][job_id]["hidden_reason"] is None]) == 1
    )


def test_a_group_mailed_through_one_copy_is_not_new_through_another(hiding):
    _, first, _, second, _ = hiding
    assert any(first[2][job_id]["is_eligible_to_mail"] for job_id in ("BOARD-LI", "BOARD-IN", "BOARD-CO"))
    for job_id in ("BOARD-LI", "BOARD-IN", "BOARD-CO"):
        assert second[2][job_id]["is_new_for_digest"] is False
        assert second[2][job_id]["is_eligible_to_mail"] is False
    # The other groups of the same employer are unaffected.
    assert second[2]["BOARD-NYC"]["is_new_for_digest"] is True


def _publisher(job_id: str) -> str:
    return {"BOARD-LI": "LinkedIn", "BOARD-IN": "Indeed", "BOARD-CO": "Company website"}[job_id]
