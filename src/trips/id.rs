//! Trip ids: 128 bits from the platform's secure random source, as 32 hex
//! digits. A trip id travels in the tracking link, so it must not be guessable
//! or reveal anything (no time, no counter). The source is injected: the
//! browser's `crypto.getRandomValues` in the wasm, the OS natively.

use super::TripError;

/// A cryptographically secure random source.
pub trait Entropy {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String>;
}

/// The operating system's random source (native builds).
#[cfg(not(target_arch = "wasm32"))]
pub struct OsEntropy;

#[cfg(not(target_arch = "wasm32"))]
impl Entropy for OsEntropy {
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
        use std::io::Read;
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(buf))
            .map_err(|e| e.to_string())
    }
}

pub fn new_trip_id(entropy: &mut dyn Entropy) -> Result<String, TripError> {
    let mut bytes = [0u8; 16];
    entropy.fill(&mut bytes).map_err(TripError::NoEntropy)?;
    if bytes.iter().all(|b| *b == 0) {
        return Err(TripError::NoEntropy(
            "the source returned only zeros".into(),
        ));
    }
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether `id` has the shape of a trip id (tracking links and messages are
/// checked with it before anything looks the id up).
pub fn is_trip_id(id: &str) -> bool {
    id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn ids_are_128_random_bits_in_hex() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..1000 {
            let id = new_trip_id(&mut OsEntropy).unwrap();
            assert!(is_trip_id(&id), "{id}");
            assert!(seen.insert(id));
        }
    }

    #[test]
    fn a_broken_source_is_an_error_not_a_weak_id() {
        struct Broken;
        impl Entropy for Broken {
            fn fill(&mut self, _: &mut [u8]) -> Result<(), String> {
                Err("unavailable".into())
            }
        }
        struct Zeros;
        impl Entropy for Zeros {
            fn fill(&mut self, buf: &mut [u8]) -> Result<(), String> {
                buf.fill(0);
                Ok(())
            }
        }
        assert!(matches!(
            new_trip_id(&mut Broken),
            Err(TripError::NoEntropy(_))
        ));
        assert!(matches!(
            new_trip_id(&mut Zeros),
            Err(TripError::NoEntropy(_))
        ));
    }

    #[test]
    fn recognises_the_shape_of_an_id() {
        assert!(is_trip_id("0123456789abcdef0123456789abcdef"));
        assert!(!is_trip_id("0123456789ABCDEF0123456789abcdef"));
        assert!(!is_trip_id("0123"));
        assert!(!is_trip_id("0123456789abcdef0123456789abcdeg"));
    }
}
