//! Running a statement so that Python stays responsive: the statement runs on a worker
//! thread without the interpreter lock, and the calling thread polls for signals, so
//! that Ctrl-C (KeyboardInterrupt) sets the library's cancellation flag.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use pyo3::prelude::*;

/// How often the waiting thread looks for a pending signal.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// The stack of the worker thread. A variable-length expansion recurses once per hop,
/// and `max_depth` may go up to the library's ceiling; the memory is only reserved, pages
/// are used as the recursion reaches them (the command-line binary does the same).
const WORKER_STACK_BYTES: usize = 512 << 20;

/// The library's cancellation flag for one statement.
#[derive(Default)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.0.clone()
    }

    fn raise(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` on a worker thread without the interpreter lock. When a signal handler
/// raises meanwhile (Ctrl-C: KeyboardInterrupt), `cancel` is set, the worker is waited
/// for (a cancelled statement rolls back before it returns), and the handler's exception
/// is returned instead of the work's outcome.
pub fn interruptible<T: Send>(
    py: Python<'_>,
    cancel: &CancelFlag,
    work: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    py.detach(|| {
        std::thread::scope(|scope| {
            let (done, finished) = mpsc::channel();
            let worker = std::thread::Builder::new()
                .name("kizuna-statement".into())
                .stack_size(WORKER_STACK_BYTES)
                .spawn_scoped(scope, move || {
                    let outcome = work();
                    // The receiver lives until the worker is joined.
                    let _ = done.send(());
                    outcome
                })
                .map_err(|e| {
                    pyo3::exceptions::PyRuntimeError::new_err(format!(
                        "cannot start a thread for the statement: {e}"
                    ))
                })?;
            let mut interrupted = None;
            while let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(SIGNAL_POLL) {
                if interrupted.is_none() {
                    if let Err(signal) = Python::attach(|py| py.check_signals()) {
                        cancel.raise();
                        interrupted = Some(signal);
                    }
                }
            }
            // A panic in the library reaches Python as a PanicException, as one on this
            // thread would.
            let outcome = worker
                .join()
                .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
            match interrupted {
                Some(signal) => Err(signal),
                None => Ok(outcome),
            }
        })
    })
}
