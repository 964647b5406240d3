//! A city's own district keys and the tree their prefixes show: Münster's Stadtbezirk `1`
//! holds the Stadtteile `11`–`15`, Stadtbezirk `2` the Stadtteile `21`–`24`. Keys numbered
//! straight through (Kiel's Stadtteile `1`–`30`) are one level: `11` is then no part of `1`.

use std::collections::{BTreeSet, HashMap};

/// The parent each key has by its prefix, when the keys form a prefix tree: every key
/// longer than the shortest has a shorter key as its prefix (the longest such is its
/// parent), and the keys are not a run of consecutive numbers. Empty otherwise.
#[must_use]
pub fn prefix_parents<'a>(keys: impl IntoIterator<Item = &'a str>) -> HashMap<String, String> {
    let keys: BTreeSet<&str> = keys
        .into_iter()
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric()))
        .collect();
    let Some(shortest) = keys.iter().map(|k| k.len()).min() else {
        return HashMap::new();
    };
    if keys.iter().all(|k| k.len() == shortest) || consecutive(&keys) {
        return HashMap::new();
    }
    let mut parents = HashMap::new();
    for key in &keys {
        if key.len() == shortest {
            continue;
        }
        let Some(parent) = (shortest..key.len())
            .rev()
            .map(|len| &key[..len])
            .find(|prefix| keys.contains(prefix))
        else {
            return HashMap::new(); // A key outside the tree: the keys are no tree.
        };
        parents.insert((*key).to_owned(), parent.to_owned());
    }
    parents
}

/// Whether the keys are the numbers of one run (`1`–`30`), as a single level is numbered.
fn consecutive(keys: &BTreeSet<&str>) -> bool {
    let mut numbers: Vec<u64> = Vec::with_capacity(keys.len());
    for key in keys {
        if key.starts_with('0') && key.len() > 1 {
            return false;
        }
        match key.parse() {
            Ok(number) => numbers.push(number),
            Err(_) => return false,
        }
    }
    numbers.sort_unstable();
    numbers.windows(2).all(|pair| pair[1] == pair[0] + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stadtbezirke_hold_their_stadtteile() {
        let parents = prefix_parents(["1", "11", "12", "13", "2", "21", "22", "3"]);
        assert_eq!(parents.len(), 5);
        assert_eq!(parents["12"], "1");
        assert_eq!(parents["22"], "2");
        assert!(!parents.contains_key("3"));
    }

    #[test]
    fn keys_numbered_straight_through_are_one_level() {
        let kiel: Vec<String> = (1..=30).map(|n| n.to_string()).collect();
        assert!(prefix_parents(kiel.iter().map(String::as_str)).is_empty());
        // One key without its prefix: no tree.
        assert!(prefix_parents(["1", "11", "12", "2", "35"]).is_empty());
        assert!(prefix_parents(["01", "02", "03"]).is_empty());
    }

    /// Random city trees (1–9 Stadtbezirke, each with 0–9 Stadtteile numbered from 1, and
    /// sometimes a third level) come back whole; random runs `1..n` stay flat.
    #[test]
    fn random_trees_come_back_and_runs_stay_flat() {
        let mut random = crate::model::testing::Lcg(0x5EED);
        let mut next = |n: u64| random.below(n);
        for case in 0..500 {
            let mut want: HashMap<String, String> = HashMap::new();
            let mut keys: Vec<String> = Vec::new();
            for top in 1..=1 + next(9) {
                keys.push(top.to_string());
                for child in 1..=next(10) {
                    let key = format!("{top}{child}");
                    want.insert(key.clone(), top.to_string());
                    keys.push(key.clone());
                    for grandchild in 1..=next(3) {
                        let deeper = format!("{key}{grandchild}");
                        want.insert(deeper.clone(), key.clone());
                        keys.push(deeper);
                    }
                }
            }
            let got = prefix_parents(keys.iter().map(String::as_str));
            let numbers: Vec<u64> = keys.iter().filter_map(|k| k.parse().ok()).collect();
            let run = {
                let mut sorted = numbers.clone();
                sorted.sort_unstable();
                sorted.windows(2).all(|p| p[1] == p[0] + 1)
            };
            if run {
                assert!(got.is_empty(), "case {case}: {keys:?}");
            } else {
                assert_eq!(got, want, "case {case}: {keys:?}");
            }
            let n = 1 + next(60);
            let flat: Vec<String> = (1..=n).map(|k| k.to_string()).collect();
            assert!(prefix_parents(flat.iter().map(String::as_str)).is_empty());
        }
    }
}
