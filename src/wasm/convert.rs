//! The checks on values that come from JavaScript, and the errors that go
//! back to it.

use crate::rewards::MAX_SUBTOTAL_MINOR;
use wasm_bindgen::prelude::*;

#[inline(never)]
pub fn js_error(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}

/// What a thrown JavaScript value says: an `Error`'s message, or the value
/// itself when it is a string.
pub fn js_message(thrown: &JsValue) -> String {
    js_sys::Reflect::get(thrown, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// An integer count of minor units that a JavaScript number carries exactly.
pub fn minor_units(value: &JsValue) -> Result<u64, JsValue> {
    let n = value.as_f64().ok_or_else(|| {
        js_error(
            "InputError",
            "subtotalMinor must be a number (integer minor units)",
        )
    })?;
    if !n.is_finite() || n.fract() != 0.0 || n < 0.0 || n > MAX_SUBTOTAL_MINOR as f64 {
        return Err(js_error(
            "InputError",
            &format!(
                "subtotalMinor must be a whole number of minor units from 0 to {MAX_SUBTOTAL_MINOR}, not {}",
                describe_number(n)
            ),
        ));
    }
    Ok(n as u64)
}

/// A number as a message shows it, without the float formatter's code: the
/// offending values here are fractions, negatives and huge ones.
fn describe_number(n: f64) -> String {
    if !n.is_finite() {
        "a non-finite number".into()
    } else if n < 0.0 {
        "a negative number".into()
    } else if n.fract() != 0.0 {
        "a fraction".into()
    } else {
        "a larger number".into()
    }
}

/// A time in ms since the epoch, or now when absent.
pub fn now_or(value: &JsValue) -> Result<i64, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(js_sys::Date::now() as i64);
    }
    match value.as_f64() {
        Some(ms) if ms.is_finite() && ms.abs() < 8.64e15 => Ok(ms as i64),
        _ => Err(js_error(
            "InputError",
            "a time must be a number of ms since the epoch",
        )),
    }
}

/// Cookie names from JavaScript: an array of strings, or nothing. At most
/// 300 names of at most 4 KB each are looked at (a browser's per-host limits).
pub fn cookie_names(value: &JsValue) -> Vec<String> {
    if !js_sys::Array::is_array(value) {
        return Vec::new();
    }
    js_sys::Array::from(value)
        .iter()
        .take(300)
        .filter_map(|name| name.as_string())
        .filter(|name| name.len() <= 4096)
        .collect()
}
