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
        // Trips started from now on are this publisher's (none in the demo).
        self.book.publisher = self
            .publisher
            .as_ref()
            .filter(|p| !p.demo)
            .map(|p| p.id.clone());
        self.follow_publisher()?;
        Ok(self.publisher())
    }

    /// The summary of the build's publisher (the demo's when none is set).
    #[wasm_bindgen(unchecked_return_type = "PublisherSummary")]
    pub fn publisher(&self) -> JsValue {
        to_js(&self.publisher_or_demo().summary())
    }
}

#[wasm_bindgen]
impl TripJournal {
    /// The trip report request for the build's publisher: `{ url, body,
    /// ids }`, the profile's `trips` endpoint (`null` if it has none), the
    /// JSON body to POST (trip ids, stores and start times only) and the
    /// ids it names. `null` in the demo, which has no publisher to ask.
    #[wasm_bindgen(js_name = tripReportRequest, unchecked_return_type = "{ url: string | null; body: string; ids: string[] } | null")]
    pub fn trip_report_request(&self) -> JsValue {
        #[derive(serde::Serialize)]
        struct Request<'a> {
            url: Option<&'a str>,
            body: String,
            ids: Vec<String>,
        }
        match self.book.publisher.as_deref() {
            None => JsValue::NULL,
            Some(id) => {
                let (body, ids) = crate::trips::publisher_reports::request(&self.book, id);
                let url = self.publisher.as_ref().and_then(|p| p.trips.as_deref());
                to_js(&Request { url, body, ids })
            }
        }
    }

    /// Applies the publisher's answer to a trip report request (PUBLISHER.md):
    /// `{ applied, ignored, skipped, problems }`, saved; or a thrown
    /// `PublisherError` when the document is refused whole, changing no trip
    /// (the refusal is noted for the settings, and the next request waits).
    #[wasm_bindgen(js_name = applyTripReport, unchecked_return_type = "{ applied: number; ignored: number; skipped: number; problems: string[] }")]
    pub fn apply_trip_report(&mut self, json: &str, now_ms: JsValue) -> Result<JsValue, JsValue> {
        let now = super::convert::now_or(&now_ms)?;
        let Some(id) = self.book.publisher.clone() else {
            return Err(js_error(
                "PublisherError",
                "the demo has no publisher: there is no trip report to apply",
            ));
        };
        let applied = self.commit(|book| {
            let outcome = crate::trips::publisher_reports::apply(book, &id, json, now)
                .map_err(|e| crate::engine::EngineError::BadInput(e.to_string()))?;
            book.report_taken(&outcome, now);
            Ok(outcome)
        });
        match applied {
            Ok(outcome) => Ok(to_js(&outcome)),
            Err(e) => {
                let message = super::convert::js_message(&e);
                self.commit(|book| {
                    book.report_failed(0, None, &message, now);
                    Ok(())
                })?;
                Err(js_error("PublisherError", &message))
            }
        }
    }
}
