//! A page URL reduced to what matching and stand-down read: scheme check,
//! host, path and query, taken the way a browser takes them (WHATWG URL).
//!
//! The `url` crate is the authority. Parsing every navigation in full is most
//! of the cost of a match, though, and nearly every URL a browser reports is
//! already in canonical form: `https://www.shop.com/path?query`, ASCII, lower
//! or upper case host of plain labels, no port, no userinfo, no escapes. For
//! those the canonical host, path and query are slices of the input, so
//! [`PageUrl::parse`] takes them directly and hands everything else to the
//! `url` crate. The two must agree on every input; the tests check that on
//! the WPT URL cases, and the hardening fuzzers on generated URLs.

use std::borrow::Cow;

/// Chromium refuses URLs longer than this; so does the core.
pub const MAX_URL_LEN: usize = 2 * 1024 * 1024;
/// DNS names are at most 253 characters: no page on a longer host can load,
/// so matching skips them (walking a huge host's suffixes is quadratic).
pub const MAX_DNS_NAME_LEN: usize = 253;

/// An `http:` or `https:` URL with a domain host (never an IP address).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl<'a> {
    /// The serialized URL (`href`), as page scripts and pattern rules see it.
    pub href: Cow<'a, str>,
    /// Lower-case, punycode; a trailing dot is kept, as browsers keep it.
    pub host: Cow<'a, str>,
    /// Starts with `/`.
    pub path: Cow<'a, str>,
    /// Without the `?`; empty when there is none.
    pub query: Cow<'a, str>,
}

impl<'a> PageUrl<'a> {
    /// `None` for anything that is not an http(s) page on a domain: bad
    /// syntax, other schemes, IP hosts, URLs longer than [`MAX_URL_LEN`].
    pub fn parse(input: &'a str) -> Option<PageUrl<'a>> {
        if input.len() > MAX_URL_LEN {
            return None;
        }
        match fast_parse(input) {
            Some(page) => Some(page),
            None if names_http_scheme(input) => slow_parse(input),
            None => None,
        }
    }

    /// The host without a trailing dot: what catalog entries are compared with.
    pub fn host_for_matching(&self) -> &str {
        self.host.strip_suffix('.').unwrap_or(&self.host)
    }

    /// Whether the host could be resolved at all (see [`MAX_DNS_NAME_LEN`]).
    pub fn host_is_resolvable(&self) -> bool {
        self.host_for_matching().len() <= MAX_DNS_NAME_LEN
    }
}

/// The host of `input` when it is an https URL on a domain that the fast
/// path reads (and so the url crate reads alike); `None` leaves the question
/// to the url crate. Keeps the url crate's parser off the catalog's common
/// tracking templates, and so off a waking service worker's path.
pub fn plain_https_host(input: &str) -> Option<Cow<'_, str>> {
    if !input.starts_with("https://") {
        return None;
    }
    fast_parse(input).map(|page| page.host)
}

const PLAIN: u8 = 0;
const UPPER: u8 = 1;
const DOT: u8 = 2;
const PERCENT: u8 = 3;
const SLASH: u8 = 4;
const QUESTION: u8 = 5;
const HASH: u8 = 6;
const OTHER: u8 = 7;

/// What each byte means to the fast path; OTHER sends the URL to the parser.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [OTHER; 256];
    let plain = b"abcdefghijklmnopqrstuvwxyz0123456789-_~=&+,;!$()*:@[]|^";
    let mut i = 0;
    while i < plain.len() {
        table[plain[i] as usize] = PLAIN;
        i += 1;
    }
    let mut c = b'A';
    while c <= b'Z' {
        table[c as usize] = UPPER;
        c += 1;
    }
    table[b'.' as usize] = DOT;
    table[b'%' as usize] = PERCENT;
    table[b'/' as usize] = SLASH;
    table[b'?' as usize] = QUESTION;
    table[b'#' as usize] = HASH;
    table
};

