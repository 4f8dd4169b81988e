//! The publisher profile across the boundary: `validatePublisher`, and the
//! journal's publisher (the demo until the worker sets the build's profile).

use super::convert::js_error;
use super::shapes::to_js;
use super::trips::TripJournal;
use crate::publisher::{Profile, PublisherError};
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

fn publisher_error(e: &PublisherError) -> JsValue {
    let lines: Vec<String> = e.problems.iter().map(ToString::to_string).collect();
    js_error(
        "PublisherError",
        &format!("the publisher profile was refused:\n{}", lines.join("\n")),
    )
}

/// The profile's summary `{ id, name, demo, homepage, support, privacy,
/// color, icon, firefoxId, regions, programs, account, trips }`, or a
/// thrown `PublisherError` listing every problem (field: why). `files`, if
/// given, maps the paths the profile names (its icon, its catalogs) to
/// their contents (`Uint8Array` or text), and they are checked too; with
/// `suffixes` (the Public Suffix List's text) the catalogs are checked
/// against it, as feeds are.
#[wasm_bindgen(js_name = validatePublisher, unchecked_return_type = "PublisherSummary")]
pub fn validate_publisher(
    json: &str,
    files: JsValue,
    suffixes: Option<String>,
) -> Result<JsValue, JsValue> {
    let profile = Profile::parse(json).map_err(|e| publisher_error(&e))?;
    if files.is_object() {
        let read = |path: &str| -> Result<Vec<u8>, String> {
            let value =
                js_sys::Reflect::get(&files, &path.into()).map_err(|_| "unreadable".to_owned())?;
            if let Some(text) = value.as_string() {
                return Ok(text.into_bytes());
            }
            if value.is_instance_of::<js_sys::Uint8Array>() {
                return Ok(js_sys::Uint8Array::from(value).to_vec());
            }
            Err("not among the files given".to_owned())
        };
        let list = match suffixes.as_deref() {
            Some(text) => Some(
                crate::catalog::suffixes::parse_list(text)
                    .map_err(|e| js_error("PublisherError", &e))?,
            ),
            None => None,
        };
        profile
            .check_files(&read, list.as_ref())
            .map_err(|e| publisher_error(&e))?;
    }
    Ok(to_js(&profile.summary()))
}

fn demo() -> &'static Profile {
    static DEMO: OnceLock<Profile> = OnceLock::new();
    DEMO.get_or_init(Profile::demo)
}

impl TripJournal {
    /// The build's publisher, or the demo's profile.
    pub(super) fn publisher_or_demo(&self) -> &Profile {
        self.publisher.as_ref().unwrap_or_else(|| demo())
    }

    /// The settings follow the publisher's feeds (after the profile or the
    /// region changes), saved when they changed.
    pub(super) fn follow_publisher(&mut self) -> Result<(), JsValue> {
        let Some(profile) = self.publisher.clone() else {
            return Ok(());
        };
        self.commit_if(
            |book| Ok(profile.apply_to(&mut book.settings)),
            |changed| *changed,
        )
        .map(|_| ())
    }

    /// Whether the feed is the publisher's, not the shopper's to set.
    pub(super) fn feed_is_publishers(&self) -> bool {
        self.publisher.as_ref().is_some_and(|p| !p.demo)
    }
}

#[wasm_bindgen]
impl TripJournal {
    /// Sets the build's publisher from its profile (`publisher.json`), or
    /// the demo with `null`; returns its summary. A refused profile throws
    /// a `PublisherError` and changes nothing.
    #[wasm_bindgen(js_name = setPublisher, unchecked_return_type = "PublisherSummary")]
    pub fn set_publisher(&mut self, json: Option<String>) -> Result<JsValue, JsValue> {
        self.publisher = match json {
            Some(json) => Some(Profile::parse(&json).map_err(|e| publisher_error(&e))?),
            None => None,
        };
        self.follow_publisher()?;
        Ok(self.publisher())
    }

    /// The summary of the build's publisher (the demo's when none is set).
    #[wasm_bindgen(unchecked_return_type = "PublisherSummary")]
    pub fn publisher(&self) -> JsValue {
        to_js(&self.publisher_or_demo().summary())
    }
}
