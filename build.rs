//! Compacts the built-in stand-down packs for the core: the packs are kept as
//! published in `data/standdown/`, and the copy compiled into the wasm drops
//! the white space between JSON tokens (about a third of the bytes).

use std::{env, fs, path::Path};

fn main() {
    let out = env::var("OUT_DIR").expect("OUT_DIR");
    for name in ["rakuten-publisher-standown.json", "shoptrip.json"] {
        let source = Path::new("data/standdown").join(name);
        println!("cargo:rerun-if-changed={}", source.display());
        let text = fs::read_to_string(&source).expect("a built-in pack");
        fs::write(Path::new(&out).join(name), without_whitespace(&text)).expect("write");
    }
}

/// The JSON text without white space outside strings.
fn without_whitespace(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            in_string = c == '"';
            out.push(c);
        }
    }
    out
}
