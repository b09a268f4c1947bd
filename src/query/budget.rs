//! The time, cancellation and memory limits of one statement, shared by the executor and
//! the evaluator: every loop that grows with its input reports its work here, and every
//! place that keeps or builds values reports their estimated size.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::query::{ErrorKind, QueryError};
use crate::value::Value;
use crate::ExecOptions;

/// Units of work between two looks at the clock and the cancellation flag. A unit is about
/// one loop iteration; bulk operations report one unit per [`BYTES_PER_UNIT`] bytes.
const CHECK_EVERY: usize = 1024;

/// How many bytes of copying or scanning count as one unit of work.
pub const BYTES_PER_UNIT: usize = 1024;

/// The slot one value takes in a list or a row.
pub const VALUE_BYTES: usize = std::mem::size_of::<Value>();

/// What the allocator spends on each heap block besides its contents (a rough figure: a
/// header and rounding).
const BLOCK_BYTES: usize = 16;

/// The limits of one statement and what it has used of them so far.
#[derive(Debug)]
pub struct Budget {
    started: Instant,
    timeout: Option<Duration>,
    cancel: Option<Arc<AtomicBool>>,
    max_memory: Option<usize>,
    /// Work reported since the clock was last read.
    work: Cell<usize>,
    /// Estimated bytes the statement holds: rows and values kept for later, and values
    /// being built by the expression under evaluation.
    held: Cell<usize>,
    /// Told of the work done each time the clock is read, for a display.
    progress: Option<Arc<crate::progress::Progress>>,
    /// The statement's one reading of the wall clock (nanoseconds since the Unix epoch),
    /// taken when first asked for: what `date()`, `datetime.statement()` … return.
    statement_clock: std::cell::OnceCell<i128>,
}

impl Budget {
    pub fn new(options: &ExecOptions) -> Budget {
        Budget {
            started: Instant::now(),
            timeout: options.timeout,
            cancel: options.cancel.clone(),
            max_memory: options.max_memory,
            work: Cell::new(0),
            held: Cell::new(0),
            progress: options.progress.clone(),
            statement_clock: std::cell::OnceCell::new(),
        }
    }

    /// The statement's instant: the same for every call within one statement.
    pub fn statement_time(&self) -> i128 {
        *self.statement_clock.get_or_init(wall_clock_nanos)
    }

    /// The budget of a helper thread that does part of this statement's work: the same
    /// clock, limits, cancellation flag and statement instant, holding what this one holds
    /// now (so that it stops where the statement would). [`Budget::absorb`] takes back
    /// what it holds at the end.
    pub fn for_helper(&self) -> Budget {
        Budget {
            started: self.started,
            timeout: self.timeout,
            cancel: self.cancel.clone(),
            max_memory: self.max_memory,
            work: Cell::new(0),
            held: Cell::new(self.held.get()),
            progress: self.progress.clone(),
            statement_clock: std::cell::OnceCell::from(self.statement_time()),
        }
    }

    /// Charges what a helper made by [`Budget::for_helper`] holds beyond what this budget
    /// held when the helper was made (`held_then`): the values it hands back.
    pub fn absorb(&self, helper: &Budget, held_then: usize) -> Result<(), QueryError> {
        self.charge(helper.held.get().saturating_sub(held_then))
    }

    /// A budget without limits.
    pub fn unlimited() -> Budget {
        Budget::new(&ExecOptions::default())
    }

    /// Reports one unit of work: one iteration of a loop that grows with its input.
    #[inline]
    pub fn tick(&self) -> Result<(), QueryError> {
        self.work(1)
    }

    /// Reports `units` of work; the clock is read once every [`CHECK_EVERY`] units, so a
    /// counter and a branch are all a call usually costs.
    #[inline]
    pub fn work(&self, units: usize) -> Result<(), QueryError> {
        let done = self.work.get().saturating_add(units);
        if done < CHECK_EVERY {
            self.work.set(done);
            return Ok(());
        }
        self.work.set(0);
        if let Some(progress) = &self.progress {
            progress.advance(done as u64);
        }
        self.check()
    }

    /// Reports the work of copying or scanning `bytes` bytes.
    #[inline]
    pub fn work_bytes(&self, bytes: usize) -> Result<(), QueryError> {
        self.work(bytes / BYTES_PER_UNIT)
    }

