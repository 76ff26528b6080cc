//! Cosine similarity of two standalone vectors, optionally over a prefix.

use crate::check;
use crate::error::{Error, Result};
use alloc::format;

/// Cosine of the first `dims` elements of `a` and `b` (all of them when
/// `None`), each prefix divided by its own norm (a truncated Matryoshka
/// embedding is re-normalized, never divided by the full-vector norm).
///
/// Accumulates in f64: one pair is too little work for speed to matter, and
/// f64 cannot overflow on f32 inputs. Errors on length mismatch, non-finite
/// values, a `dims` outside `1..=len`, and a zero prefix (cosine undefined).
///
/// ```
/// let (a, b) = ([3.0, 4.0], [4.0, 3.0]);
/// assert!((simgate::cosine(&a, &b, None)? - 0.96).abs() < 1e-12);
/// // Over the first dim both point the same way: the prefix is re-normalized.
/// assert_eq!(simgate::cosine(&a, &b, Some(1.0))?, 1.0);
/// assert!(simgate::cosine(&[0.0, 0.0], &b, None).is_err());
/// # Ok::<(), simgate::Error>(())
/// ```
pub fn cosine(a: &[f32], b: &[f32], dims: Option<f64>) -> Result<f64> {
    if a.len() != b.len() {
        return Err(Error::range(format!(
            "a and b must have the same length, got {} and {}",
            a.len(),
            b.len()
        )));
    }
    if a.is_empty() {
        return Err(Error::range(
            "a and b are empty; cosine needs at least one dimension",
        ));
    }
    check::finite("a", a)?;
    check::finite("b", b)?;
    let p = match dims {
        None => a.len(),
        Some(d) => check::prefix_dims("dims", d, a.len())?,
    };
    let (mut ab, mut aa, mut bb) = (0.0f64, 0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b).take(p) {
        let (x, y) = (f64::from(x), f64::from(y));
        ab += x * y;
        aa += x * x;
        bb += y * y;
    }
    for (name, sq) in [("a", aa), ("b", bb)] {
        if sq == 0.0 {
            return Err(Error::value(format!(
                "{name} is all zeros over its first {p} dims; cosine is undefined for a zero vector"
            )));
        }
    }
    Ok((ab / (libm::sqrt(aa) * libm::sqrt(bb))).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::{String, ToString};

    #[test]
    fn hand_computed_values() {
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 1.0], None), Ok(0.0));
        assert!((cosine(&[1.0, 2.0], &[-2.0, -4.0], None).unwrap() + 1.0).abs() < 1e-15);
        // (3,4)·(4,3) = 24; |.| = 5 each.
        assert!((cosine(&[3.0, 4.0], &[4.0, 3.0], None).unwrap() - 0.96).abs() < 1e-15);
        // Prefix of 1 dim: (3)·(4) / (3 * 4) = 1, re-normalized.
        assert_eq!(cosine(&[3.0, 4.0], &[4.0, 3.0], Some(1.0)), Ok(1.0));
    }

    #[test]
    fn bad_input_is_an_error_naming_the_problem() {
        let m = |r: Result<f64>| -> String { r.unwrap_err().message().to_string() };
        assert_eq!(
            m(cosine(&[1.0], &[1.0, 2.0], None)),
            "a and b must have the same length, got 1 and 2"
        );
        assert_eq!(
            m(cosine(&[0.0, 0.0], &[1.0, 2.0], None)),
            "a is all zeros over its first 2 dims; cosine is undefined for a zero vector"
        );
        assert_eq!(
            m(cosine(&[1.0, f32::INFINITY], &[1.0, 2.0], None)),
            "a[1] is Infinity; only finite numbers are allowed"
        );
        assert_eq!(
            m(cosine(&[1.0, 2.0], &[1.0, 2.0], Some(3.0))),
            "dims must be an integer from 1 to 2, got 3"
        );
    }
}
