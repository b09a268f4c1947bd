//! Running a statement so that Python stays responsive: the statement runs on the
//! database's worker thread without the interpreter lock, and the calling thread polls
//! for signals, so that Ctrl-C (KeyboardInterrupt) sets the library's cancellation flag.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// How often the waiting thread looks for a pending signal.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// The stack of the worker thread. A variable-length expansion recurses once per hop,
/// and `max_depth` may go up to the library's ceiling; the memory is only reserved, pages
/// are used as the recursion reaches them (the command-line binary does the same).
const WORKER_STACK_BYTES: usize = 512 << 20;

type Job = Box<dyn FnOnce() + Send>;

/// The thread that runs one database's statements, one after another. It lives as long
/// as the database, so that a statement does not pay for starting a thread.
pub struct Worker {
    jobs: Mutex<Sender<Job>>,
}

impl Worker {
    pub fn start() -> std::io::Result<Worker> {
        let (jobs, received) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("kizuna-statements".into())
            .stack_size(WORKER_STACK_BYTES)
            // Ends when the Worker (the only sender) is dropped.
            .spawn(move || received.into_iter().for_each(|job| job()))?;
        Ok(Worker {
            jobs: Mutex::new(jobs),
        })
    }

    fn submit(&self, job: Job) -> PyResult<()> {
        let ended = || PyRuntimeError::new_err("the database's statement thread has ended");
        let jobs = self.jobs.lock().map_err(|_| ended())?;
        jobs.send(job).map_err(|_| ended())
    }
}

/// The library's cancellation flag for one statement.
#[derive(Default, Clone)]
pub struct CancelFlag(Arc<AtomicBool>);

impl CancelFlag {
    pub fn flag(&self) -> Arc<AtomicBool> {
        self.0.clone()
    }

    pub fn is_raised(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    fn raise(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Runs `work` on `worker` and waits for it without the interpreter lock. When a signal
/// handler raises meanwhile (Ctrl-C: KeyboardInterrupt), `cancel` is set, the work is
/// waited for (a cancelled statement rolls back before it returns; work that had not
/// started yet should see the flag and not start), and the handler's exception is
/// returned instead of the work's outcome. A panic in `work` reaches Python as a
/// PanicException, as one on this thread would.
pub fn interruptible<T: Send + 'static>(
    py: Python<'_>,
    cancel: &CancelFlag,
    worker: &Worker,
    work: impl FnOnce() -> T + Send + 'static,
) -> PyResult<T> {
    let (reply, replied) = mpsc::channel();
    worker.submit(Box::new(move || {
        // The caller waits for the reply, so a send fails only if it is gone.
        let _ = reply.send(panic::catch_unwind(AssertUnwindSafe(work)));
    }))?;
    py.detach(move || {
        let mut interrupted = None;
        loop {
            match replied.recv_timeout(SIGNAL_POLL) {
                Ok(outcome) => {
                    let value = outcome.unwrap_or_else(|payload| panic::resume_unwind(payload));
                    return match interrupted {
                        Some(signal) => Err(signal),
                        None => Ok(value),
                    };
                }
                Err(RecvTimeoutError::Timeout) => {
                    if interrupted.is_none() {
                        if let Err(signal) = Python::attach(|py| py.check_signals()) {
                            cancel.raise();
                            interrupted = Some(signal);
                        }
                    }
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err(PyRuntimeError::new_err(
                        "the database's statement thread ended during a statement",
                    ))
                }
            }
        }
    })
}