    /// Fails when the statement was cancelled or has run past its time limit.
    pub fn check(&self) -> Result<(), QueryError> {
        if let Some(cancel) = &self.cancel {
            if cancel.load(Ordering::Relaxed) {
                return Err(QueryError::runtime(
                    ErrorKind::Cancelled,
                    "Cancelled",
                    "the query was cancelled",
                ));
            }
        }
        if let Some(limit) = self.timeout {
            if self.started.elapsed() > limit {
                return Err(QueryError::runtime(
                    ErrorKind::LimitExceeded,
                    "TimeLimit",
                    format!(
                        "the query ran longer than the time limit of {:.1} s; raise it with --timeout SECONDS",
                        limit.as_secs_f64()
                    ),
                ));
            }
        }
        Ok(())
    }

    /// Whether sizes are counted at all: without a memory limit, nothing is estimated.
    #[inline]
    pub fn counts_memory(&self) -> bool {
        self.max_memory.is_some()
    }

    /// Adds `bytes` to what the statement holds; fails past the memory limit.
    #[inline]
    pub fn charge(&self, bytes: usize) -> Result<(), QueryError> {
        let Some(max) = self.max_memory else {
            return Ok(());
        };
        let held = self.held.get().saturating_add(bytes);
        self.held.set(held);
        if held > max {
            return Err(memory_exceeded(max));
        }
        Ok(())
    }

    /// Adds `bytes` that a shortcut keeps for itself when the statement then holds at
    /// most a `1 / part` share of the memory limit, so that what the statement must keep
    /// still fits beside; false, adding nothing, past it (the shortcut then does without).
    pub fn charge_spare(&self, bytes: usize, part: usize) -> bool {
        let Some(max) = self.max_memory else {
            return true;
        };
        let held = self.held.get().saturating_add(bytes);
        if held > max / part.max(1) {
            return false;
        }
        self.held.set(held);
        true
    }

    /// Adds the estimated size of `value`, which the caller keeps.
    pub fn charge_value(&self, value: &Value) -> Result<(), QueryError> {
        if !self.counts_memory() {
            return Ok(());
        }
        self.charge(VALUE_BYTES + heap_bytes(value))
    }

    /// Adds the estimated size of a kept row.
    pub fn charge_row(&self, row: &[Value]) -> Result<(), QueryError> {
        if !self.counts_memory() {
            return Ok(());
        }
        self.charge(row_bytes(row))
    }

    /// Takes `bytes` charged earlier off what the statement holds: their values were
    /// dropped.
    #[inline]
    pub fn release(&self, bytes: usize) {
        self.held.set(self.held.get().saturating_sub(bytes));
    }

    /// What the statement holds now, to [`Budget::restore`] once the values built since
    /// are dropped.
    #[inline]
    pub fn mark(&self) -> usize {
        self.held.get()
    }

    /// Forgets what was charged since `mark`: those values were dropped (or the caller
    /// charges what it keeps of them anew).
    #[inline]
    pub fn restore(&self, mark: usize) {
        self.held.set(mark);
    }
}

fn memory_exceeded(max: usize) -> QueryError {
    QueryError::runtime(
        ErrorKind::LimitExceeded,
        "MemoryLimit",
        format!(
            "the query would hold more than the memory limit of {}; raise it with --max-memory SIZE",
            format_size(max)
        ),
    )
}

/// Bytes as the largest whole unit that keeps a decimal: `512 MiB`, `1.5 GiB`.
pub fn format_size(bytes: usize) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut amount = bytes as f64 / 1024.0;
    let mut unit = 0;
    while amount >= 1024.0 && unit + 1 < UNITS.len() {
        amount /= 1024.0;
        unit += 1;
    }
    let text = format!("{amount:.1}");
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text} {}", UNITS[unit])
}

