-- Questionnaire answers: assessments, the companies in them (one for a self-assessment,
-- several in a workshop), their respondents and every answer.
-- Portable SQL: $N placeholders in queries, ISO 8601 text for timestamps.

CREATE TABLE assessment (
    id                    INTEGER PRIMARY KEY,
    label                 TEXT NOT NULL UNIQUE,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    created_at            TEXT NOT NULL
);

-- profile: the company profile as JSON for workshop participants; NULL means the
-- project's own company profile (project_meta 'company_profile').
CREATE TABLE assessment_company (
    id            INTEGER PRIMARY KEY,
    assessment_id INTEGER NOT NULL REFERENCES assessment (id) ON DELETE CASCADE,
    name          TEXT NOT NULL,
    profile       TEXT,
    UNIQUE (assessment_id, name)
);

CREATE TABLE respondent (
    id         INTEGER PRIMARY KEY,
    company_id INTEGER NOT NULL REFERENCES assessment_company (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    role       TEXT,
    UNIQUE (company_id, name)
);

-- value: the answer as JSON ({"choice":"yes"}, {"choices":[...]}, {"number":3},
-- {"text":"..."}, "unknown", "not_applicable").
CREATE TABLE answer (
    respondent_id INTEGER NOT NULL REFERENCES respondent (id) ON DELETE CASCADE,
    question_id   TEXT NOT NULL,
    value         TEXT NOT NULL,
    relevance     TEXT,
    evidence      TEXT,
    note          TEXT,
    answered_at   TEXT NOT NULL,
    PRIMARY KEY (respondent_id, question_id)
);
