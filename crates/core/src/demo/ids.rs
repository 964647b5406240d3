//! The demo's identities: UUIDs made from a fixed time and the seeded stream, and the
//! UUIDs of inserted entities by the key the generator refers to them by.

use std::collections::HashMap;

use uuid::Uuid;

use super::random::Rng;
use crate::store::{Result, StoreError};

/// 2025-01-01 00:00 UTC: the time part of every generated UUID (plus a counter).
const FIXED_MS: u64 = 1_735_689_600_000;

/// Makes UUIDs shaped like v7 ones, from a fixed time, a counter and the seeded stream.
pub(super) struct Ids {
    rng: Rng,
    counter: u64,
}

impl Ids {
    pub(super) fn new() -> Self {
        Ids {
            rng: Rng::for_key("uuid"),
            counter: 0,
        }
    }

    /// The next UUID of the stream.
    pub(super) fn next(&mut self) -> Uuid {
        self.counter += 1;
        let mut bytes = [0_u8; 10];
        bytes[..8].copy_from_slice(&self.rng.next_u64().to_le_bytes());
        bytes[8..].copy_from_slice(&self.rng.next_u64().to_le_bytes()[..2]);
        uuid::Builder::from_unix_timestamp_millis(FIXED_MS + self.counter, &bytes).into_uuid()
    }

    /// Passes over `count` UUIDs: those the asset tables hold, which this stream made for
    /// them when the tables were still written in code, so that every UUID made after them
    /// stays as it was.
    pub(super) fn skip(&mut self, count: u64) {
        for _ in 0..count {
            self.next();
        }
    }
}

/// The UUIDs of inserted entities by the key the generator refers to them by: a region by
/// its district code (or [`CITY`]), a goal by its number in the tree.
pub(super) struct Refs {
    kind: &'static str,
    uuids: HashMap<String, Uuid>,
}

impl Refs {
    pub(super) fn new(kind: &'static str) -> Self {
        Refs {
            kind,
            uuids: HashMap::new(),
        }
    }

    /// Adds `key`; an error if it is taken already, so that no key means two entities.
    pub(super) fn add(&mut self, key: String, uuid: Uuid) -> Result<()> {
        if self.uuids.contains_key(&key) {
            return Err(StoreError::Invalid {
                message: format!("demo {} key {key} given twice", self.kind),
            });
        }
        self.uuids.insert(key, uuid);
        Ok(())
    }

    /// The UUID of `key`; an error names a key the tables use but do not define.
    pub(super) fn get(&self, key: &str) -> Result<Uuid> {
        self.uuids
            .get(key)
            .copied()
            .ok_or_else(|| StoreError::NotFoundEntity {
                kind: self.kind,
                key: key.to_owned(),
            })
    }
}
