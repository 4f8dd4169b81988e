use super::*;

fn account() -> Account {
    Account {
        authorize: "https://rewards.example.test/oauth/authorize".into(),
        token: "https://rewards.example.test/oauth/token".into(),
        revoke: "https://rewards.example.test/oauth/revoke".into(),
        client_id: "example-button".into(),
        scope: Some("trips".into()),
    }
}

const REDIRECT: &str = "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/";
const STATE: &str = "s0123456789abcdefghijklmnopqrstuvwxyzABCD";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[test]
fn the_authorize_url_asks_for_a_code_with_pkce_and_the_state() {
    let url = Url::parse(&authorize_url(&account(), REDIRECT, STATE, CHALLENGE).unwrap()).unwrap();
    let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("response_type"), Some("code"));
    assert_eq!(get("client_id"), Some("example-button"));
    assert_eq!(get("redirect_uri"), Some(REDIRECT));
    assert_eq!(get("state"), Some(STATE));
    assert_eq!(get("code_challenge"), Some(CHALLENGE));
    assert_eq!(get("code_challenge_method"), Some("S256"));
    assert_eq!(get("scope"), Some("trips"));
    for (state, challenge) in [
        ("short", CHALLENGE),
        (STATE, "has space in it and is long enough ok"),
    ] {
        assert!(authorize_url(&account(), REDIRECT, state, challenge).is_err());
    }
    assert!(authorize_url(&account(), "http://x.chromiumapp.org/", STATE, CHALLENGE).is_err());
}

#[test]
fn only_a_redirect_for_this_sign_in_gives_a_code() {
    let back = |q: &str| format!("{REDIRECT}?{q}");
    let code = |to: &str| code_from_redirect("Example", to, REDIRECT, STATE);
    assert_eq!(
        code(&back(&format!("code=abc&state={STATE}"))),
        Ok("abc".into())
    );
    assert_eq!(
        code(&back("code=abc&state=another")),
        Err(AccountError::WrongState),
        "an attacker's redirect"
    );
    assert_eq!(code(&back("code=abc")), Err(AccountError::WrongState));
    assert_eq!(
        code(&back(&format!("code=abc&code=def&state={STATE}"))),
        Err(AccountError::WrongState)
    );
    assert_eq!(
        code(&back(&format!("state={STATE}"))),
        Err(AccountError::NoCode)
    );
    assert_eq!(
        code(&back(&format!("error=access_denied&state={STATE}"))),
        Err(AccountError::Refused(
            "Example".into(),
            "access_denied".into()
        ))
    );
    let elsewhere = format!("https://evil.example/?code=abc&state={STATE}");
    assert_eq!(code(&elsewhere), Err(AccountError::WrongRedirect));
    assert_eq!(code("not a url"), Err(AccountError::WrongRedirect));
}

#[test]
fn token_forms_carry_the_grant_and_the_verifier() {
    let grant = Grant::Code {
        code: "c&d",
        verifier: "v",
        redirect_uri: REDIRECT,
    };
    let post = token_form(&account(), &grant);
    assert_eq!(post.url, "https://rewards.example.test/oauth/token");
    assert!(post
        .body
        .starts_with("grant_type=authorization_code&code=c%26d&redirect_uri=https%3A%2F%2F"));
    assert!(post
        .body
        .ends_with("client_id=example-button&code_verifier=v"));
    let refresh = token_form(&account(), &Grant::Refresh { refresh_token: "r" });
    assert_eq!(
        refresh.body,
        "grant_type=refresh_token&refresh_token=r&client_id=example-button"
    );
    let revokes = revoke_forms(&account(), Some("a"), Some("r"));
    assert_eq!(revokes.len(), 2);
    assert!(revokes[0]
        .body
        .starts_with("token=r&token_type_hint=refresh_token"));
    assert!(revokes[1]
        .body
        .starts_with("token=a&token_type_hint=access_token"));
}

#[test]
fn a_token_answer_is_read_strictly() {
    let ok =
        r#"{"access_token":"at","token_type":"Bearer","expires_in":3600,"refresh_token":"rt"}"#;
    let tokens = read_tokens(ok, None, 1000).unwrap();
    assert_eq!(
        (tokens.access.as_str(), tokens.refresh.as_deref()),
        ("at", Some("rt"))
    );
    assert_eq!(tokens.renew_at_ms, 1000 + 3_600_000 - EXPIRY_MARGIN_MS);
    let renewed = r#"{"access_token":"at2","token_type":"bearer","expires_in":30}"#;
    let tokens = read_tokens(renewed, Some("rt"), 0).unwrap();
    assert_eq!(
        tokens.refresh.as_deref(),
        Some("rt"),
        "the refresh token is kept"
    );
    assert_eq!(
        tokens.renew_at_ms, 0,
        "a short lifetime is renewed at once next time"
    );
    for bad in [
        "not json",
        r#"{"access_token":"at","token_type":"mac","expires_in":3600}"#,
        r#"{"access_token":"at","token_type":"Bearer"}"#,
        r#"{"access_token":"","token_type":"Bearer","expires_in":3600}"#,
        r#"{"access_token":"a t","token_type":"Bearer","expires_in":3600}"#,
        r#"{"access_token":"at","token_type":"Bearer","expires_in":-1}"#,
        r#"{"access_token":"at","access_token":"bt","token_type":"Bearer","expires_in":1}"#,
        r#"{"error":"invalid_grant"}"#,
    ] {
        assert!(
            matches!(read_tokens(bad, None, 0), Err(AccountError::BadTokens(_))),
            "{bad}"
        );
    }
}
