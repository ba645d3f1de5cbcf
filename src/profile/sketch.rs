//! Bounded-memory summaries of a stream of values: distinct counts, frequent values
//! and repeated rows. Each keeps a fixed amount of memory however long the stream is.

use std::hash::Hasher;

use rustc_hash::{FxHashMap, FxHashSet, FxHasher};

/// A 64-bit hash of a value with well-mixed bits (FxHash plus the MurmurHash3
/// finaliser), as the sketches need.
#[inline]
pub(crate) fn hash_bytes(v: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(v);
    h.write_usize(v.len());
    mix(h.finish())
}

/// MurmurHash3's 64-bit finaliser.
#[inline]
pub(crate) fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Register index bits of the HyperLogLog (4096 registers, about 1.6 % standard error).
const HLL_BITS: u32 = 12;
const HLL_REGISTERS: usize = 1 << HLL_BITS;
/// Distinct hashes kept exactly before switching to HyperLogLog.
const EXACT_LIMIT: usize = 1024;

/// Distinct-value estimate: exact up to [`EXACT_LIMIT`] values, then a HyperLogLog
/// with linear counting for the small range (4 KiB per column).
#[derive(Clone, Debug, Default)]
pub(crate) struct Distinct {
    exact: FxHashSet<u64>,
    registers: Option<Box<[u8; HLL_REGISTERS]>>,
}

impl Distinct {
    #[inline]
    pub(crate) fn add(&mut self, hash: u64) {
        if let Some(registers) = &mut self.registers {
            let index = (hash >> (64 - HLL_BITS)) as usize;
            let rank = ((hash << HLL_BITS) | (1 << (HLL_BITS - 1))).leading_zeros() as u8 + 1;
            if registers[index] < rank {
                registers[index] = rank;
            }
            return;
        }
        self.exact.insert(hash);
        if self.exact.len() > EXACT_LIMIT {
            let mut registers = Box::new([0u8; HLL_REGISTERS]);
            for h in self.exact.drain() {
                let index = (h >> (64 - HLL_BITS)) as usize;
                let rank = ((h << HLL_BITS) | (1 << (HLL_BITS - 1))).leading_zeros() as u8 + 1;
                registers[index] = registers[index].max(rank);
            }
            self.exact = FxHashSet::default();
            self.registers = Some(registers);
        }
    }

    /// The estimate.
    pub(crate) fn estimate(&self) -> u64 {
        let Some(registers) = &self.registers else {
            return self.exact.len() as u64;
        };
        let m = HLL_REGISTERS as f64;
        let mut sum = 0.0;
        let mut zeros = 0u32;
        for &r in registers.iter() {
            sum += 1.0 / f64::from(1u32 << r.min(31));
            zeros += u32::from(r == 0);
        }
        let alpha = 0.7213 / (1.0 + 1.079 / m);
        let raw = alpha * m * m / sum;
        let estimate = if raw <= 2.5 * m && zeros > 0 {
            m * (m / f64::from(zeros)).ln()
        } else {
            raw
        };
        estimate.round() as u64
    }
}

/// A value counted by [`Frequent`].
#[derive(Clone, Debug)]
struct Counter {
    count: u64,
    /// The value, kept from its second occurrence on (a value seen once never needs it).
    value: Option<Box<str>>,
}

/// Frequent values by the Misra–Gries algorithm: at most `2 × capacity` counters;
/// when they are full, every counter drops by the `capacity`-th largest count and
/// counters at zero go. Counts are lower bounds, exact while no counter was dropped.
#[derive(Clone, Debug)]
pub(crate) struct Frequent {
    counters: FxHashMap<u64, Counter>,
    capacity: usize,
    /// Total subtracted from every counter so far (the largest possible undercount).
    dropped: u64,
}

/// Values longer than this are not counted as frequent values.
pub(crate) const FREQUENT_MAX_LEN: usize = 64;

impl Frequent {
    pub(crate) fn new(capacity: usize) -> Frequent {
        Frequent {
            counters: FxHashMap::default(),
            capacity: capacity.max(1),
            dropped: 0,
        }
    }

    /// Counts a value of at most [`FREQUENT_MAX_LEN`] bytes.
    #[inline]
    pub(crate) fn add(&mut self, hash: u64, value: &str) {
        if value.len() <= FREQUENT_MAX_LEN {
            self.add_with(hash, || value.into());
        }
    }