/// Reads a size: plain bytes (`1048576`) or a number with a unit, `K`, `M`, `G` or `T`
/// (powers of 1024, with or without a trailing `B` or `iB`, any case): `512M`, `2G`,
/// `1.5GiB`.
pub fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim();
    let digits_end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(digits_end);
    let number: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit
        .strip_suffix("ib")
        .or_else(|| unit.strip_suffix('b'))
        .unwrap_or(&unit);
    let scale: f64 = match unit {
        "" => 1.0,
        "k" => 1024.0,
        "m" => 1024.0 * 1024.0,
        "g" => 1024.0 * 1024.0 * 1024.0,
        "t" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        _ => return None,
    };
    let bytes = number * scale;
    (bytes.is_finite() && bytes >= 1.0 && bytes < usize::MAX as f64).then_some(bytes as usize)
}

/// An estimate of the heap bytes a value owns besides its own slot: string and list
/// buffers, map entries, paths.
pub fn heap_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) if s.capacity() > 0 => s.capacity() + BLOCK_BYTES,
        Value::List(items) if items.capacity() > 0 => {
            items.capacity() * VALUE_BYTES
                + BLOCK_BYTES
                + items.iter().map(heap_bytes).sum::<usize>()
        }
        Value::Map(map) => map
            .iter()
            .map(|(key, value)| {
                // A B-tree keeps up to 11 entries a node; charge each entry its share.
                key.capacity()
                    + BLOCK_BYTES
                    + std::mem::size_of::<String>()
                    + VALUE_BYTES
                    + heap_bytes(value)
            })
            .sum(),
        Value::Path(path) => {
            std::mem::size_of::<crate::value::Path>()
                + (path.nodes.capacity() + path.relationships.capacity()) * 8
                + 3 * BLOCK_BYTES
        }
        Value::DateTime(dt) => {
            std::mem::size_of::<crate::temporal::DateTime>()
                + BLOCK_BYTES
                + dt.zone.as_ref().map_or(0, |zone| zone.len() + BLOCK_BYTES)
        }
        Value::Duration(_) => std::mem::size_of::<crate::temporal::Duration>() + BLOCK_BYTES,
        _ => 0,
    }
}

/// An estimate of the bytes a row of values takes, its own slots included.
pub fn row_bytes(row: &[Value]) -> usize {
    row.len() * VALUE_BYTES + BLOCK_BYTES + row.iter().map(heap_bytes).sum::<usize>()
}

/// Nanoseconds since the Unix epoch, now.
pub fn wall_clock_nanos() -> i128 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(since) => since.as_nanos() as i128,
        Err(before) => -(before.duration().as_nanos() as i128),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_and_without_units() {
        assert_eq!(parse_size("1048576"), Some(1 << 20));
        assert_eq!(parse_size("512M"), Some(512 << 20));
        assert_eq!(parse_size("2G"), Some(2 << 30));
        assert_eq!(parse_size("2gb"), Some(2 << 30));
        assert_eq!(parse_size("1.5GiB"), Some(3 << 29));
        assert_eq!(parse_size("64 k"), Some(64 << 10));
        for bad in ["", "M", "-1G", "12X", "0", "1e3", "nan"] {
            assert_eq!(parse_size(bad), None, "{bad}");
        }
    }

    #[test]
    fn sizes_print_in_the_largest_unit() {
        assert_eq!(format_size(100), "100 bytes");
        assert_eq!(format_size(512 << 20), "512 MiB");
        assert_eq!(format_size(3 << 29), "1.5 GiB");
    }

    #[test]
    fn memory_counts_up_to_the_limit_and_restores() {
        let budget = Budget::new(&ExecOptions {
            max_memory: Some(1000),
            ..ExecOptions::default()
        });
        assert!(budget.charge(600).is_ok());
        let mark = budget.mark();
        assert!(budget.charge(300).is_ok());
        budget.restore(mark);
        assert!(budget.charge(400).is_ok());
        let err = budget.charge(1).unwrap_err();
        assert_eq!(err.kind, ErrorKind::LimitExceeded);
        assert!(err.message.contains("--max-memory"), "{}", err.message);
    }

    #[test]
    fn nested_values_count_their_contents() {
        let inner = Value::List(vec![Value::Int(1); 100]);
        let outer = Value::List(vec![inner.clone(), inner.clone()]);
        assert!(heap_bytes(&outer) > 2 * heap_bytes(&inner));
        assert!(heap_bytes(&inner) >= 100 * VALUE_BYTES);
        assert_eq!(heap_bytes(&Value::Int(5)), 0);
    }
}
