//! One sort for the whole core.
//!
//! Every `sort_unstable*` call on a new element type instantiates the
//! standard library's sort again, 3–5 KB of wasm each; the url crate's own
//! sorts come on top. The core's lists are short (a store's path prefixes,
//! storage keys, muted sites, payout days) or sorted once per search, so a
//! stable merge sort over indices, compiled once, serves them all. Only the
//! small shim that moves the elements is generic.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_indices(items.len(), &|a, b| {
        compare(&items[a], &items[b]) == Ordering::Greater
    });
    apply(items, &order);
}

/// Sorts `items` stably by a key computed once per element.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    if items.len() < 2 {
        return;
    }
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = sorted_indices(items.len(), &|a, b| keys[a] > keys[b]);
    apply(items, &order);
}

/// Sorts `items` stably in their natural order.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// `0..len` in the order that `after(a, b)` (a sorts after b) describes;
/// equal elements keep their order. Bottom-up merge sort: O(n log n).
fn sorted_indices(len: usize, after: &dyn Fn(usize, usize) -> bool) -> Vec<usize> {
    let mut run: Vec<usize> = (0..len).collect();
    let mut merged = vec![0; len];
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let middle = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, middle);
            for slot in &mut merged[start..end] {
                // Take from the right only when it sorts strictly before:
                // that keeps the sort stable.
                let take_right = right < end && (left >= middle || after(run[left], run[right]));
                if take_right {
                    *slot = run[right];
                    right += 1;
                } else {
                    *slot = run[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut run, &mut merged);
        width *= 2;
    }
    run
}

/// Rearranges `items` so that position k holds what was at `order[k]`,
/// following each cycle of the permutation once.
fn apply<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator: the sort is checked against the
    /// standard library's stable sort on many shapes of input.
    fn numbers(seed: u64, len: usize, range: u64) -> Vec<u64> {
        let mut state = seed | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                state % range
            })
            .collect()
    }

    #[test]
    fn sorts_like_the_standard_library_and_keeps_equal_elements_in_order() {
        for len in [0, 1, 2, 3, 5, 8, 13, 64, 100, 1_000] {
            for (seed, range) in [(1, 3), (2, 10), (3, 1_000_000)] {
                // (value, original position): stability shows in the second.
                let items: Vec<(u64, usize)> = numbers(seed, len, range)
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (v, i))
                    .collect();
                let mut expected = items.clone();
                expected.sort_by_key(|&(v, _)| v);
                let mut by_compare = items.clone();
                sort_by(&mut by_compare, |a, b| a.0.cmp(&b.0));
                assert_eq!(by_compare, expected, "sort_by, len {len}, range {range}");
                let mut by_key = items.clone();
                sort_by_key(&mut by_key, |&(v, _)| v);
                assert_eq!(by_key, expected, "sort_by_key, len {len}, range {range}");
            }
        }
    }

    #[test]
    fn sorts_already_ordered_and_reversed_input() {
        let mut up: Vec<u32> = (0..50).collect();
        let mut down: Vec<u32> = (0..50).rev().collect();
        sort(&mut up);
        sort(&mut down);
        assert_eq!(up, (0..50).collect::<Vec<_>>());
        assert_eq!(down, up);
        let mut words = vec!["pear".to_owned(), "apple".to_owned(), "fig".to_owned()];
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "pear"]);
    }
}
