//! Progress of a running statement: a counter the executor bumps as it works, and a
//! spinner on standard error that appears when a statement has run for a while on a
//! terminal, so that a slow statement can be told from a hung one.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle, TermLike};

/// What a statement has done so far; shared between the executor and the display.
#[derive(Debug, Default)]
pub struct Progress {
    visited: AtomicU64,
}

impl Progress {
    /// Counts `steps` more relationships expanded or rows read.
    pub fn advance(&self, steps: u64) {
        self.visited.fetch_add(steps, Ordering::Relaxed);
    }

    pub fn visited(&self) -> u64 {
        self.visited.load(Ordering::Relaxed)
    }
}

/// How long a statement runs before its progress is shown: shorter would flash on
/// ordinary queries.
pub const SHOW_AFTER: Duration = Duration::from_secs(2);

/// A spinner on standard error for one statement, shown once it has run `SHOW_AFTER`;
/// dropping it removes the line.
pub struct ProgressDisplay {
    progress: Arc<Progress>,
    done: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl ProgressDisplay {
    /// A display when standard error is a terminal; `None` otherwise, so that nothing is
    /// printed into logs or pipes.
    pub fn on_terminal() -> Option<ProgressDisplay> {
        std::io::stderr().is_terminal().then(ProgressDisplay::start)
    }

    fn start() -> ProgressDisplay {
        let progress = Arc::new(Progress::default());
        let done = Arc::new(AtomicBool::new(false));
        let thread = {
            let (progress, done) = (progress.clone(), done.clone());
            std::thread::Builder::new()
                .name("progress".into())
                .spawn(move || show(&progress, &done))
                .ok()
        };
        ProgressDisplay {
            progress,
            done,
            thread,
        }
    }

    /// The counter the executor advances.
    pub fn counter(&self) -> Arc<Progress> {
        self.progress.clone()
    }
}

impl Drop for ProgressDisplay {
    fn drop(&mut self) {
        self.done.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// The line shown while a statement runs.
pub fn describe(visited: u64, elapsed: Duration) -> String {
    format!(
        "running: {} relationships and rows visited, {:.0} s (Ctrl-C cancels)",
        group_thousands(visited),
        elapsed.as_secs_f64().floor()
    )
}

fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Waits `SHOW_AFTER` (or until done), then redraws the spinner every tenth of a second
/// until done, and clears it.
fn show(progress: &Progress, done: &AtomicBool) {
    let started = Instant::now();
    while started.elapsed() < SHOW_AFTER {
        if done.load(Ordering::Relaxed) {
            return;
        }
        std::thread::park_timeout(Duration::from_millis(50));
    }
    let target = ProgressDrawTarget::term_like(Box::new(Stderr));
    let spinner = ProgressBar::with_draw_target(None, target);
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg}") {
        spinner.set_style(style);
    }
    while !done.load(Ordering::Relaxed) {
        spinner.set_message(describe(progress.visited(), started.elapsed()));
        spinner.tick();
        std::thread::park_timeout(Duration::from_millis(100));
    }
    spinner.finish_and_clear();
}

/// Standard error as indicatif's terminal, a few columns narrower than it is: indicatif
/// fills its line to the right edge, and the `^C` a terminal echoes when the statement
/// is cancelled would otherwise wrap onto a new line, leaving the spinner's line behind.
#[derive(Debug)]
struct Stderr;

/// Columns kept free at the right of the spinner's line, for the echoed `^C`.
const ECHO_ROOM: u16 = 3;

impl Stderr {
    fn write(&self, text: &str) -> std::io::Result<()> {
        use std::io::Write;
        std::io::stderr().write_all(text.as_bytes())
    }

    /// Moves the cursor `n` places in `direction` (`A` up, `B` down, `C` right, `D`
    /// left); terminals read a count of 0 as 1, so none is written then.
    fn cursor(&self, n: usize, direction: char) -> std::io::Result<()> {
        if n == 0 {
            return Ok(());
        }
        self.write(&format!("\x1b[{n}{direction}"))
    }
}

impl TermLike for Stderr {
    fn width(&self) -> u16 {
        // SAFETY: TIOCGWINSZ fills a plain struct we own; a failure leaves it zeroed.
        let mut size: libc::winsize = unsafe { std::mem::zeroed() };
        let ok = unsafe { libc::ioctl(libc::STDERR_FILENO, libc::TIOCGWINSZ, &mut size) } == 0;
        let columns = if ok && size.ws_col > 0 {
            size.ws_col
        } else {
            80
        };
        columns.saturating_sub(ECHO_ROOM).max(20)
    }

    fn move_cursor_up(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'A')
    }

    fn move_cursor_down(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'B')
    }

    fn move_cursor_right(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'C')
    }

    fn move_cursor_left(&self, n: usize) -> std::io::Result<()> {
        self.cursor(n, 'D')
    }

    fn write_line(&self, s: &str) -> std::io::Result<()> {
        self.write(&format!("{s}\n"))
    }

    fn write_str(&self, s: &str) -> std::io::Result<()> {
        self.write(s)
    }

    fn clear_line(&self) -> std::io::Result<()> {
        self.write("\r\x1b[2K")
    }

    fn flush(&self) -> std::io::Result<()> {
        use std::io::Write;
        std::io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_counts_readably() {
        assert_eq!(
            describe(1_234_567, Duration::from_millis(2500)),
            "running: 1,234,567 relationships and rows visited, 2 s (Ctrl-C cancels)"
        );
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1000), "1,000");
    }
}
