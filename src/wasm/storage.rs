//! Storage adapters that live in the browser: gloo-storage's `LocalStorage`
//! for web pages and extension pages, and any JavaScript object with
//! synchronous `get`, `set`, `remove` and `keys` methods (the extension's
//! worker wraps `chrome.storage.local` in one: the worker has no Web Storage).

use crate::storage::{KeyValueStore, StorageError};
use gloo_storage::{LocalStorage, Storage};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

fn storage_error(e: JsValue) -> StorageError {
    let name = js_sys::Reflect::get(&e, &"name".into())
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default();
    let message = super::convert::js_message(&e);
    if name == "QuotaExceededError" || message.to_ascii_lowercase().contains("quota") {
        StorageError::QuotaExceeded(message)
    } else {
        StorageError::Backend(message)
    }
}

/// `window.localStorage`, through gloo-storage.
pub struct LocalStore;

impl KeyValueStore for LocalStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        LocalStorage::raw().get_item(key).map_err(storage_error)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        LocalStorage::raw()
            .set_item(key, value)
            .map_err(storage_error)
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        LocalStorage::raw().remove_item(key).map_err(storage_error)
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let storage = LocalStorage::raw();
        let count = storage.length().map_err(storage_error)?;
        let mut keys: Vec<String> = (0..count)
            .filter_map(|i| storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect();
        keys.sort();
        Ok(keys)
    }
}

/// A JavaScript object `{ get(key), set(key, value), remove(key), keys(prefix) }`.
pub struct JsObjectStore {
    object: JsValue,
}

impl JsObjectStore {
    pub fn new(object: JsValue) -> Result<JsObjectStore, String> {
        for method in ["get", "set", "remove", "keys"] {
            let f = js_sys::Reflect::get(&object, &method.into()).unwrap_or(JsValue::UNDEFINED);
            if !f.is_function() {
                return Err(format!("the storage object has no {method}() method"));
            }
        }
        Ok(JsObjectStore { object })
    }

    fn call(&self, method: &str, args: &[&JsValue]) -> Result<JsValue, StorageError> {
        let f: js_sys::Function = js_sys::Reflect::get(&self.object, &method.into())
            .map_err(storage_error)?
            .unchecked_into();
        let args: js_sys::Array = args.iter().copied().collect();
        f.apply(&self.object, &args).map_err(storage_error)
    }
}

impl KeyValueStore for JsObjectStore {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        let value = self.call("get", &[&key.into()])?;
        if value.is_undefined() || value.is_null() {
            return Ok(None);
        }
        // A value that is no string is stored data of the wrong type: hand it
        // over as JSON so the loader sets it aside like any unreadable data.
        Ok(Some(value.as_string().unwrap_or_else(|| {
            js_sys::JSON::stringify(&value)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_default()
        })))
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        self.call("set", &[&key.into(), &value.into()]).map(drop)
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        self.call("remove", &[&key.into()]).map(drop)
    }

    fn keys(&self, prefix: &str) -> Result<Vec<String>, StorageError> {
        let keys = self.call("keys", &[&prefix.into()])?;
        let mut keys: Vec<String> = js_sys::Array::from(&keys)
            .iter()
            .filter_map(|k| k.as_string())
            .filter(|k| k.starts_with(prefix))
            .collect();
        keys.sort();
        Ok(keys)
    }
}
