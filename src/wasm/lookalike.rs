//! Lookalike stores across the boundary (src/lookalike.rs): the Public
//! Suffix List the worker hands over once, `engine.lookalike(url)`, and the
//! journal's view of it, which knows the sites the shopper trusts.

use super::convert::js_error;
use super::trips::TripJournal;
use super::JsEngine;
use crate::catalog::suffixes::{parse_list, SuffixList};
use crate::catalog::Store;
use crate::lookalike::Lookalike;
use std::sync::OnceLock;
use wasm_bindgen::prelude::*;

static SUFFIXES: OnceLock<SuffixList> = OnceLock::new();

/// Hands the core the Public Suffix List (its text), by which the lookalike
/// check finds registrable domains: engines built after it read them off
/// the list, in their index and in each check; an engine built before (or
/// restored from a snapshot written before) guesses them (`co.uk`-style
/// second levels aside, the last label is the suffix). Read once: a second
/// call changes nothing.
#[wasm_bindgen(js_name = setPublicSuffixes)]
pub fn set_public_suffixes(text: &str) -> Result<(), JsValue> {
    if SUFFIXES.get().is_none() {
        let list = parse_list(text).map_err(|e| js_error("InputError", &e))?;
        let _ = SUFFIXES.set(list);
    }
    Ok(())
}

/// The list handed over, if it was.
pub(super) fn suffixes() -> Option<&'static SuffixList> {
    SUFFIXES.get()
}

/// The URL `matchUrl` last found on no store (the JS string itself), and its
/// host.
#[derive(Default)]
pub(super) struct LastMiss {
    url: JsValue,
    host: String,
}

impl LastMiss {
    pub(super) fn remember(&mut self, url: &JsValue, host: &str) {
        self.url = url.clone();
        self.host.clear();
        self.host.push_str(host);
    }
}

fn view(found: Option<(Lookalike, &Store)>) -> JsValue {
    match found {
        Some((found, store)) => {
            super::make_lookalike(&store.id, &store.name, &found.domain, found.kind.as_str())
        }
        None => JsValue::NULL,
    }
}

#[wasm_bindgen(js_class = Engine)]
impl JsEngine {
    /// The partner store the page at `url` imitates: `{ storeId, storeName,
    /// domain, kind }`, or `null`. Never throws.
    #[wasm_bindgen(unchecked_return_type = "Lookalike | null")]
    pub fn lookalike(&self, url: JsValue) -> JsValue {
        self.lookalike_of(&url)
    }
}

impl JsEngine {
    fn lookalike_of(&self, url: &JsValue) -> JsValue {
        // A navigation asks `matchUrl` first: the page it just found on no
        // store is neither read again nor parsed (one `===` in JS).
        let last = self.last_miss.borrow();
        if last.url.is_string() && last.url == *url {
            return view(self.inner.lookalike_of_host(&last.host, SUFFIXES.get()));
        }
        let mut buffer = self.url_buffer.borrow_mut();
        let found = buffer
            .read(url)
            .and_then(|url| self.inner.lookalike(url, SUFFIXES.get()));
        view(found)
    }
}

#[wasm_bindgen]
impl TripJournal {
    /// [`JsEngine::lookalike`], `null` on a site the shopper trusts.
    #[wasm_bindgen(js_name = lookalike, unchecked_return_type = "Lookalike | null")]
    pub fn lookalike(&self, engine: &JsEngine, url: JsValue) -> JsValue {
        let found = engine.lookalike_of(&url);
        // Asked only of a lookalike: a page of another site needs no parse.
        let trusted = !found.is_null()
            && url
                .as_string()
                .is_some_and(|url| self.book.settings.trusts_page(&url));
        if trusted {
            JsValue::NULL
        } else {
            found
        }
    }

    /// Whether the lookalike warning may show in the page at `url`: once per
    /// site (host) per browser session; the badge and the popup say it every
    /// time. Recorded; the worker keeps `sessionWarned` in session storage.
    #[wasm_bindgen(js_name = firstLookalikeWarning)]
    pub fn first_lookalike_warning(&mut self, url: &str) -> bool {
        self.book.first_lookalike_warning(url)
    }

    /// The hosts warned in the page this session, to keep in session storage.
    #[wasm_bindgen(getter, js_name = sessionWarned)]
    pub fn session_warned(&self) -> Vec<String> {
        self.book.session_warned.clone()
    }

    #[wasm_bindgen(setter, js_name = sessionWarned)]
    pub fn set_session_warned(&mut self, hosts: Vec<String>) {
        self.book.set_session_warned(hosts);
    }

    /// The shopper trusts the site of the page at `url`: no warning there
    /// again. Returns the host as kept; saved.
    #[wasm_bindgen(js_name = trustSite)]
    pub fn trust_site(&mut self, url: &str) -> Result<String, JsValue> {
        self.commit(|book| {
            book.settings
                .trust(url)
                .map_err(|e| crate::engine::EngineError::BadInput(e.to_string()))
        })
    }

    /// Takes `host` off the trusted sites; saved.
    #[wasm_bindgen(js_name = untrustSite)]
    pub fn untrust_site(&mut self, host: &str) -> Result<bool, JsValue> {
        self.commit(|book| Ok(book.settings.untrust(host)))
    }
}
