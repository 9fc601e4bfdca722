//! How far one name is from another, for the rules that tell a slip from a different name
//! (an MX host one letter off a provider's, a report domain one letter off the zone's own),
//! and for the octoDNS reader's "did you mean" on a misspelt key (over characters).

/// The edit distance with adjacent transpositions (optimal string alignment), or None when it
/// is over `limit`.
///
/// Rules ask it of every MX host and SPF include against every catalog entry, in every zone:
/// only the cells within `limit` of the diagonal are worked out (any path outside it costs
/// more than `limit`), in rows on the stack for names up to [`ROW`] bytes (or characters).
pub fn distance<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    if b.len() < ROW {
        let mut rows = [[0usize; ROW]; 3];
        let [previous2, previous, current] = &mut rows;
        return banded(a, b, limit, previous2, previous, current);
    }
    let width = b.len() + 1;
    let (mut previous2, mut previous, mut current) =
        (vec![0; width], vec![0; width], vec![0; width]);
    banded(a, b, limit, &mut previous2, &mut previous, &mut current)
}

/// Row length kept on the stack: a domain name is at most 253 characters.
const ROW: usize = 256;

/// [`distance`] with three rows of at least `b.len() + 1` cells.
fn banded<'r, T: PartialEq>(
    a: &[T],
    b: &[T],
    limit: usize,
    mut previous2: &'r mut [usize],
    mut previous: &'r mut [usize],
    mut current: &'r mut [usize],
) -> Option<usize> {
    // Any cost over the limit is as good as any other: cells outside the band read as this.
    let over = limit + 1;
    let m = b.len();
    for (j, cell) in previous[..=m].iter_mut().enumerate() {
        *cell = j.min(over);
    }
    for i in 1..=a.len() {
        let low = i.saturating_sub(limit).max(1);
        let high = (i + limit).min(m);
        current[0] = i.min(over);
        if low > 1 {
            current[low - 1] = over;
        }
        let mut row_min = current[0];
        for j in low..=high {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(previous2[j - 2] + 1);
            }
            current[j] = best.min(over);
            row_min = row_min.min(best);
        }
        // The next row reads one cell past this row's band.
        if high < m {
            current[high + 1] = over;
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut previous2, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let d = previous[m];
    (d <= limit).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn distances() {
        assert_eq!(distance(b"alt1", b"atl1", 2), Some(1));
        assert_eq!(distance(b"kitten", b"sitting", 3), Some(3));
        assert_eq!(distance(b"kitten", b"sitting", 2), None);
        assert_eq!(distance(b"abc", b"abc", 1), Some(0));
        assert_eq!(distance(b"", b"ab", 2), Some(2));
        assert_eq!(distance(b"ab", b"", 2), Some(2));
        assert_eq!(distance(b"ab", b"ba", 1), Some(1));
    }

    /// Every cell, no band: what the banded rows must agree with.
    fn full(a: &[u8], b: &[u8]) -> usize {
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    proptest::proptest! {
        /// Over a small alphabet, so that near strings are common.
        #[test]
        fn banded_agrees_with_every_cell(
            a in proptest::collection::vec(0u8..4, 0..24),
            b in proptest::collection::vec(0u8..4, 0..24),
            limit in 0usize..5,
        ) {
            let expected = full(&a, &b);
            let expected = (expected <= limit).then_some(expected);
            proptest::prop_assert_eq!(distance(&a, &b, limit), expected);
        }

        #[test]
        fn long_names_agree_too(
            a in proptest::collection::vec(0u8..3, 250..300),
            edits in proptest::collection::vec((0usize..250, 0u8..3), 0..3),
            limit in 0usize..4,
        ) {
            let mut b = a.clone();
            for (at, byte) in edits {
                b[at] = byte;
            }
            let expected = full(&a, &b);
            let expected = (expected <= limit).then_some(expected);
            proptest::prop_assert_eq!(distance(&a, &b, limit), expected);
        }
    }
}