    /// Counts a value whose text is made only when it is needed (from its second
    /// occurrence on).
    #[inline]
    pub(crate) fn add_with(&mut self, hash: u64, value: impl FnOnce() -> Box<str>) {
        if let Some(c) = self.counters.get_mut(&hash) {
            c.count += 1;
            if c.value.is_none() {
                c.value = Some(value());
            }
            return;
        }
        if self.counters.len() >= 2 * self.capacity {
            self.shrink();
        }
        self.counters.insert(
            hash,
            Counter {
                count: 1,
                value: None,
            },
        );
    }

    fn shrink(&mut self) {
        let mut counts: Vec<u64> = self.counters.values().map(|c| c.count).collect();
        let k = counts.len() - self.capacity;
        let (_, cut, _) = counts.select_nth_unstable(k);
        let cut = (*cut).max(1);
        self.dropped += cut;
        self.counters.retain(|_, c| {
            c.count = c.count.saturating_sub(cut);
            c.count > 0
        });
    }

    /// Values counted at least `min` times (lower bounds), most frequent first (ties
    /// by value), at most `limit`. Once counters were dropped, a count is only reported
    /// when it exceeds the total dropped (so the true count lies within a factor of two
    /// of it); in a column without truly frequent values nothing is reported.
    pub(crate) fn top(&self, min: u64, limit: usize) -> Vec<(String, u64)> {
        let mut out: Vec<(String, u64)> = self
            .counters
            .values()
            .filter(|c| c.count >= min && c.count > self.dropped)
            .filter_map(|c| c.value.as_deref().map(|v| (v.to_owned(), c.count)))
            .collect();
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        out.truncate(limit);
        out
    }

    /// Whether any counter was dropped (counts are then lower bounds).
    #[cfg(test)]
    pub(crate) fn approximate(&self) -> bool {
        self.dropped > 0
    }
}

/// Counts rows that repeat an earlier row, by row hash. Exact while at most `capacity`
/// distinct rows were seen; beyond that only rows whose hash has the lowest `level`
/// bits zero are kept (all copies of a row share its hash, so a repeated row is
/// either kept with all its copies or not at all) and the count is scaled by
/// `2^level`: an unbiased estimate in bounded memory.
#[derive(Clone, Debug)]
pub(crate) struct RepeatedRows {
    seen: FxHashMap<u64, u32>,
    level: u32,
    repeats: u64,
    capacity: usize,
}

impl RepeatedRows {
    pub(crate) fn new(capacity: usize) -> RepeatedRows {
        RepeatedRows {
            seen: FxHashMap::default(),
            level: 0,
            repeats: 0,
            capacity: capacity.max(16),
        }
    }

    #[inline]
    pub(crate) fn add(&mut self, hash: u64) {
        if self.level > 0 && hash & ((1u64 << self.level) - 1) != 0 {
            return;
        }
        let count = self.seen.entry(hash).or_insert(0);
        *count += 1;
        if *count > 1 {
            self.repeats += 1;
        } else if self.seen.len() > self.capacity {
            self.level += 1;
            let mask = (1u64 << self.level) - 1;
            self.seen.retain(|h, _| h & mask == 0);
            self.repeats = self.seen.values().map(|&c| u64::from(c - 1)).sum();
        }
    }

    /// Estimated number of repeated rows (exact when [`Self::is_exact`]).
    pub(crate) fn count(&self) -> u64 {
        self.repeats << self.level
    }

    /// Whether the count is exact.
    pub(crate) fn is_exact(&self) -> bool {
        self.level == 0
    }
}

/// A small deterministic random generator (SplitMix64) for reservoir sampling: the
/// same file always gives the same profile.
#[derive(Clone, Debug)]
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub(crate) fn new(seed: u64) -> SplitMix {
        SplitMix(seed)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// A number in `0..n`.
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }
}

/// A uniform sample of at most `capacity` numbers (Algorithm R, deterministic).
#[derive(Clone, Debug)]
pub(crate) struct Reservoir<T> {
    values: Vec<T>,
    seen: u64,
    capacity: usize,
    rng: SplitMix,
}

