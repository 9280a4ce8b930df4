//! Waiting for a report's execution to complete.

use std::time::{Duration, Instant};

use super::Client;
use super::errors::Error;
use super::execution::{Execution, ExecutionStatus};
use super::requests::ExecutionFilter;

/// The executions of a report, or the documented "none yet" state (a 404
/// before the first run).
#[derive(Debug, Clone, PartialEq)]
pub enum Executions {
    /// The report has no execution matching the filter yet; the API's message.
    NoneYet(String),
    /// The executions found.
    Found(Vec<Execution>),
}

impl Executions {
    /// The executions (empty for `NoneYet`).
    pub fn into_vec(self) -> Vec<Execution> {
        match self {
            Executions::NoneYet(_) => Vec::new(),
            Executions::Found(v) => v,
        }
    }

    /// The last one listed, if any.
    pub fn latest(&self) -> Option<&Execution> {
        match self {
            Executions::NoneYet(_) => None,
            Executions::Found(v) => v.last(),
        }
    }
}

/// How long and how often to poll.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitOptions {
    /// Give up after this long.
    pub timeout: Duration,
    /// The first pause between polls; it doubles up to `max_poll`.
    pub first_poll: Duration,
    /// The longest pause between polls.
    pub max_poll: Duration,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            timeout: Duration::from_secs(3600),
            first_poll: Duration::from_secs(10),
            max_poll: Duration::from_secs(120),
        }
    }
}

/// What a poll saw, for a progress display.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitProgress {
    /// Polls so far.
    pub polls: u32,
    /// Time since waiting began.
    pub elapsed: Duration,
    /// The latest execution's status, or `None` before the first run.
    pub status: Option<ExecutionStatus>,
    /// The latest execution's id.
    pub execution_id: Option<String>,
}

impl Client {
    /// Poll the report's latest execution (any status) until one is
    /// Completed, one ends in another final state, or `opts.timeout` passes.
    /// `progress` is called after every poll.
    pub async fn wait_for_execution(
        &self,
        report_id: &str,
        opts: &WaitOptions,
        mut progress: impl FnMut(&WaitProgress),
    ) -> Result<Execution, Error> {
        let start = Instant::now();
        let filter = ExecutionFilter {
            statuses: ["Pending", "Running", "Paused", "Completed"]
                .map(String::from)
                .to_vec(),
            latest: Some(true),
            ..ExecutionFilter::default()
        };
        let mut pause = opts.first_poll;
        let mut polls = 0u32;
        let mut last = "none yet".to_string();
        loop {
            let found = self.executions(report_id, &filter).await?;
            polls += 1;
            let latest = found.latest().cloned();
            let status = latest.as_ref().map(Execution::status);
            progress(&WaitProgress {
                polls,
                elapsed: start.elapsed(),
                status: status.clone(),
                execution_id: latest.as_ref().and_then(|e| e.execution_id.clone()),
            });
            match (latest, status) {
                (Some(e), Some(ExecutionStatus::Completed)) => return Ok(e),
                (Some(e), Some(ExecutionStatus::Other(s))) if !s.is_empty() => {
                    return Err(Error::ExecutionFailed {
                        report_id: report_id.into(),
                        execution_id: e.execution_id.unwrap_or_default(),
                        status: s,
                    });
                }
                (_, Some(s)) => last = s.to_string(),
                _ => {}
            }
            let left = opts.timeout.saturating_sub(start.elapsed());
            if left.is_zero() {
                return Err(Error::Deadline {
                    report_id: report_id.into(),
                    last_status: last,
                });
            }
            tokio::time::sleep(pause.min(left)).await;
            pause = (pause * 2).min(opts.max_poll);
        }
    }
}
