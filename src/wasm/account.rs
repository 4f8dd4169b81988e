//! The member's account across the boundary: the OAuth messages the worker
//! sends and the answers it hands back (src/publisher/account.rs), the
//! account's state as the settings show it, and the trip reports' schedule
//! (src/trips/account_link.rs). Tokens pass through and are never kept here.

use super::convert::{js_error, now_or};
use super::shapes::to_js;
use super::trips::TripJournal;
use crate::publisher::account::{self, AccountError, Grant};
use crate::publisher::Account;
use crate::trips::account_link::{LastReport, LinkState};
use crate::trips::publisher_reports::{MAX_REPORT_BYTES, REPORT_TIMEOUT_MS};
use wasm_bindgen::prelude::*;

fn account_error(e: &AccountError) -> JsValue {
    js_error("AccountError", &e.to_string())
}

impl TripJournal {
    fn account_endpoints(&self) -> Result<&Account, JsValue> {
        self.publisher
            .as_ref()
            .and_then(|p| p.account.as_ref())
            .ok_or_else(|| account_error(&AccountError::NoAccount))
    }
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountView<'a> {
    /// The build links accounts (its profile has `account`).
    offered: bool,
    /// `"signed-out"`, `"linked"` or `"sign-in-again"`.
    state: &'static str,
    since_ms: Option<i64>,
    last_report: Option<&'a LastReport>,
    /// When a report will be asked for in the background, while linked.
    next_report_ms: Option<i64>,
}

#[wasm_bindgen]
impl TripJournal {
    /// The account as the settings show it: `{ offered, state, sinceMs,
    /// lastReport, nextReportMs }`.
    #[wasm_bindgen(unchecked_return_type = "AccountView")]
    pub fn account(&self) -> JsValue {
        let link = self.book.account_link();
        let state = match link.map(|l| l.state) {
            None => "signed-out",
            Some(LinkState::Linked) => "linked",
            Some(LinkState::SignInAgain) => "sign-in-again",
        };
        let reports = self.publisher.as_ref().is_some_and(|p| p.trips.is_some());
        to_js(&AccountView {
            offered: self.publisher.as_ref().is_some_and(|p| p.account.is_some()),
            state,
            since_ms: link.map(|l| l.since_ms),
            last_report: link.and_then(|l| l.last_report.as_ref()),
            next_report_ms: (state == "linked" && reports)
                .then_some(self.book.report_schedule.next_ms),
        })
    }

    /// The authorization URL for a sign-in that sent `state` and the PKCE
    /// `challenge` (S256), coming back to `redirectUri`.
    #[wasm_bindgen(js_name = signInUrl)]
    pub fn sign_in_url(
        &self,
        redirect_uri: &str,
        state: &str,
        challenge: &str,
    ) -> Result<String, JsValue> {
        account::authorize_url(self.account_endpoints()?, redirect_uri, state, challenge)
            .map_err(|e| account_error(&e))
    }

    /// The code in the address the sign-in came back to, or a thrown
    /// `AccountError` (another state, another address, a refusal).
    #[wasm_bindgen(js_name = codeFromRedirect)]
    pub fn code_from_redirect(
        &self,
        redirected_to: &str,
        redirect_uri: &str,
        state: &str,
    ) -> Result<String, JsValue> {
        self.account_endpoints()?;
        let name = &self.publisher_or_demo().name;
        account::code_from_redirect(name, redirected_to, redirect_uri, state)
            .map_err(|e| account_error(&e))
    }

    /// The token request for the sign-in's code: `{ url, body }`, a form POST.
    #[wasm_bindgen(js_name = codeTokenRequest, unchecked_return_type = "{ url: string; body: string }")]
    pub fn code_token_request(
        &self,
        code: &str,
        verifier: &str,
        redirect_uri: &str,
    ) -> Result<JsValue, JsValue> {
        let grant = Grant::Code {
            code,
            verifier,
            redirect_uri,
        };
        Ok(to_js(&account::token_form(
            self.account_endpoints()?,
            &grant,
        )))
    }

