//! Linking the member's account (PUBLISHER.md, "Linking the member's
//! account"): OAuth 2.0 authorization code with PKCE, as the core reads and
//! writes it. The worker runs the exchange (`identity.launchWebAuthFlow`,
//! the token and revocation POSTs, a store for the tokens no page can read)
//! and the core decides what each message says and whether each answer is
//! taken:
//! - the authorization URL ([`authorize_url`]), with the S256 challenge and
//!   the `state` the worker made for this sign-in;
//! - whether the browser came back from the publisher with a code for *this*
//!   sign-in ([`code_from_redirect`]): on the extension's redirect URI, with
//!   the same `state` (else it is an attacker's redirect, and nothing is
//!   linked), and no `error`;
//! - the token and revocation forms ([`token_form`], [`revoke_forms`]);
//! - whether a token answer is taken ([`read_tokens`]): a Bearer access
//!   token with a lifetime, read strictly.
//!
//! Tokens pass through here and are never stored by the core, so they can
//! be in no export and no storage a page can read.

use super::Account;
use crate::document;
use serde::{Deserialize, Serialize};
use url::Url;

/// The longest token kept; a publisher's tokens are far shorter.
const MAX_TOKEN_CHARS: usize = 4096;
/// An access token is renewed this long before the publisher says it ends,
/// so a request never goes out with one about to lapse.
const EXPIRY_MARGIN_MS: i64 = 60_000;

/// Why a step of linking failed, in words for the member.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    #[error("this build has no account to link")]
    NoAccount,
    #[error("the sign-in came back to another address: nothing was linked")]
    WrongRedirect,
    #[error(
        "the sign-in came back for another request (its state does not match): nothing was linked"
    )]
    WrongState,
    #[error("{0} refused the sign-in ({1}): nothing was linked")]
    Refused(String, String),
    #[error("the sign-in came back without a code: nothing was linked")]
    NoCode,
    #[error("the token answer was refused: {0}")]
    BadTokens(String),
    #[error("{0}")]
    BadInput(String),
}

/// The tokens of a linked account, as the worker keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tokens {
    pub access: String,
    /// Kept from the sign-in when a renewal's answer has none.
    pub refresh: Option<String>,
    /// When the access token is to be renewed.
    pub renew_at_ms: i64,
}

/// The authorization request the member's browser opens.
pub fn authorize_url(
    account: &Account,
    redirect_uri: &str,
    state: &str,
    challenge: &str,
) -> Result<String, AccountError> {
    for (name, value) in [("state", state), ("code_challenge", challenge)] {
        // RFC 7636's verifier alphabet; a challenge is base64url.
        let ok = (32..=128).contains(&value.len())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
        if !ok {
            return Err(AccountError::BadInput(format!(
                "{name} must be 32 to 128 unreserved characters"
            )));
        }
    }
    let redirect = redirect_base(redirect_uri)?;
    let mut url = Url::parse(&account.authorize)
        .map_err(|e| AccountError::BadInput(format!("account.authorize: {e}")))?;
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", &account.client_id)
            .append_pair("redirect_uri", redirect.as_str())
            .append_pair("state", state)
            .append_pair("code_challenge", challenge)
            .append_pair("code_challenge_method", "S256");
        if let Some(scope) = &account.scope {
            query.append_pair("scope", scope);
        }
    }
    Ok(url.into())
}

/// The extension's redirect URI: https, no credentials, query or fragment.
fn redirect_base(redirect_uri: &str) -> Result<Url, AccountError> {
    let url = Url::parse(redirect_uri)
        .map_err(|e| AccountError::BadInput(format!("the redirect URI: {e}")))?;
    if url.scheme() != "https"
        || url.query().is_some()
        || url.fragment().is_some()
        || !url.username().is_empty()
    {
        return Err(AccountError::BadInput(
            "the redirect URI must be a plain https address".into(),
        ));
    }
    Ok(url)
}

/// The authorization code in the address the sign-in ended on, if it is a
/// redirect to `redirect_uri` answering the sign-in that sent `state`.
pub fn code_from_redirect(
    publisher: &str,
    redirected_to: &str,
    redirect_uri: &str,
    state: &str,
) -> Result<String, AccountError> {
    let base = redirect_base(redirect_uri)?;
    let back = Url::parse(redirected_to).map_err(|_| AccountError::WrongRedirect)?;
    if back.origin() != base.origin() || back.path() != base.path() {
        return Err(AccountError::WrongRedirect);
    }
    let mut code = None;
    let mut returned_state = None;
    let mut error = None;
    for (key, value) in back.query_pairs() {
        let slot = match key.as_ref() {
            "code" => &mut code,
            "state" => &mut returned_state,
            "error" => &mut error,
            _ => continue,
        };
        if slot.is_some() {
            // A parameter given twice: which one the publisher meant is unknowable.
            return Err(AccountError::WrongState);
        }
        *slot = Some(value.into_owned());
    }
    if returned_state.as_deref() != Some(state) {
        return Err(AccountError::WrongState);
    }
    if let Some(error) = error {
        return Err(AccountError::Refused(
            publisher.to_owned(),
            error
                .chars()
                .filter(|c| c.is_ascii_graphic() || *c == ' ')
                .take(80)
                .collect(),
        ));
    }
    match code {
        Some(code) if !code.is_empty() && code.len() <= MAX_TOKEN_CHARS => Ok(code),
        _ => Err(AccountError::NoCode),
    }
}

