-- sqlfluff:max_parse_depth:2000
-- extract_skills over literal texts: word boundaries, punctuation-bearing names, aliases and
-- multi-word skills. A row is returned (the test fails) when the skills differ.
with

cases (case_name, input_text, expected_skills) as (
    values
    ('javascript is not java', 'Senior JavaScript developer', array['javascript']),
    ('java alone', 'Java, Spring Boot and Kotlin.', array['java', 'kotlin', 'spring']),
    ('go-getter is not go', 'We want a go-getter with good instincts.', cast(array[] as text[])),
    ('good is not go', 'Good communication is a must', array['communication']),
    ('golang and go', 'Go (golang) services; we go fast', array['go']),
    ('internal has no skill', 'Internal tools team, international, interim', cast(array[] as text[])),
    ('c++ c# f# .net', 'C++, C#, F# and .NET Core.', array['.net', 'c#', 'c++', 'f#']),
    ('node.js spellings', 'Node.js or NodeJS; node', array['node.js']),
    ('k8s alias', 'Deploy to K8s', array['kubernetes']),
    ('pyspark aliases', 'PySpark, py-spark and Apache Spark', array['spark']),
    ('sklearn alias', 'sklearn / scikit-learn', array['scikit-learn']),
    ('r language', 'Statistics in R. R&D is not R', array['r', 'statistics']),
    ('multi-word skills', 'Machine Learning and Power BI dashboards', array['machine learning', 'power bi']),
    ('multi-word split by punctuation', 'machine, learning; power (bi)', cast(array[] as text[])),
    ('multi-word at the edges', 'power bi', array['power bi']),
    ('phrase before a dot', 'Machine learning. Ruby on Rails.', array['machine learning', 'ruby', 'ruby on rails']),
    ('multi-word keyed past a function word', 'Run A/B testing on Amazon Web Services.', array['a/b testing', 'aws']),
    ('multi-word split by a sentence end', 'Identity and Access Management; machine. Learning', array['iam']),
    ('sentence end', 'We use Python. Also SQL', array['python', 'sql']),
    ('soft skills', 'Strong problem-solving and leadership skills', array['leadership', 'problem solving']),
    ('empty text', '', cast(array[] as text[])),
    ('null text', null, cast(array[] as text[]))
),

extracted as (
    select
        case_name,
        expected_skills,
        {{ extract_skills('input_text') }} as actual_skills
    from cases
)

select *
from extracted
where actual_skills is distinct from expected_skills
