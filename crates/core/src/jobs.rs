//! Long jobs (an import, a batch of posters; later reports and backups): one way to
//! report progress and one way to stop them, whoever runs them.
//!
//! A job gets a [`Job`]: it says which [`Stage`] it is in, how far it got, and asks
//! whether the owner pressed 取消. Progress reaches the sink at most ten times a second
//! (plus every stage change and the end), so a 100,000-row import does not flood the
//! window. A job that writes runs on its own connection ([`crate::Store::reopen`]):
//! with WAL the window keeps reading meanwhile, and the job's writing is one short
//! transaction at the end.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// How often progress may reach the sink.
const MIN_GAP: Duration = Duration::from_millis(100);

/// Shared between a running job and whoever may stop it (the window's 取消 button).
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// What a job is doing now, for the progress bar's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Stage {
    /// Reading the file the owner chose.
    Reading,
    /// Checking every row before anything is written.
    Checking,
    /// Writing to the data file (one transaction).
    Writing,
    /// Drawing pictures or pages.
    Drawing,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "正在读取文件",
            Stage::Checking => "正在逐行检查",
            Stage::Writing => "正在写入",
            Stage::Drawing => "正在生成",
        }
    }
}

/// One report of how far a job got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Progress {
    pub stage: Stage,
    /// The stage in words, as the window shows it.
    pub label: String,
    pub done: u32,
    /// 0 while the size is not known yet.
    pub total: u32,
}

type Sink<'a> = Box<dyn FnMut(&Progress) + Send + 'a>;

/// A running job's handle on its progress and on the owner's cancel.
pub struct Job<'a> {
    cancel: CancelToken,
    sink: Sink<'a>,
    min_gap: Duration,
    checking_pace: Option<Duration>,
    now: Progress,
    last_sent: Option<Instant>,
    cancelled_message: String,
}

impl<'a> Job<'a> {
    pub fn new(cancel: CancelToken, sink: impl FnMut(&Progress) + Send + 'a) -> Job<'a> {
        Job {
            cancel,
            sink: Box::new(sink),
            min_gap: MIN_GAP,
            checking_pace: None,
            now: Progress {
                stage: Stage::Reading,
                label: Stage::Reading.label().to_owned(),
                done: 0,
                total: 0,
            },
            last_sent: None,
            cancelled_message: "已取消".to_owned(),
        }
    }

    /// A job nobody watches and nobody stops (the command line, tests).
    pub fn unattended() -> Job<'static> {
        Job::new(CancelToken::new(), |_| {})
    }

    /// Reports every step, unthrottled: for tests that act at an exact step.
    pub fn report_every_step(mut self) -> Job<'a> {
        self.min_gap = Duration::ZERO;
        self
    }

    /// Tests of the window only: each step of a checking stage takes at least `pace`,
    /// so a test can work in the window while a job is surely still running. The
    /// write transaction is never slowed.
    pub fn pace_checking(mut self, pace: Option<Duration>) -> Job<'a> {
        self.checking_pace = pace;
        self
    }

    /// What the owner reads when they stop this job (say, that nothing was written).
    pub fn when_cancelled(&mut self, message: impl Into<String>) {
        self.cancelled_message = message.into();
    }

    /// Enters `stage` with `total` steps; always reported. Fails once cancelled.
    pub fn stage(&mut self, stage: Stage, total: u32) -> Result<()> {
        self.check()?;
        self.now = Progress {
            stage,
            label: stage.label().to_owned(),
            done: 0,
            total,
        };
        self.send();
        Ok(())
    }

    /// `done` steps of this stage are done. Fails once cancelled, so a loop that
    /// advances often answers 取消 at once.
    pub fn advance(&mut self, done: u32) -> Result<()> {
        self.check()?;
        if let Some(pace) = self.checking_pace
            && self.now.stage == Stage::Checking
        {
            std::thread::sleep(pace);
        }
        self.report(done);
        Ok(())
    }

    /// `done` steps of this stage are done, for a job that handles a cancel itself
    /// (a batch keeps what it made so far).
    pub fn report(&mut self, done: u32) {
        self.now.done = done;
        let due = self.last_sent.is_none_or(|t| t.elapsed() >= self.min_gap);
        if due || done == self.now.total {
            self.send();
        }
    }

    /// `Err` (code Cancelled) once the owner asked to stop.
    pub fn check(&self) -> Result<()> {
        if self.cancel.is_cancelled() {
            Err(Error::cancelled(self.cancelled_message.clone()))
        } else {
            Ok(())
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    fn send(&mut self) {
        self.last_sent = Some(Instant::now());
        (self.sink)(&self.now);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::error::Code;

    #[test]
    fn progress_is_throttled_but_stages_and_the_end_always_arrive() {
        let seen = Mutex::new(Vec::new());
        let mut job = Job::new(CancelToken::new(), |p| {
            seen.lock().unwrap().push(p.clone());
        });
        job.stage(Stage::Checking, 100_000).unwrap();
        for done in 1..=100_000 {
            job.advance(done).unwrap();
        }
        job.stage(Stage::Writing, 10).unwrap();
        drop(job);
        let seen = seen.into_inner().unwrap();
        // A tight loop finishes well within a second: a handful of reports, not 100,000.
        assert!(seen.len() < 50, "{} reports", seen.len());
        assert_eq!(seen[0].done, 0);
        assert_eq!(seen[0].label, "正在逐行检查");
        assert!(
            seen.iter()
                .any(|p| p.stage == Stage::Checking && p.done == 100_000)
        );
        assert_eq!(seen.last().map(|p| p.stage), Some(Stage::Writing));
    }

    #[test]
    fn a_cancelled_job_stops_at_its_next_step_with_its_own_words() {
        let token = CancelToken::new();
        let mut job = Job::new(token.clone(), |_| {});
        job.when_cancelled("导入已取消，没有写入任何数据");
        job.stage(Stage::Checking, 10).unwrap();
        assert!(job.advance(1).is_ok());
        token.cancel();
        let Err(e) = job.advance(2) else {
            panic!("a cancelled job went on");
        };
        assert_eq!(e.code(), Code::Cancelled);
        assert_eq!(e.to_string(), "导入已取消，没有写入任何数据");
        assert!(job.stage(Stage::Writing, 1).is_err());
    }
}