/// What a token request asks for.
pub enum Grant<'a> {
    /// The code the sign-in returned, with its PKCE verifier.
    Code {
        code: &'a str,
        verifier: &'a str,
        redirect_uri: &'a str,
    },
    /// A new access token for the refresh token.
    Refresh { refresh_token: &'a str },
}

/// A form POST: where, and its `application/x-www-form-urlencoded` body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormPost {
    pub url: String,
    pub body: String,
}

fn form(url: &str, pairs: &[(&str, &str)]) -> FormPost {
    let mut body = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in pairs {
        body.append_pair(key, value);
    }
    FormPost {
        url: url.to_owned(),
        body: body.finish(),
    }
}

/// The token request for `grant`.
pub fn token_form(account: &Account, grant: &Grant) -> FormPost {
    match grant {
        Grant::Code {
            code,
            verifier,
            redirect_uri,
        } => form(
            &account.token,
            &[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", redirect_uri),
                ("client_id", &account.client_id),
                ("code_verifier", verifier),
            ],
        ),
        Grant::Refresh { refresh_token } => form(
            &account.token,
            &[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh_token),
                ("client_id", &account.client_id),
            ],
        ),
    }
}

/// The revocation requests for a sign-out (RFC 7009): the refresh token
/// first, which ends the access tokens made from it at a publisher that
/// follows the RFC, then the access token, for one that does not.
pub fn revoke_forms(
    account: &Account,
    access: Option<&str>,
    refresh: Option<&str>,
) -> Vec<FormPost> {
    let mut forms = Vec::new();
    if let Some(refresh) = refresh {
        forms.push(form(
            &account.revoke,
            &[
                ("token", refresh),
                ("token_type_hint", "refresh_token"),
                ("client_id", &account.client_id),
            ],
        ));
    }
    if let Some(access) = access {
        forms.push(form(
            &account.revoke,
            &[
                ("token", access),
                ("token_type_hint", "access_token"),
                ("client_id", &account.client_id),
            ],
        ));
    }
    forms
}

#[derive(Deserialize)]
struct RawTokens {
    access_token: String,
    token_type: String,
    expires_in: u64,
    #[serde(default)]
    refresh_token: Option<String>,
}

/// Reads a token endpoint's answer. `kept_refresh`: the refresh token held
/// before, kept when a renewal's answer brings no new one.
pub fn read_tokens(
    json: &str,
    kept_refresh: Option<&str>,
    now_ms: i64,
) -> Result<Tokens, AccountError> {
    let bad = AccountError::BadTokens;
    // A repeated key is refused, as in every document a remote party sends.
    document::parse_strict(json).map_err(bad)?;
    let raw: RawTokens = document::read(json).map_err(|e| bad(e.to_string()))?;
    if !raw.token_type.eq_ignore_ascii_case("bearer") {
        return Err(bad(format!(
            "token_type is {}, not Bearer",
            document::quoted(&raw.token_type)
        )));
    }
    let token_ok = |t: &str| {
        !t.is_empty() && t.len() <= MAX_TOKEN_CHARS && t.bytes().all(|b| b.is_ascii_graphic())
    };
    if !token_ok(&raw.access_token) {
        return Err(bad("access_token is not a token".into()));
    }
    if raw.refresh_token.as_deref().is_some_and(|t| !token_ok(t)) {
        return Err(bad("refresh_token is not a token".into()));
    }
    if raw.expires_in == 0 {
        return Err(bad("expires_in must be more than 0".into()));
    }
    let lifetime_ms = i64::try_from(raw.expires_in)
        .unwrap_or(i64::MAX)
        .saturating_mul(1000);
    Ok(Tokens {
        access: raw.access_token,
        refresh: raw
            .refresh_token
            .or_else(|| kept_refresh.map(str::to_owned)),
        renew_at_ms: now_ms.saturating_add((lifetime_ms - EXPIRY_MARGIN_MS).max(0)),
    })
}

#[cfg(test)]
mod tests;