    /// The request renewing the access token: `{ url, body }`.
    #[wasm_bindgen(js_name = refreshTokenRequest, unchecked_return_type = "{ url: string; body: string }")]
    pub fn refresh_token_request(&self, refresh_token: &str) -> Result<JsValue, JsValue> {
        let grant = Grant::Refresh { refresh_token };
        Ok(to_js(&account::token_form(
            self.account_endpoints()?,
            &grant,
        )))
    }

    /// Reads the token endpoint's answer: `{ access, refresh, renewAtMs }`,
    /// keeping `keptRefresh` when a renewal brings no refresh token.
    #[wasm_bindgen(js_name = readTokens, unchecked_return_type = "{ access: string; refresh: string | null; renewAtMs: number }")]
    pub fn read_tokens(
        &self,
        json: &str,
        kept_refresh: Option<String>,
        now_ms: JsValue,
    ) -> Result<JsValue, JsValue> {
        let now = now_or(&now_ms)?;
        account::read_tokens(json, kept_refresh.as_deref(), now)
            .map(|t| to_js(&t))
            .map_err(|e| account_error(&e))
    }

    /// The revocation requests (RFC 7009) for the tokens held: `[{ url, body }]`.
    #[wasm_bindgen(js_name = revokeRequests, unchecked_return_type = "{ url: string; body: string }[]")]
    pub fn revoke_requests(
        &self,
        access: Option<String>,
        refresh: Option<String>,
    ) -> Result<JsValue, JsValue> {
        let forms = account::revoke_forms(
            self.account_endpoints()?,
            access.as_deref(),
            refresh.as_deref(),
        );
        Ok(to_js(&forms))
    }

    /// The account is linked (the tokens are stored): saved.
    #[wasm_bindgen(js_name = accountLinked)]
    pub fn account_linked(&mut self, now_ms: JsValue) -> Result<(), JsValue> {
        let now = now_or(&now_ms)?;
        self.account_endpoints()?;
        self.commit(|book| {
            book.link_account(now);
            Ok(())
        })
    }

    /// The publisher refused the tokens, renewed too: the member signs in again.
    #[wasm_bindgen(js_name = accountNeedsSignIn)]
    pub fn account_needs_sign_in(&mut self, now_ms: JsValue) -> Result<(), JsValue> {
        let now = now_or(&now_ms)?;
        self.commit(|book| {
            book.account_needs_sign_in(now);
            Ok(())
        })
    }

    /// Signed out (the tokens are revoked and forgotten): saved.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&mut self) -> Result<(), JsValue> {
        self.commit(|book| {
            book.sign_out();
            Ok(())
        })
    }

    /// Whether to ask for a trip report now; `askedByMember` when the trips
    /// page opened or Refresh was pressed.
    #[wasm_bindgen(js_name = reportDue)]
    pub fn report_due(&self, now_ms: JsValue, asked_by_member: bool) -> Result<bool, JsValue> {
        let now = now_or(&now_ms)?;
        let reports = self.publisher.as_ref().is_some_and(|p| p.trips.is_some());
        Ok(reports && self.book.report_due(now, asked_by_member))
    }

    /// No report was had: `status` is the HTTP status (0 for no answer),
    /// `retryAfter` its header; `problem` is shown in the settings. Saved.
    #[wasm_bindgen(js_name = reportFailed)]
    pub fn report_failed(
        &mut self,
        status: u16,
        retry_after: Option<String>,
        problem: &str,
        now_ms: JsValue,
    ) -> Result<(), JsValue> {
        let now = now_or(&now_ms)?;
        self.commit(|book| {
            book.report_failed(status, retry_after.as_deref(), problem, now);
            Ok(())
        })
    }

    /// How a report is read: `{ maxBytes, timeoutMs }`. A longer answer is
    /// refused unread, and a request that takes longer is given up.
    #[wasm_bindgen(js_name = reportLimits, unchecked_return_type = "{ maxBytes: number; timeoutMs: number }")]
    pub fn report_limits(&self) -> JsValue {
        #[derive(serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Limits {
            max_bytes: usize,
            timeout_ms: i64,
        }
        to_js(&Limits {
            max_bytes: MAX_REPORT_BYTES,
            timeout_ms: REPORT_TIMEOUT_MS,
        })
    }
}
