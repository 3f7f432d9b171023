//! The exam: 20 questions drawn from the bank (every module at least once while
//! there is room, never the same question twice), 100 points, pass at 80. Every
//! attempt is kept with a copy of its questions.

use chrono::{DateTime, Local};
use rusqlite::{Connection, OptionalExtension, params};

use super::bank::QUESTIONS;
use super::course::COURSE;
use super::model::Question;
use super::model::*;
use super::staff::get_staff;
use crate::db::timestamp;
use crate::error::Error;
use crate::store::Store;

pub const EXAM_QUESTIONS: usize = 20;
pub const EXAM_PASS_SCORE: u32 = 80;

/// A small generator for drawing questions (splitmix64): the seed comes from the OS,
/// or from a test.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

fn os_seed() -> u64 {
    let mut bytes = [0u8; 8];
    if getrandom::fill(&mut bytes).is_err() {
        // Only the spread of questions depends on it; the clock is good enough.
        return Local::now().timestamp_nanos_opt().unwrap_or_default() as u64;
    }
    u64::from_le_bytes(bytes)
}

/// A question as drawn for one paper: its options in this paper's order and the
/// right letters for that order.
pub(super) struct Drawn {
    pub question: &'static Question,
    pub options: Vec<&'static str>,
    pub correct: String,
}

/// Puts a question's options in a random order, so the right answer is not always
/// under the same letter (a guesser picking "B" everywhere gains nothing).
fn shuffled(question: &'static Question, rng: &mut Draw) -> Drawn {
    let mut order: Vec<usize> = (0..question.options.len()).collect();
    rng.shuffle(&mut order);
    let right: Vec<usize> = question
        .answer
        .bytes()
        .map(|b| usize::from(b - b'A'))
        .collect();
    let correct = order
        .iter()
        .enumerate()
        .filter(|(_, original)| right.contains(original))
        .map(|(at, _)| (b'A' + at as u8) as char)
        .collect();
    Drawn {
        question,
        options: order.iter().map(|&i| question.options[i]).collect(),
        correct,
    }
}

/// The letters that answer `question` as its paper shows it (options are shuffled
/// per paper), from the bank; `None` for a question the bank no longer has. For
/// checking a paper by hand, and for tests and benchmarks that take the exam.
pub fn right_letters(question: &ExamQuestion) -> Option<String> {
    let bank = QUESTIONS.iter().find(|b| b.id == question.id)?;
    let right: Vec<&str> = bank
        .answer
        .bytes()
        .map(|b| bank.options[usize::from(b - b'A')])
        .collect();
    Some(
        question
            .options
            .iter()
            .enumerate()
            .filter(|(_, o)| right.contains(&o.as_str()))
            .map(|(i, _)| char::from(b'A' + i as u8))
            .collect(),
    )
}

/// Draws a paper: one question from each module first, a 多选 question if none of
/// those is one, then the rest at random, shuffled, options shuffled too; no
/// question twice.
pub(super) fn draw(seed: u64) -> Vec<Drawn> {
    let mut rng = Draw(seed);
    let mut chosen: Vec<&'static Question> = Vec::with_capacity(EXAM_QUESTIONS);
    for m in COURSE {
        let pool: Vec<&'static Question> = QUESTIONS.iter().filter(|q| q.module == m.key).collect();
        if !pool.is_empty() {
            chosen.push(pool[rng.below(pool.len())]);
        }
    }
    rng.shuffle(&mut chosen);
    chosen.truncate(EXAM_QUESTIONS);
    let mut rest: Vec<&'static Question> = QUESTIONS
        .iter()
        .filter(|q| !chosen.iter().any(|c| c.id == q.id))
        .collect();
    // Every paper asks at least one 多选 question: staff meet that format at least once.
    if chosen.len() < EXAM_QUESTIONS && !chosen.iter().any(|q| q.multiple()) {
        let multiple: Vec<usize> = (0..rest.len()).filter(|&i| rest[i].multiple()).collect();
        if !multiple.is_empty() {
            let i = multiple[rng.below(multiple.len())];
            chosen.push(rest.swap_remove(i));
        }
    }
    while chosen.len() < EXAM_QUESTIONS && !rest.is_empty() {
        let i = rng.below(rest.len());
        chosen.push(rest.swap_remove(i));
    }
    rng.shuffle(&mut chosen);
    chosen.into_iter().map(|q| shuffled(q, &mut rng)).collect()
}

