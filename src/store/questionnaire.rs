//! Questionnaire answers in the project file.
//!
//! An assessment (unique label) belongs to one questionnaire id and version and holds
//! companies, their respondents and their answers. Saving a sheet again with the same
//! label adds companies and respondents and replaces answers to the same questions,
//! so a facilitator can re-import a corrected spreadsheet.

use super::{Project, Result, StoreError};
use crate::company::CompanyProfile;
use crate::questionnaire::answers::{
    Answer, AnswerSheet, AnswerValue, CompanyAnswers, RespondentAnswers,
};

/// An assessment as listed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, sqlx::FromRow)]
pub struct AssessmentSummary {
    /// Row id.
    pub id: i64,
    /// Label.
    pub label: String,
    /// Questionnaire id.
    pub questionnaire_id: String,
    /// Questionnaire version the answers were given for.
    pub questionnaire_version: String,
    /// When it was first saved (RFC 3339).
    pub created_at: String,
    /// Companies in it.
    pub companies: i64,
    /// Respondents in it.
    pub respondents: i64,
    /// Answers in it.
    pub answers: i64,
}

/// An assessment with all its answers.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredAssessment {
    /// Row id.
    pub id: i64,
    /// Label.
    pub label: String,
    /// Questionnaire id.
    pub questionnaire_id: String,
    /// Questionnaire version the answers were given for.
    pub questionnaire_version: String,
    /// When it was first saved.
    pub created_at: String,
    /// Companies with their respondents and answers, in the order they were added.
    pub companies: Vec<CompanyAnswers>,
}

/// One row of the answer query.
#[derive(sqlx::FromRow)]
struct AnswerRow {
    cid: i64,
    cname: String,
    profile: Option<String>,
    rid: Option<i64>,
    rname: Option<String>,
    role: Option<String>,
    qid: Option<String>,
    value: Option<String>,
    relevance: Option<String>,
    evidence: Option<String>,
    note: Option<String>,
}

