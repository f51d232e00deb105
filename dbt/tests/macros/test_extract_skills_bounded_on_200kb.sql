-- sqlfluff:max_parse_depth:2000
-- A 200 KB description is handled in one linear pass (no per-skill regex, no backtracking):
-- the skills scattered through it are all found. Speed itself is measured by `make bench`.
with

big_text as (
    select
        repeat('We are looking for a go-getter who loves internal tooling and javascript. ', 2200)
        || ' Python and machine learning, C++; '
        || repeat('aaaa-bbbb ccc ', 5000) as input_text
),

extracted as (
    select
        length(input_text) as text_length,
        {{ extract_skills('input_text') }} as actual_skills
    from big_text
)

select *
from extracted
where
    text_length < 200000
    or actual_skills is distinct from array['c++', 'javascript', 'machine learning', 'python']
