//! The one storage interface the core writes through: string values under
//! string keys. Adapters: memory (native tests, and a quota to test failing
//! writes), gloo-storage's `LocalStorage` on web pages (in the wasm layer),
//! and `chrome.storage.local` in the extension's worker.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The store refused the write for lack of room.
    #[error("storage is full: {0}")]
    QuotaExceeded(String),
    /// Anything else the backend reported.
    #[error("storage failed: {0}")]
    Backend(String),
}

pub trait KeyValueStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
    /// Keys starting with `prefix`, sorted.
    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError>;
}

/// Keeps everything in memory; with a quota, refuses writes past it.
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    entries: BTreeMap<String, String>,
    quota_bytes: Option<usize>,
}

impl MemoryStore {
    pub fn with_quota(quota_bytes: usize) -> MemoryStore {
        MemoryStore {
            entries: BTreeMap::new(),
            quota_bytes: Some(quota_bytes),
        }
    }

    fn used_without(&self, key: &str) -> usize {
        self.entries
            .iter()
            .filter(|(k, _)| k.as_str() != key)
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        Ok(self.entries.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        if let Some(quota) = self.quota_bytes {
            let needed = self.used_without(key) + key.len() + value.len();
            if needed > quota {
                return Err(StorageError::QuotaExceeded(format!(
                    "{needed} bytes needed, {quota} allowed"
                )));
            }
        }
        self.entries.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.entries.remove(key);
        Ok(())
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        Ok(self
            .entries
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn memory_store_round_trips() {
        let mut store = MemoryStore::default();
        assert_eq!(store.get("a"), Ok(None));
        store.set("a", "1").unwrap();
        store.set("ab", "2").unwrap();
        store.set("b", "3").unwrap();
        assert_eq!(store.get("a"), Ok(Some("1".into())));
        assert_eq!(store.keys("a"), Ok(vec!["a".into(), "ab".into()]));
        store.remove("a").unwrap();
        assert_eq!(store.get("a"), Ok(None));
    }

    #[test]
    fn a_quota_refuses_writes_and_keeps_the_old_value() {
        let mut store = MemoryStore::with_quota(10);
        store.set("k", "12345").unwrap();
        let err = store.set("k", "1234567890").unwrap_err();
        assert!(matches!(err, StorageError::QuotaExceeded(_)));
        assert_eq!(store.get("k"), Ok(Some("12345".into())));
    }
}
