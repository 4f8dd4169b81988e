//! The shopper's settings and what hangs on them (program, region,
//! notifications, muted sites, the catalog feed, the prompt's session list,
//! search-result labels), on the `TripJournal` that stores them.

use super::convert::{js_error, now_or};
use super::shapes::{to_js, to_js_by_text};
use super::trips::TripJournal;
use super::{program_arg, JsEngine};
use crate::engine::EngineError;
use crate::settings::Settings;
use crate::settings::{Eligibility, Region, SettingsError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The answers to the Membership Rewards questions, as the options page
/// sends them; one not given is a no.
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Answers {
    us_card: bool,
    enrolled: bool,
    in_good_standing: bool,
    corporate: bool,
}

#[inline(never)]
fn settings_error(e: SettingsError) -> EngineError {
    EngineError::BadInput(e.to_string())
}

#[wasm_bindgen]
impl TripJournal {
    /// The settings: `{ account, accountChosen, region, notifications,
    /// muted, feedUrl, program, bundledCatalog }` (`program` is what
    /// estimates use; `bundledCatalog` the region's shipped catalog).
    #[wasm_bindgen(unchecked_return_type = "SettingsView")]
    pub fn settings(&self) -> JsValue {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct SettingsView<'a> {
            #[serde(flatten)]
            settings: &'a Settings,
            program: &'static str,
            bundled_catalog: &'static str,
        }
        let settings = &self.book.settings;
        to_js_by_text(&SettingsView {
            settings,
            program: settings.program().as_str(),
            bundled_catalog: settings.region.bundled_catalog(),
        })
    }

    /// The first-run choice of program. `answers`: `{ usCard, enrolled,
    /// inGoodStanding, corporate }` (needed for Membership Rewards).
    #[wasm_bindgen(js_name = chooseAccount)]
    pub fn choose_account(
        &mut self,
        program: JsValue,
        #[wasm_bindgen(
            unchecked_param_type = "{ usCard?: boolean; enrolled?: boolean; inGoodStanding?: boolean; corporate?: boolean }"
        )]
        answers: JsValue,
    ) -> Result<(), JsValue> {
        let program = program_arg(&program)?;
        let answers: Answers = if answers.is_undefined() || answers.is_null() {
            Answers::default()
        } else {
            serde_wasm_bindgen::from_value(answers)
                .map_err(|e| js_error("InputError", &format!("the eligibility answers: {e}")))?
        };
        let answers = Eligibility {
            us_card: answers.us_card,
            enrolled: answers.enrolled,
            in_good_standing: answers.in_good_standing,
            corporate: answers.corporate,
        };
        self.publisher_or_demo()
            .check_offers(program)
            .map_err(|why| js_error("SettingsError", &why))?;
        self.commit(|book| {
            book.settings
                .choose_account(program, answers)
                .map_err(settings_error)
        })
    }

    #[wasm_bindgen(js_name = setRegion)]
    pub fn set_region(&mut self, code: &str) -> Result<(), JsValue> {
        let region = Region::parse(code)
            .ok_or_else(|| js_error("InputError", "the region must be \"US\" or \"JP\""))?;
        self.commit(|book| {
            book.settings.region = region;
            Ok(())
        })?;
        self.follow_publisher()
    }

    #[wasm_bindgen(js_name = setNotifications)]
    pub fn set_notifications(&mut self, on: bool) -> Result<(), JsValue> {
        self.commit(|book| {
            book.settings.notifications = on;
            Ok(())
        })
    }

    /// Mutes the activation prompt on a site; returns the host as kept.
    pub fn mute(&mut self, site: &str) -> Result<String, JsValue> {
        self.commit(|book| book.settings.mute(site).map_err(settings_error))
    }

    pub fn unmute(&mut self, host: &str) -> Result<bool, JsValue> {
        self.commit(|book| Ok(book.settings.unmute(host)))
    }

    #[wasm_bindgen(js_name = setFeedUrl)]
    pub fn set_feed_url(&mut self, url: Option<String>) -> Result<(), JsValue> {
        if self.feed_is_publishers() {
            return Err(js_error(
                "InputError",
                "this build's catalog feeds are its publisher's: they cannot be changed here",
            ));
        }
        self.commit(|book| {
            book.settings
                .set_feed_url(url.as_deref())
                .map_err(settings_error)
        })
    }

    /// Whether `url` is a search results page to label (notifications on).
    #[wasm_bindgen(js_name = wantsSearchLabels)]
    pub fn wants_search_labels(&self, url: &str) -> bool {
        self.book.settings.notifications && crate::search_results::is_results_page(url)
    }

    /// Per result link of a search page, the offer label or `null`.
    #[wasm_bindgen(unchecked_return_type = "(string | null)[]", js_name = searchLabels)]
    pub fn search_labels(&self, engine: &JsEngine, hrefs: Vec<String>) -> JsValue {
        let refs: Vec<&str> = hrefs.iter().map(String::as_str).collect();
        let now = js_sys::Date::now() as i64;
        let labels =
            crate::search_results::labels(engine.engine(), &self.book.settings, &refs, now);
        to_js(&labels)
    }

    /// The feed URL to fetch now (at most daily), or `null`.
    #[wasm_bindgen(js_name = feedDue)]
    pub fn feed_due(&self, now_ms: JsValue) -> Result<Option<String>, JsValue> {
        let now = now_or(&now_ms)?;
        Ok(self.book.settings.feed_due(now).map(str::to_owned))
    }

    /// The feed URL to fetch now (at most daily), or `null`; when there is
    /// one, the check is recorded and saved before the fetch begins.
    #[wasm_bindgen(js_name = beginFeedCheck)]
    pub fn begin_feed_check(&mut self, now_ms: JsValue) -> Result<Option<String>, JsValue> {
        let now = now_or(&now_ms)?;
        self.commit_if(
            |book| Ok(book.settings.begin_feed_check(now)),
            Option::is_some,
        )
    }

    /// What a feed fetch may take: `{ timeoutMs, maxBytes }`. The worker
    /// gives up after the time, and stops reading past the size.
    #[wasm_bindgen(unchecked_return_type = "FeedLimits", js_name = feedLimits, getter)]
    pub fn feed_limits(&self) -> JsValue {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct FeedLimits {
            timeout_ms: i64,
            max_bytes: usize,
        }
        to_js(&FeedLimits {
            timeout_ms: crate::settings::FEED_TIMEOUT_MS,
            max_bytes: crate::catalog::MAX_CATALOG_BYTES,
        })
    }

    /// Notes a fetch of the feed; `error` is why its catalog was not used.
    #[wasm_bindgen(js_name = recordFeed)]
    pub fn record_feed(&mut self, error: Option<String>, now_ms: JsValue) -> Result<(), JsValue> {
        let now = now_or(&now_ms)?;
        self.commit(|book| {
            book.settings.record_feed(now, error.map_or(Ok(()), Err));
            Ok(())
        })
    }

    /// Stores whose prompt showed this browser session (for session storage).
    #[wasm_bindgen(getter, js_name = sessionPrompted)]
    pub fn session_prompted(&self) -> Vec<String> {
        self.book.session_prompted.clone()
    }

    #[wasm_bindgen(setter, js_name = sessionPrompted)]
    pub fn set_session_prompted(&mut self, ids: Vec<String>) {
        self.book.session_prompted = ids.into_iter().take(10_000).collect();
    }
}