impl<T: Copy> Reservoir<T> {
    pub(crate) fn new(capacity: usize, seed: u64) -> Reservoir<T> {
        Reservoir {
            values: Vec::new(),
            seen: 0,
            capacity,
            rng: SplitMix::new(seed),
        }
    }

    pub(crate) fn add(&mut self, v: T) {
        self.seen += 1;
        if self.values.len() < self.capacity {
            self.values.push(v);
        } else {
            let j = self.rng.below(self.seen);
            if (j as usize) < self.capacity {
                self.values[j as usize] = v;
            }
        }
    }

    /// The sample and how many numbers it stands for.
    pub(crate) fn sample(&self) -> (&[T], u64) {
        (&self.values, self.seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_is_exact_when_small_and_close_when_large() {
        let mut d = Distinct::default();
        for i in 0..500u32 {
            d.add(hash_bytes(&(i % 300).to_le_bytes()));
        }
        assert_eq!(d.estimate(), 300);
        let mut d = Distinct::default();
        for i in 0..200_000u32 {
            d.add(hash_bytes(i.to_string().as_bytes()));
        }
        let e = d.estimate() as f64;
        assert!((e - 200_000.0).abs() / 200_000.0 < 0.05, "{e}");
        let mut d = Distinct::default();
        for i in 0..3000u32 {
            d.add(hash_bytes(i.to_string().as_bytes()));
        }
        let e = d.estimate() as f64;
        assert!((e - 3000.0).abs() / 3000.0 < 0.03, "{e}");
    }

    #[test]
    fn frequent_values_survive_a_long_tail() {
        let mut f = Frequent::new(64);
        for i in 0..100_000u32 {
            let v = if i % 10 == 0 {
                "häufig".to_owned()
            } else if i % 25 == 0 {
                "oft".to_owned()
            } else {
                format!("selten{i}")
            };
            f.add(hash_bytes(v.as_bytes()), &v);
        }
        let top = f.top(5, 10);
        assert_eq!(top[0].0, "häufig");
        assert!(top[0].1 <= 10_000 && top[0].1 > 5_000, "{top:?}");
        assert_eq!(top[1].0, "oft");
        assert!(f.approximate());
        assert!(top.iter().all(|(v, _)| !v.starts_with("selten")));
    }

    #[test]
    fn uniform_columns_have_no_frequent_values() {
        let mut f = Frequent::new(16);
        for i in 0..100_000u32 {
            let v = format!("{:04}", i % 1440);
            f.add(hash_bytes(v.as_bytes()), &v);
        }
        assert!(f.approximate());
        assert!(f.top(5, 10).is_empty(), "{:?}", f.top(5, 10));
    }

    #[test]
    fn frequent_counts_are_exact_for_small_columns_and_rare_values_hidden() {
        let mut f = Frequent::new(64);
        for v in ["a", "b", "a", "a", "c", "a", "a", "b"] {
            f.add(hash_bytes(v.as_bytes()), v);
        }
        assert_eq!(f.top(5, 10), vec![("a".to_owned(), 5)]);
        assert_eq!(f.top(2, 10).len(), 2);
        assert!(!f.approximate());
    }

    #[test]
    fn repeated_rows_exact_then_estimated() {
        let mut r = RepeatedRows::new(1000);
        for i in 0..500u64 {
            r.add(mix(i));
            if i % 50 == 0 {
                r.add(mix(i));
            }
        }
        assert_eq!(r.count(), 10);
        assert!(r.is_exact());
        let mut r = RepeatedRows::new(4096);
        for i in 0..200_000u64 {
            r.add(mix(i));
            if i % 10 == 0 {
                r.add(mix(i));
            }
        }
        assert!(!r.is_exact());
        let c = r.count() as f64;
        assert!((c - 20_000.0).abs() / 20_000.0 < 0.15, "{c}");
    }

    #[test]
    fn reservoir_is_bounded_and_deterministic() {
        let mut a = Reservoir::new(100, 7);
        let mut b = Reservoir::new(100, 7);
        for i in 0..10_000 {
            a.add(f64::from(i));
            b.add(f64::from(i));
        }
        assert_eq!(a.sample().0, b.sample().0);
        assert_eq!(a.sample().0.len(), 100);
        assert_eq!(a.sample().1, 10_000);
        assert!(a.sample().0.iter().any(|&v| v > 5000.0));
    }
}
