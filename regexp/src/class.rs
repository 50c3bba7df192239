//! Character sets as sorted, disjoint, non-adjacent inclusive ranges of
//! code points (or code units in non-Unicode mode), with the set algebra the
//! class grammar needs (union, intersection, difference, complement).

/// The largest character of a mode: code points in `u`/`v` mode, code units
/// otherwise.
pub fn max_char(unicode: bool) -> u32 {
    if unicode {
        0x10FFFF
    } else {
        0xFFFF
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    pub fn new() -> CharSet {
        CharSet { ranges: Vec::new() }
    }

    pub fn single(c: u32) -> CharSet {
        CharSet {
            ranges: vec![(c, c)],
        }
    }

    pub fn range(a: u32, b: u32) -> CharSet {
        CharSet {
            ranges: vec![(a, b)],
        }
    }

    /// A set from ranges in any order, possibly overlapping.
    pub fn from_ranges(mut r: Vec<(u32, u32)>) -> CharSet {
        r.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(r.len());
        for (a, b) in r {
            if let Some(last) = out.last_mut() {
                if a <= last.1.saturating_add(1) {
                    last.1 = last.1.max(b);
                    continue;
                }
            }
            out.push((a, b));
        }
        CharSet { ranges: out }
    }

    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// The only character of a one-character set.
    pub fn single_char(&self) -> Option<u32> {
        match self.ranges.as_slice() {
            [(a, b)] if a == b => Some(*a),
            _ => None,
        }
    }

    pub fn contains(&self, c: u32) -> bool {
        contains_in(&self.ranges, c)
    }

    pub fn add(&mut self, c: u32) {
        self.add_range(c, c);
    }

    pub fn add_range(&mut self, a: u32, b: u32) {
        // Appending in order is the common case (parsing a class left to
        // right); anything else goes through a merge.
        if let Some(last) = self.ranges.last_mut() {
            if a > last.1.saturating_add(1) {
                self.ranges.push((a, b));
                return;
            }
            if a >= last.0 {
                last.1 = last.1.max(b);
                return;
            }
        } else {
            self.ranges.push((a, b));
            return;
        }
        let mut r = std::mem::take(&mut self.ranges);
        r.push((a, b));
        *self = CharSet::from_ranges(r);
    }

    pub fn union(&self, other: &CharSet) -> CharSet {
        let mut r = Vec::with_capacity(self.ranges.len() + other.ranges.len());
        r.extend_from_slice(&self.ranges);
        r.extend_from_slice(&other.ranges);
        CharSet::from_ranges(r)
    }

    pub fn intersect(&self, other: &CharSet) -> CharSet {
        let (mut i, mut j) = (0, 0);
        let mut out = Vec::new();
        while i < self.ranges.len() && j < other.ranges.len() {
            let (a1, b1) = self.ranges[i];
            let (a2, b2) = other.ranges[j];
            let lo = a1.max(a2);
            let hi = b1.min(b2);
            if lo <= hi {
                out.push((lo, hi));
            }
            if b1 < b2 {
                i += 1;
            } else {
                j += 1;
            }
        }
        CharSet { ranges: out }
    }

    /// The characters up to `max` that are not in the set.
    pub fn complement(&self, max: u32) -> CharSet {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(a, b) in &self.ranges {
            if a > max {
                break;
            }
            if a > next {
                out.push((next, a - 1));
            }
            next = b.saturating_add(1);
        }
        if next <= max && self.ranges.last().is_none_or(|l| l.1 != u32::MAX) {
            out.push((next, max));
        }
        CharSet { ranges: out }
    }

    pub fn subtract(&self, other: &CharSet) -> CharSet {
        self.intersect(&other.complement(u32::MAX - 1))
    }

    /// Number of characters in the set.
    pub fn len(&self) -> u64 {
        self.ranges.iter().map(|&(a, b)| (b - a) as u64 + 1).sum()
    }
}

fn contains_in(ranges: &[(u32, u32)], c: u32) -> bool {
    // Binary search for the last range starting at or before `c`.
    let i = ranges.partition_point(|&(a, _)| a <= c);
    i > 0 && ranges[i - 1].1 >= c
}

/// A set prepared for matching: ASCII by bitmap, the rest by binary search.
#[derive(Clone, Debug)]
pub struct MatchSet {
    ascii: [u64; 2],
    ranges: Box<[(u32, u32)]>,
}

impl MatchSet {
    pub fn new(set: &CharSet) -> MatchSet {
        let mut ascii = [0u64; 2];
        for &(a, b) in set.ranges() {
            if a >= 128 {
                break;
            }
            for c in a..=b.min(127) {
                ascii[(c >> 6) as usize] |= 1 << (c & 63);
            }
        }
        let ranges: Vec<(u32, u32)> = set
            .ranges()
            .iter()
            .copied()
            .filter(|&(_, b)| b >= 128)
            .collect();
        MatchSet {
            ascii,
            ranges: ranges.into_boxed_slice(),
        }
    }

    #[inline]
    pub fn contains(&self, c: u32) -> bool {
        if c < 128 {
            self.ascii[(c >> 6) as usize] & (1 << (c & 63)) != 0
        } else {
            contains_in(&self.ranges, c)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn algebra() {
        let a = CharSet::from_ranges(vec![(10, 20), (5, 8), (21, 25)]);
        assert_eq!(a.ranges(), &[(5, 8), (10, 25)]);
        let b = CharSet::range(7, 12);
        assert_eq!(a.intersect(&b).ranges(), &[(7, 8), (10, 12)]);
        assert_eq!(a.subtract(&b).ranges(), &[(5, 6), (13, 25)]);
        assert_eq!(a.complement(30).ranges(), &[(0, 4), (9, 9), (26, 30)]);
        assert!(a.contains(10) && !a.contains(9) && a.contains(25));
        let m = MatchSet::new(&CharSet::from_ranges(vec![(65, 90), (200, 300)]));
        assert!(m.contains(65) && !m.contains(91) && m.contains(250) && !m.contains(301));
    }
}
