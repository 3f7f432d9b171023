//! Long jobs (an import, a batch of posters; later reports and backups): one way to
//! report progress and one way to stop them, whoever runs them.
//!
//! A job gets a [`Job`]: it says which [`Stage`] it is in, how far it got, and asks
//! whether the owner pressed 取消. Progress reaches the sink at most ten times a second
//! (plus every stage change and the end), so a 100,000-row import does not flood the
//! window. A job that writes runs on its own connection ([`crate::Store::reopen`]):
//! with WAL the window keeps reading meanwhile, and the job's writing is one short
//! transaction at the end.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// How often progress may reach the sink.
const MIN_GAP: Duration = Duration::from_millis(100);

/// Below this many steps [`Job::map_steps`] stays on one thread: starting threads
/// would cost more than it saves.
const PARALLEL_FROM: usize = 4_096;

/// How many steps a [`Job::map_steps`] worker takes between looks at the cancel flag
/// and the progress count.
const BATCH: usize = 256;

/// How many items [`Job::stream_steps`] hands over at a time: small enough that the
/// consumer starts at once, big enough that handing over costs nothing.
const STREAM_CHUNK: usize = 1_024;

/// Threads a job may keep busy: the machine's cores, up to eight.
fn worker_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}

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
    /// Copying the data file (a backup).
    Copying,
    /// Packing the copy and the pictures into one file.
    Packing,
    /// Reading a backup back and checking every part of it.
    Verifying,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Reading => "正在读取文件",
            Stage::Checking => "正在逐行检查",
            Stage::Writing => "正在写入",
            Stage::Drawing => "正在生成",
            Stage::Copying => "正在复制数据",
            Stage::Packing => "正在打包",
            Stage::Verifying => "正在验证",
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

    /// Runs `step` on every item and returns the results in the items' order, on every
    /// core when there are many items (steps must not depend on each other), reporting
    /// progress as they finish. Fails once cancelled, within a few hundred steps.
    /// A paced job ([`Job::pace_checking`]) stays on one thread, one paced step at a time.
    pub fn map_steps<T: Sync, U: Send>(
        &mut self,
        items: &[T],
        step: impl Fn(&T) -> U + Sync,
    ) -> Result<Vec<U>> {
        let threads = worker_threads();
        if threads < 2 || items.len() < PARALLEL_FROM || self.checking_pace.is_some() {
            let mut out = Vec::with_capacity(items.len());
            for (done, item) in items.iter().enumerate() {
                self.advance(steps(done))?;
                out.push(step(item));
            }
            self.advance(steps(items.len()))?;
            return Ok(out);
        }
        let done = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let chunk = items.len().div_ceil(threads);
        let mut parts = items.chunks(chunk);
        let first = parts.next().unwrap_or_default();
        let (ours, theirs) = std::thread::scope(|scope| {
            let workers: Vec<_> = parts
                .map(|part| {
                    let (step, done, stop) = (&step, &done, &stop);
                    scope.spawn(move || {
                        let mut out = Vec::with_capacity(part.len());
                        for batch in part.chunks(BATCH) {
                            if stop.load(Ordering::Relaxed) {
                                break;
                            }
                            out.extend(batch.iter().map(step));
                            done.fetch_add(batch.len(), Ordering::Relaxed);
                        }
                        out
                    })
                })
                .collect();
            // This thread takes the first part and is the one that talks to the sink.
            let mut ours = Ok(Vec::with_capacity(first.len()));
            for batch in first.chunks(BATCH) {
                let seen = done.fetch_add(batch.len(), Ordering::Relaxed);
                if let Err(e) = self.advance(steps(seen)) {
                    stop.store(true, Ordering::Relaxed);
                    ours = Err(e);
                    break;
                }
                if let Ok(out) = &mut ours {
                    out.extend(batch.iter().map(&step));
                }
            }
            let theirs: Vec<Vec<U>> = workers
                .into_iter()
                .map(|w| {
                    w.join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
                .collect();
            (ours, theirs)
        });
        let mut out = ours?;
        // A cancel that came while the other threads finished.
        self.check()?;
        out.extend(theirs.into_iter().flatten());
        self.advance(steps(items.len()))?;
        Ok(out)
    }

    /// Whether [`Job::stream_steps`] runs its steps on other threads, ahead of this
    /// one: more than one core, and not a paced job.
    pub fn runs_ahead(&self) -> bool {
        worker_threads() >= 2 && self.checking_pace.is_none()
    }

    /// Runs `step` on every item on the other cores, chunk by chunk and ahead of this
    /// thread, which hands each chunk's results to `consume` in the items' order as
    /// soon as they are ready (an import writes the rows checked so far while the
    /// next ones are read and checked). `items` is read lazily, a chunk at a time, by
    /// whichever worker is free; its first error ends the stream after the items
    /// before it were consumed. Progress counts the items consumed (up to the stage's
    /// total, which may be an estimate). Stops at the first error of `consume`, or
    /// soon after a cancel, without waiting for the rest. Without
    /// [`Job::runs_ahead`], reading, steps and `consume` take turns on this thread.
    pub fn stream_steps<T, U: Send>(
        &mut self,
        items: impl Iterator<Item = Result<T>> + Send,
        step: impl Fn(&T) -> U + Sync,
        mut consume: impl FnMut(Vec<U>) -> Result<()>,
    ) -> Result<()> {
        let source = Mutex::new(Source { items, next: 0 });
        if !self.runs_ahead() {
            let mut done = 0;
            while let Some((_, chunk, failed)) = next_chunk(&source) {
                self.advance_to(done)?;
                done += chunk.len();
                consume(chunk.iter().map(&step).collect())?;
                if let Some(e) = failed {
                    return Err(e);
                }
            }
            return self.advance_to(done);
        }
        let stop = AtomicBool::new(false);
        // One core stays with this thread: it is the one writing.
        let workers = worker_threads() - 1;
        std::thread::scope(|scope| {
            // Bounded: when this thread falls behind, the workers wait rather than
            // pile up results in memory.
            let (sender, ready) = std::sync::mpsc::sync_channel(4 * workers);
            for _ in 0..workers {
                let (sender, source, stop, step) = (sender.clone(), &source, &stop, &step);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let Some((i, chunk, failed)) = next_chunk(source) else {
                            break;
                        };
                        if failed.is_some() {
                            stop.store(true, Ordering::Relaxed);
                        }
                        let out: Vec<U> = chunk.iter().map(step).collect();
                        if sender.send((i, out, failed)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            let result = (|| {
                let mut waiting = std::collections::BTreeMap::new();
                let (mut wanted, mut done) = (0, 0);
                self.advance(0)?;
                for (i, out, failed) in &ready {
                    waiting.insert(i, (out, failed));
                    while let Some((out, failed)) = waiting.remove(&wanted) {
                        done += out.len();
                        consume(out)?;
                        if let Some(e) = failed {
                            return Err(e);
                        }
                        self.advance_to(done)?;
                        wanted += 1;
                    }
                }
                // The workers stopped early only because this thread told them to.
                self.check()
            })();
            // Whatever happened, the workers stop at their next chunk.
            stop.store(true, Ordering::Relaxed);
            drop(ready);
            result
        })
    }

    /// [`Job::advance`] to `done` items, no further than the stage's total when it
    /// has one (a streamed file's total is an estimate).
    fn advance_to(&mut self, done: usize) -> Result<()> {
        let total = self.now.total;
        let done = steps(done);
        self.advance(if total > 0 { done.min(total) } else { done })
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

    /// The current stage's total (0 while not known).
    pub fn stage_total(&self) -> u32 {
        self.now.total
    }

    /// The job's token, for work that polls it itself (SQLite's progress handler).
    pub fn cancel_token(&self) -> CancelToken {
        self.cancel.clone()
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

/// What [`Job::stream_steps`] reads from, and the number of the next chunk.
struct Source<I> {
    items: I,
    next: usize,
}

/// The next chunk of a stream, numbered, with the reading error that cut it short;
/// `None` at the end.
fn next_chunk<T, I: Iterator<Item = Result<T>>>(
    source: &Mutex<Source<I>>,
) -> Option<(usize, Vec<T>, Option<Error>)> {
    let mut source = source.lock().unwrap_or_else(|p| p.into_inner());
    let mut chunk = Vec::with_capacity(STREAM_CHUNK);
    let mut failed = None;
    for item in source.items.by_ref().take(STREAM_CHUNK) {
        match item {
            Ok(item) => chunk.push(item),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    if chunk.is_empty() && failed.is_none() {
        return None;
    }
    let number = source.next;
    source.next += 1;
    Some((number, chunk, failed))
}

fn steps(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
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
    fn map_steps_keeps_the_order_on_every_core_and_counts_to_the_end() {
        let seen = Mutex::new(Vec::new());
        let mut job = Job::new(CancelToken::new(), |p| {
            seen.lock().unwrap().push(p.done);
        })
        .report_every_step();
        job.stage(Stage::Checking, 50_000).unwrap();
        let items: Vec<u64> = (0..50_000).collect();
        let out = job.map_steps(&items, |n| n * 3).unwrap();
        assert_eq!(out, items.iter().map(|n| n * 3).collect::<Vec<_>>());
        drop(job);
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.last(), Some(&50_000));
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "progress went back");
    }

    #[test]
    fn map_steps_stops_soon_after_a_cancel() {
        let token = CancelToken::new();
        let steps_run = AtomicUsize::new(0);
        let mut job = Job::new(token.clone(), |_| {});
        job.when_cancelled("已取消检查");
        job.stage(Stage::Checking, 100_000).unwrap();
        let items: Vec<u32> = (0..100_000).collect();
        let result = job.map_steps(&items, |&n| {
            if n == 1_000 {
                token.cancel();
            }
            steps_run.fetch_add(1, Ordering::Relaxed);
            n
        });
        let Err(e) = result else {
            panic!("a cancelled map went on to the end");
        };
        assert_eq!(e.to_string(), "已取消检查");
        // Each thread finishes at most the batch it was in.
        let ran = steps_run.load(Ordering::Relaxed);
        assert!(ran < 100_000, "{ran} steps ran after the cancel");
    }

    #[test]
    fn stream_steps_hands_over_in_order_and_ends_at_a_reading_error() {
        for paced in [None, Some(Duration::ZERO)] {
            let mut job = Job::unattended().pace_checking(paced);
            job.stage(Stage::Writing, 0).unwrap();
            let items = (0..10_000u32).map(|n| {
                if n == 7_000 {
                    Err(Error::invalid("file", "第 7002 行无法读取"))
                } else {
                    Ok(n)
                }
            });
            let mut seen = Vec::new();
            let result = job.stream_steps(
                items,
                |n| n * 2,
                |chunk| {
                    seen.extend(chunk);
                    Ok(())
                },
            );
            assert_eq!(result.unwrap_err().to_string(), "第 7002 行无法读取");
            // Everything read before the error was handed over, in order.
            assert_eq!(seen, (0..7_000).map(|n| n * 2).collect::<Vec<_>>());
        }
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
