//! What several test binaries share: a small deterministic random generator, and the
//! binary on a seeded database.

// Each test binary uses a part of these.
#[allow(dead_code)]
pub mod seeded;

/// A small deterministic generator (xorshift), so that a failing case can be run again.
#[allow(dead_code)]
pub struct Rng(pub u64);

#[allow(dead_code)]
impl Rng {
    /// A number below `n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}