pub fn start_exam(store: &Store, staff_id: i64, now: DateTime<Local>) -> Result<ExamPaper, Error> {
    start_exam_seeded(store, staff_id, now, os_seed())
}

pub(super) fn start_exam_seeded(
    store: &Store,
    staff_id: i64,
    now: DateTime<Local>,
    seed: u64,
) -> Result<ExamPaper, Error> {
    let staff = get_staff(store, staff_id)?;
    if !staff.active {
        return Err(Error::invalid(
            "staff_id",
            format!("{}已经停用，先恢复在岗再考试", staff.name),
        ));
    }
    let paper = draw(seed);
    let tx = crate::db::write_tx(store.conn())?;
    tx.execute(
        "INSERT INTO exam_attempts (staff_id, level, started_at) VALUES (?1, ?2, ?3)",
        params![staff.id, staff.level, timestamp(now)],
    )?;
    let attempt = tx.last_insert_rowid();
    {
        let mut stmt = tx.prepare(
            "INSERT INTO exam_attempt_questions
                 (attempt_id, no, question_id, module_key, text, options, correct, multiple,
                  explanation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (i, d) in paper.iter().enumerate() {
            let q = d.question;
            let options = serde_json::to_string(&d.options).unwrap_or_else(|_| "[]".into());
            stmt.execute(params![
                attempt,
                i as i64 + 1,
                q.id,
                q.module,
                q.text,
                options,
                d.correct,
                q.multiple(),
                q.explanation
            ])?;
        }
    }
    tx.commit()?;
    Ok(ExamPaper {
        attempt,
        staff: staff.name,
        questions: paper
            .iter()
            .map(|d| ExamQuestion {
                id: d.question.id,
                text: d.question.text.to_owned(),
                options: d.options.iter().map(|o| (*o).to_owned()).collect(),
                multiple: d.question.multiple(),
            })
            .collect(),
    })
}

struct Stored {
    no: u32,
    id: u32,
    module: String,
    text: String,
    options: Vec<String>,
    correct: String,
    multiple: bool,
    explanation: String,
    answer: Option<String>,
}

fn stored_questions(conn: &Connection, attempt: i64) -> rusqlite::Result<Vec<Stored>> {
    let mut stmt = conn.prepare(
        "SELECT no, question_id, module_key, text, options, correct, multiple, explanation, answer
         FROM exam_attempt_questions WHERE attempt_id = ?1 ORDER BY no",
    )?;
    let rows = stmt.query_map([attempt], |r| {
        let options: String = r.get(4)?;
        Ok(Stored {
            no: r.get(0)?,
            id: r.get(1)?,
            module: r.get(2)?,
            text: r.get(3)?,
            options: serde_json::from_str(&options).unwrap_or_default(),
            correct: r.get(5)?,
            multiple: r.get(6)?,
            explanation: r.get(7)?,
            answer: r.get(8)?,
        })
    })?;
    rows.collect()
}

/// Splits `A,BC,D,...` (commas half or full width, spaces ignored) into one answer
/// per question; a blank between commas is a question left unanswered.
pub fn parse_answers(text: &str) -> Vec<String> {
    text.split([',', '，'])
        .map(|a| a.chars().filter(|c| !c.is_whitespace()).collect())
        .collect()
}

/// Normalises one answer against its question: upper case, letters sorted and
/// unique, each naming an option, one letter for single choice.
fn normalise_answer(no: u32, raw: &str, q: &Stored) -> Result<String, String> {
    let mut letters: Vec<char> = raw.to_uppercase().chars().collect();
    letters.sort_unstable();
    letters.dedup();
    let last = (b'A' + q.options.len() as u8 - 1) as char;
    if let Some(bad) = letters.iter().find(|c| !('A'..=last).contains(*c)) {
        return Err(format!(
            "第 {no} 题的答案“{raw}”里有“{bad}”：这题只有 A 到 {last}"
        ));
    }
    if !q.multiple && letters.len() > 1 {
        return Err(format!("第 {no} 题是单选，只能选一个（现在是“{raw}”）"));
    }
    Ok(letters.into_iter().collect())
}

fn result_of(questions: &[Stored]) -> (u32, Vec<QuestionResult>) {
    let n = questions.len().max(1) as u32;
    let mut right = 0;
    let results = questions
        .iter()
        .map(|q| {
            let answer = q.answer.clone().unwrap_or_default();
            // All or nothing: a multiple-choice answer must name exactly the right set.
            let correct = answer == q.correct;
            right += u32::from(correct);
            QuestionResult {
                no: q.no,
                id: q.id,
                module: COURSE
                    .iter()
                    .find(|m| m.key == q.module)
                    .map_or_else(|| q.module.clone(), |m| m.title.to_owned()),
                text: q.text.clone(),
                options: q.options.clone(),
                multiple: q.multiple,
                answer,
                correct_answer: q.correct.clone(),
                correct,
                explanation: q.explanation.clone(),
            }
        })
        .collect();
    (right * 100 / n, results)
}

struct AttemptRow {
    level: String,
    staff: String,
    submitted_at: Option<String>,
    score: Option<u32>,
}

fn attempt_row(conn: &Connection, attempt: i64) -> Result<AttemptRow, Error> {
    conn.query_row(
        "SELECT s.name, a.submitted_at, a.score, a.level
         FROM exam_attempts a JOIN staff s ON s.id = a.staff_id WHERE a.id = ?1",
        [attempt],
        |r| {
            Ok(AttemptRow {
                staff: r.get(0)?,
                submitted_at: r.get(1)?,
                score: r.get(2)?,
                level: r.get(3)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::not_found(format!("编号为 {attempt} 的考试")))
}

/// Hands in the answers, one per question in paper order ("" for blank), and scores
/// the attempt. An attempt is handed in once.
pub fn submit_exam(
    store: &Store,
    attempt: i64,
    answers: &[String],
    now: DateTime<Local>,
) -> Result<ExamResult, Error> {
    let conn = store.conn();
    let row = attempt_row(conn, attempt)?;
    if let (Some(_), Some(score)) = (&row.submitted_at, row.score) {
        return Err(Error::conflict(format!(
            "这次考试已经交过卷了（{score} 分）。每次考试只能交一次，要再考请重新开始"
        )));
    }
    let mut questions = stored_questions(conn, attempt)?;
    if answers.len() != questions.len() {
        return Err(Error::invalid(
            "answers",
            format!(
                "交了 {} 个答案，这张卷子有 {} 道题：按题目顺序用逗号隔开，每题一个，没答的留空",
                answers.len(),
                questions.len()
            ),
        ));
    }
    let mut errors = Vec::new();
    for (q, raw) in questions.iter_mut().zip(answers) {
        match normalise_answer(q.no, raw.trim(), q) {
            Ok(answer) => q.answer = Some(answer),
            Err(message) => errors.push(crate::error::FieldError::new(
                format!("answers.{}", q.no - 1),
                message,
            )),
        }
    }
    if !errors.is_empty() {
        return Err(Error::invalid_fields(errors));
    }
    let (score, results) = result_of(&questions);
    let passed = score >= EXAM_PASS_SCORE;
    let submitted_at = timestamp(now);
    let tx = crate::db::write_tx(conn)?;
    {
        let mut stmt = tx.prepare(
            "UPDATE exam_attempt_questions SET answer = ?1 WHERE attempt_id = ?2 AND no = ?3",
        )?;
        for q in &questions {
            stmt.execute(params![q.answer, attempt, q.no])?;
        }
    }
    tx.execute(
        "UPDATE exam_attempts SET submitted_at = ?1, score = ?2, passed = ?3 WHERE id = ?4",
        params![submitted_at, score, passed, attempt],
    )?;
    tx.commit()?;
    Ok(ExamResult {
        attempt,
        staff: row.staff,
        score,
        passed,
        submitted_at,
        results,
    })
}

/// A handed-in attempt with what was right and wrong.
pub fn attempt_result(store: &Store, attempt: i64) -> Result<ExamResult, Error> {
    let conn = store.conn();
    let row = attempt_row(conn, attempt)?;
    let Some(submitted_at) = row.submitted_at else {
        return Err(Error::conflict(format!("考试 #{attempt} 还没有交卷")));
    };
    let (score, results) = result_of(&stored_questions(conn, attempt)?);
    Ok(ExamResult {
        attempt,
        staff: row.staff,
        score,
        passed: score >= EXAM_PASS_SCORE,
        submitted_at,
        results,
    })
}

/// Every attempt, newest first; one staff member's when `staff_id` is given.
pub fn attempts(store: &Store, staff_id: Option<i64>) -> Result<Vec<AttemptSummary>, Error> {
    let mut stmt = store.conn().prepare(
        "SELECT a.id, a.staff_id, s.name, a.level, a.started_at, a.submitted_at, a.score, a.passed
         FROM exam_attempts a JOIN staff s ON s.id = a.staff_id
         WHERE ?1 IS NULL OR a.staff_id = ?1
         ORDER BY a.id DESC",
    )?;
    let rows = stmt.query_map([staff_id], |r| {
        Ok(AttemptSummary {
            id: r.get(0)?,
            staff_id: r.get(1)?,
            staff: r.get(2)?,
            level: r.get(3)?,
            started_at: r.get(4)?,
            submitted_at: r.get(5)?,
            score: r.get(6)?,
            passed: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The best passed score, for growth suggestions.
pub(super) fn best_passed_score(conn: &Connection, staff_id: i64) -> rusqlite::Result<Option<u32>> {
    conn.query_row(
        "SELECT MAX(score) FROM exam_attempts WHERE staff_id = ?1 AND passed = 1",
        [staff_id],
        |r| r.get(0),
    )
}

/// The certificate of a passed attempt, as a one-page A4 landscape PDF.
pub fn certificate_pdf(store: &Store, attempt: i64) -> Result<Vec<u8>, Error> {
    Ok(certificate(store, attempt)?.1)
}

/// The staff member's name and their certificate, from one read of the attempt.
pub(super) fn certificate(store: &Store, attempt: i64) -> Result<(String, Vec<u8>), Error> {
    let conn = store.conn();
    let row = attempt_row(conn, attempt)?;
    let (Some(submitted_at), Some(score)) = (row.submitted_at, row.score) else {
        return Err(Error::conflict(format!(
            "考试 #{attempt} 还没有交卷，交卷通过后才能出证书"
        )));
    };
    if score < EXAM_PASS_SCORE {
        return Err(Error::conflict(format!(
            "{}这次考了 {score} 分，没到 {EXAM_PASS_SCORE} 分，还不能出证书",
            row.staff
        )));
    }
    let brand = crate::shop::brand(store)?;
    let date = submitted_at.get(..10).unwrap_or(&submitted_at).to_owned();
    let pdf = super::print::certificate(
        &brand,
        &super::print::CertificateText {
            staff: row.staff.clone(),
            level: row.level,
            date,
            score,
            number: format!("{}-{attempt:04}", submitted_at.get(..4).unwrap_or("0000")),
        },
    );
    Ok((row.staff, pdf))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn a_paper_has_twenty_different_questions_every_module_and_a_multiple_choice() {
        for seed in 0..2_000 {
            let paper = draw(seed);
            assert_eq!(paper.len(), EXAM_QUESTIONS);
            let ids: HashSet<u32> = paper.iter().map(|d| d.question.id).collect();
            assert_eq!(ids.len(), EXAM_QUESTIONS, "seed {seed} repeats a question");
            for m in COURSE {
                assert!(
                    paper.iter().any(|d| d.question.module == m.key),
                    "seed {seed} misses {}",
                    m.key
                );
            }
            assert!(
                paper.iter().any(|d| d.question.multiple()),
                "seed {seed} asks no 多选 question"
            );
        }
    }

    #[test]
    fn shuffled_options_keep_the_right_answers_right_and_spread_the_letters() {
        let mut first_letter = [0usize; 6];
        for seed in 0..50 {
            for d in draw(seed) {
                let q = d.question;
                let mut before: Vec<&str> = q
                    .answer
                    .bytes()
                    .map(|b| q.options[usize::from(b - b'A')])
                    .collect();
                let mut after: Vec<&str> = d
                    .correct
                    .bytes()
                    .map(|b| d.options[usize::from(b - b'A')])
                    .collect();
                before.sort_unstable();
                after.sort_unstable();
                assert_eq!(before, after, "question {}", q.id);
                let mut options = d.options.clone();
                options.sort_unstable();
                let mut original = q.options.to_vec();
                original.sort_unstable();
                assert_eq!(options, original);
                if !q.multiple() {
                    first_letter[usize::from(d.correct.as_bytes()[0] - b'A')] += 1;
                }
            }
        }
        // Right answers land under every letter, not mostly under one.
        let total: usize = first_letter.iter().sum();
        for (i, n) in first_letter.iter().take(4).enumerate() {
            assert!(*n * 100 / total >= 15, "letter {i}: {n} of {total}");
        }
    }

    #[test]
    fn answers_split_on_commas_keeping_blanks() {
        assert_eq!(parse_answers("A, bc,，D"), vec!["A", "bc", "", "D"]);
    }
}