/// Saves an answer sheet (see the module docs); `version` is the questionnaire
/// version the answers were checked against. Returns the assessment id.
///
/// # Errors
/// [`StoreError::Corrupt`] when the label already belongs to another questionnaire
/// or version, and database failures.
pub async fn save_sheet(project: &Project, version: &str, sheet: &AnswerSheet) -> Result<i64> {
    let mut tx = project.pool().begin().await?;
    let existing: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, questionnaire_id, questionnaire_version FROM assessment WHERE label = $1",
    )
    .bind(&sheet.assessment)
    .fetch_optional(&mut *tx)
    .await?;
    let assessment_id = match existing {
        Some((id, qid, qversion)) => {
            if qid != sheet.questionnaire || qversion != version {
                return Err(StoreError::Corrupt(format!(
                    "assessment `{}` holds answers to {qid} version {qversion}; use another label for {} version {version}",
                    sheet.assessment, sheet.questionnaire
                )));
            }
            id
        }
        None => sqlx::query_scalar(
            "INSERT INTO assessment (label, questionnaire_id, questionnaire_version, created_at)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(&sheet.assessment)
        .bind(&sheet.questionnaire)
        .bind(version)
        .bind(&sheet.answered_at)
        .fetch_one(&mut *tx)
        .await?,
    };
    for company in &sheet.companies {
        let profile = company
            .profile
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let company_id: i64 = sqlx::query_scalar(
            "INSERT INTO assessment_company (assessment_id, name, profile) VALUES ($1, $2, $3)
             ON CONFLICT (assessment_id, name) DO UPDATE SET profile = COALESCE(excluded.profile, assessment_company.profile)
             RETURNING id",
        )
        .bind(assessment_id)
        .bind(&company.name)
        .bind(profile)
        .fetch_one(&mut *tx)
        .await?;
        for respondent in &company.respondents {
            let respondent_id: i64 = sqlx::query_scalar(
                "INSERT INTO respondent (company_id, name, role) VALUES ($1, $2, $3)
                 ON CONFLICT (company_id, name) DO UPDATE SET role = COALESCE(excluded.role, respondent.role)
                 RETURNING id",
            )
            .bind(company_id)
            .bind(&respondent.name)
            .bind(&respondent.role)
            .fetch_one(&mut *tx)
            .await?;
            for answer in &respondent.answers {
                let value = serde_json::to_string(&answer.value)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "INSERT INTO answer (respondent_id, question_id, value, relevance, evidence, note, answered_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7)
                     ON CONFLICT (respondent_id, question_id) DO UPDATE SET
                       value = excluded.value, relevance = excluded.relevance,
                       evidence = excluded.evidence, note = excluded.note,
                       answered_at = excluded.answered_at",
                )
                .bind(respondent_id)
                .bind(&answer.question)
                .bind(value)
                .bind(&answer.relevance)
                .bind(&answer.evidence)
                .bind(&answer.note)
                .bind(&sheet.answered_at)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(assessment_id)
}

/// All assessments, most recent first.
///
/// # Errors
/// Database failures.
pub async fn list_assessments(project: &Project) -> Result<Vec<AssessmentSummary>> {
    let rows: Vec<AssessmentSummary> = sqlx::query_as(
        "SELECT a.id, a.label, a.questionnaire_id, a.questionnaire_version, a.created_at,
                (SELECT COUNT(*) FROM assessment_company c WHERE c.assessment_id = a.id) AS companies,
                (SELECT COUNT(*) FROM respondent r JOIN assessment_company c ON r.company_id = c.id
                  WHERE c.assessment_id = a.id) AS respondents,
                (SELECT COUNT(*) FROM answer x JOIN respondent r ON x.respondent_id = r.id
                  JOIN assessment_company c ON r.company_id = c.id WHERE c.assessment_id = a.id) AS answers
         FROM assessment a ORDER BY a.created_at DESC, a.id DESC",
    )
    .fetch_all(project.pool())
    .await?;
    Ok(rows)
}

/// One assessment with all answers: by label, or the most recent when `label` is
/// `None`. `Ok(None)` when there is no such assessment.
///
/// # Errors
/// Database failures, [`StoreError::Corrupt`] for undecodable stored answers.
pub async fn load_assessment(
    project: &Project,
    label: Option<&str>,
) -> Result<Option<StoredAssessment>> {
    let head: Option<(i64, String, String, String, String)> = match label {
        Some(label) => {
            sqlx::query_as(
                "SELECT id, label, questionnaire_id, questionnaire_version, created_at
                 FROM assessment WHERE label = $1",
            )
            .bind(label)
            .fetch_optional(project.pool())
            .await?
        }
        None => {
            sqlx::query_as(
                "SELECT id, label, questionnaire_id, questionnaire_version, created_at
                 FROM assessment ORDER BY created_at DESC, id DESC LIMIT 1",
            )
            .fetch_optional(project.pool())
            .await?
        }
    };
    let Some((id, label, questionnaire_id, questionnaire_version, created_at)) = head else {
        return Ok(None);
    };
    let rows: Vec<AnswerRow> = sqlx::query_as(
        "SELECT c.id AS cid, c.name AS cname, c.profile, r.id AS rid, r.name AS rname, r.role,
                x.question_id AS qid, x.value, x.relevance, x.evidence, x.note
         FROM assessment_company c
         LEFT JOIN respondent r ON r.company_id = c.id
         LEFT JOIN answer x ON x.respondent_id = r.id
         WHERE c.assessment_id = $1
         ORDER BY c.id, r.id, x.question_id",
    )
    .bind(id)
    .fetch_all(project.pool())
    .await?;
    let mut companies: Vec<(i64, CompanyAnswers)> = Vec::new();
    let mut last_respondent: Option<i64> = None;
    for row in rows {
        let AnswerRow {
            cid,
            cname,
            profile,
            rid,
            rname,
            role,
            qid,
            value,
            relevance,
            evidence,
            note,
        } = row;
        if companies.last().is_none_or(|(id, _)| *id != cid) {
            let profile: Option<CompanyProfile> = profile
                .map(|p| serde_json::from_str(&p))
                .transpose()
                .map_err(|e| StoreError::Corrupt(format!("company profile of `{cname}`: {e}")))?;
            companies.push((
                cid,
                CompanyAnswers {
                    name: cname,
                    profile,
                    respondents: Vec::new(),
                },
            ));
            last_respondent = None;
        }
        let Some((_, company)) = companies.last_mut() else {
            continue;
        };
        let (Some(rid), Some(rname)) = (rid, rname) else {
            continue;
        };
        if last_respondent != Some(rid) {
            company.respondents.push(RespondentAnswers {
                name: rname,
                role,
                answers: Vec::new(),
            });
            last_respondent = Some(rid);
        }
        if let (Some(question), Some(value), Some(respondent)) =
            (qid, value, company.respondents.last_mut())
        {
            let value: AnswerValue = serde_json::from_str(&value)
                .map_err(|e| StoreError::Corrupt(format!("answer to {question}: {e}")))?;
            respondent.answers.push(Answer {
                question,
                value,
                relevance,
                evidence,
                note,
            });
        }
    }
    Ok(Some(StoredAssessment {
        id,
        label,
        questionnaire_id,
        questionnaire_version,
        created_at,
        companies: companies.into_iter().map(|(_, c)| c).collect(),
    }))
}

/// Deletes an assessment with all its companies, respondents and answers. Returns
/// whether it existed.
///
/// # Errors
/// Database failures.
pub async fn delete_assessment(project: &Project, label: &str) -> Result<bool> {
    let mut tx = project.pool().begin().await?;
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM assessment WHERE label = $1")
        .bind(label)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    sqlx::query(
        "DELETE FROM answer WHERE respondent_id IN (SELECT r.id FROM respondent r
           JOIN assessment_company c ON r.company_id = c.id WHERE c.assessment_id = $1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM respondent WHERE company_id IN (SELECT id FROM assessment_company WHERE assessment_id = $1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM assessment_company WHERE assessment_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM assessment WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}