fn fast_parse(input: &str) -> Option<PageUrl<'_>> {
    let rest = input
        .strip_prefix("https://")
        .or_else(|| input.strip_prefix("http://"))?;
    let bytes = rest.as_bytes();
    // One pass: find where the host, path and query end, and leave for the
    // parser anything it would strip, trim, escape or resolve: bytes outside
    // printable ASCII, a few special characters, and dot segments ("/." and
    // its %2e spelling).
    let mut host_end = None;
    let mut path_end = bytes.len();
    let mut query_end = bytes.len();
    let mut has_upper = false;
    for (i, &b) in bytes.iter().enumerate() {
        match BYTE_CLASS[usize::from(b)] {
            PLAIN => {}
            UPPER => has_upper |= host_end.is_none(),
            DOT => {
                if host_end.is_some() && path_end == bytes.len() && bytes[i - 1] == b'/' {
                    return None;
                }
            }
            PERCENT => {
                if host_end.is_none()
                    || (path_end == bytes.len()
                        && bytes.get(i + 1) == Some(&b'2')
                        && matches!(bytes.get(i + 2), Some(b'e' | b'E')))
                {
                    return None;
                }
            }
            SLASH => {
                if host_end.is_none() {
                    host_end = Some(i);
                }
            }
            QUESTION => {
                // An empty path: let the parser serialize it.
                host_end?;
                if path_end == bytes.len() {
                    path_end = i;
                }
            }
            HASH => {
                host_end?;
                if path_end == bytes.len() {
                    path_end = i;
                }
                query_end = i;
                break;
            }
            _ => return None,
        }
    }
    let host_end = host_end?;
    let host = &rest[..host_end];
    if !is_plain_domain(host) {
        return None;
    }
    let after_host = &rest[host_end..];
    let path = &rest[host_end..path_end];
    let query = if path_end < query_end && bytes[path_end] == b'?' {
        &rest[path_end + 1..query_end]
    } else {
        ""
    };
    // Fragment bytes were not checked above: the serializer escapes a few.
    if rest[query_end..]
        .bytes()
        .any(|b| !(0x21..=0x7e).contains(&b) || matches!(b, b'"' | b'<' | b'>' | b'`'))
    {
        return None;
    }
    let (host, href) = if has_upper {
        let lower = host.to_ascii_lowercase();
        let scheme_len = input.len() - rest.len();
        let href = format!("{}{}{}", &input[..scheme_len], lower, after_host);
        (Cow::Owned(lower), Cow::Owned(href))
    } else {
        (Cow::Borrowed(host), Cow::Borrowed(input))
    };
    Some(PageUrl {
        href,
        host,
        path: Cow::Borrowed(path),
        query: Cow::Borrowed(query),
    })
}

/// Letters, digits, `-` and `.`, labels non-empty (a trailing dot is allowed),
/// no punycode label (the parser validates those), and a last label that does
/// not start with a digit (the parser may read the host as IPv4).
fn is_plain_domain(host: &str) -> bool {
    let name = host.strip_suffix('.').unwrap_or(host).as_bytes();
    let mut label_start = 0;
    for (i, &b) in name.iter().enumerate() {
        if b == b'.' {
            if i == label_start {
                return false; // an empty label
            }
            label_start = i + 1;
        } else if !(b.is_ascii_alphanumeric() || b == b'-') {
            return false;
        } else if i == label_start + 3 && name[label_start..=i].eq_ignore_ascii_case(b"xn--") {
            return false; // punycode: the parser validates it
        }
    }
    // The last label must be non-empty and must not start with a digit.
    name.get(label_start).is_some_and(|b| !b.is_ascii_digit())
}

/// Whether the parser could read `input` as an http(s) URL at all: after
/// leading C0 controls and spaces, and ignoring tabs and newlines (which the
/// parser removes), it must start with `http:` or `https:` in any case. Most
/// other inputs (`chrome://`, `about:blank`, `data:`) are turned away here.
fn names_http_scheme(input: &str) -> bool {
    let mut scheme = input
        .bytes()
        .skip_while(|b| *b <= b' ')
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .map(|b| b.to_ascii_lowercase());
    let mut start = [0u8; 6];
    for slot in &mut start {
        *slot = scheme.next().unwrap_or(0);
    }
    start.starts_with(b"http:") || start == *b"https:"
}

fn slow_parse(input: &str) -> Option<PageUrl<'static>> {
    let parsed = url::Url::parse(input).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let host = match parsed.host()? {
        url::Host::Domain(domain) => domain.to_owned(),
        url::Host::Ipv4(_) | url::Host::Ipv6(_) => return None,
    };
    Some(PageUrl {
        host: Cow::Owned(host),
        path: Cow::Owned(parsed.path().to_owned()),
        query: Cow::Owned(parsed.query().unwrap_or("").to_owned()),
        href: Cow::Owned(String::from(parsed)),
    })
}

/// The WHATWG `hostname` of any URL the `url` crate accepts, IP or domain:
/// what the conformance tests compare with.
pub fn whatwg_hostname(input: &str) -> Option<String> {
    let parsed = url::Url::parse(input).ok()?;
    Some(match parsed.host()? {
        url::Host::Ipv6(addr) => format!("[{addr}]"),
        host => host.to_string(),
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
