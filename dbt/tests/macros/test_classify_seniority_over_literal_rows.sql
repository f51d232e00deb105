-- classify_seniority over literal titles and descriptions: every rule and every trap.
-- A row is returned (the test fails) when the level differs from the expected one.
with

cases (case_name, job_title, job_description, expected_level) as (
    values
    -- title words
    ('intern', 'Software Engineering Intern', null, 'intern'),
    ('internship', 'Data Internship (Summer)', null, 'intern'),
    ('junior', 'Junior Data Analyst', null, 'junior'),
    ('jr.', 'Jr. Developer', null, 'junior'),
    ('entry level', 'Entry-Level Accountant', null, 'junior'),
    ('associate engineer', 'Associate Software Engineer', null, 'junior'),
    ('mid', 'Mid-Level Backend Developer', null, 'mid'),
    ('senior', 'Senior Data Engineer', null, 'senior'),
    ('sr.', 'Sr. Software Engineer', null, 'senior'),
    ('lead', 'Lead Data Scientist', null, 'lead'),
    ('tech lead', 'Backend Tech Lead', null, 'lead'),
    ('staff engineer', 'Staff Software Engineer', null, 'staff'),
    ('principal', 'Principal Architect', null, 'principal'),
    ('manager', 'Engineering Manager', null, 'manager'),
    ('director', 'Director of Engineering', null, 'director'),
    ('head of', 'Head of Data', null, 'director'),
    ('vp', 'VP, Engineering', null, 'executive'),
    ('chief', 'Chief Technology Officer', null, 'executive'),
    -- numerals and levels
    ('level I', 'Software Engineer I', null, 'junior'),
    ('level II', 'Software Engineer II', null, 'mid'),
    ('level III', 'Software Engineer III', null, 'senior'),
    ('level II with suffix', 'Data Analyst II - Remote', null, 'mid'),
    ('L3', 'Software Engineer, L3', null, 'junior'),
    ('L4', 'Software Engineer (L4)', null, 'mid'),
    ('L5', 'Software Engineer L5', null, 'senior'),
    ('L6', 'Software Engineer L6', null, 'staff'),
    ('L7', 'Software Engineer L7', null, 'principal'),
    -- traps
    ('internal tools', 'Internal Tools Developer', null, null),
    ('interim', 'Interim Controller', null, null),
    ('international', 'International Sales Representative', null, null),
    ('lead generation', 'Lead Generation Specialist', null, null),
    ('leading edge', 'Developer, Leading Edge Products', null, null),
    ('staff accountant', 'Staff Accountant', null, null),
    ('no level', 'Data Engineer', 'Build pipelines with our senior engineers.', null),
    -- title beats description
    ('title beats description', 'Senior Data Engineer', 'This is an entry-level role, 1 year of experience.', 'senior'),
    ('title beats years', 'Junior Analyst', '8+ years of experience', 'junior'),
    -- description phrases when the title has none
    ('description entry level', 'Data Engineer', 'An entry level position for new grads.', 'junior'),
    ('description senior level', 'Data Engineer', 'A senior-level role.', 'senior'),
    ('description internship', 'Data Engineering', 'This internship lasts 12 weeks.', 'intern'),
    -- perks and benefits sentences say nothing of the job's level (issue 16)
    ('executive level perks', 'Data Engineer', 'Great team. Executive level equity options for everyone!', null),
    ('senior level benefits', 'Data Engineer', 'We offer senior-level benefits and a 401(k). You code.', null),
    ('perks beside a real level', 'Data Engineer', 'A senior-level role. Perks: dental insurance.', 'senior'),
    -- years only break ties
    ('years alone decide nothing', 'Data Engineer', 'You have 5+ years of experience.', null),
    (
        'years break a tie to senior', 'Data Engineer',
        'Entry level or senior-level candidates; 6+ years preferred.', 'senior'
    ),
    ('years break a tie to junior', 'Data Engineer', 'Entry-level or mid-level; 1 year of experience.', 'junior'),
    ('tie without years', 'Data Engineer', 'Entry level or senior level.', null),
    ('null inputs', null, null, null)
),

classified as (
    select
        case_name,
        job_title,
        expected_level,
        {{ classify_seniority('job_title', 'job_description') }} as actual_level
    from cases
)

select *
from classified
where actual_level is distinct from expected_level
