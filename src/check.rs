//! Input checks shared by every entry point, each producing an error message
//! that names the parameter and the first offending position.

use crate::error::{Error, Result};
use alloc::format;

/// Names a non-finite float the way a user would write it in JS.
pub(crate) fn describe(x: f32) -> &'static str {
    if x.is_nan() {
        "NaN"
    } else if x > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Fails on the first NaN or infinite element of `values`, naming it
/// `name[i]`.
pub(crate) fn finite(name: &str, values: &[f32]) -> Result<()> {
    match values.iter().enumerate().find(|(_, v)| !v.is_finite()) {
        None => Ok(()),
        Some((i, &v)) => Err(Error::range(format!(
            "{name}[{i}] is {}; only finite numbers are allowed",
            describe(v)
        ))),
    }
}

fn is_integer(x: f64) -> bool {
    libm::trunc(x) == x
}

/// A similarity threshold: a finite number in [-1, 1] (cosine's range).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn threshold(name: &str, t: f64) -> Result<f32> {
    if t.is_finite() && (-1.0..=1.0).contains(&t) {
        Ok(t as f32)
    } else {
        Err(Error::range(format!(
            "{name} must be a number in [-1, 1], got {t}"
        )))
    }
}

/// A prefix length: an integer in `1..=max`.
pub(crate) fn prefix_dims(name: &str, dims: f64, max: usize) -> Result<usize> {
    if dims.is_finite() && is_integer(dims) && dims >= 1.0 && dims <= max as f64 {
        Ok(dims as usize)
    } else {
        Err(Error::range(format!(
            "{name} must be an integer from 1 to {max}, got {dims}"
        )))
    }
}

/// A count such as `k`: a non-negative integer. Values above `usize::MAX`
/// (only possible on 32-bit targets) saturate, which is harmless because
/// every count is capped by the number of rows.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn count(name: &str, n: f64) -> Result<usize> {
    if n.is_finite() && is_integer(n) && n >= 0.0 {
        Ok(if n >= usize::MAX as f64 {
            usize::MAX
        } else {
            n as usize
        })
    } else {
        Err(Error::range(format!(
            "{name} must be a non-negative integer, got {n}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_parameter_and_position() {
        let e = finite("query", &[0.0, f32::NAN]).unwrap_err();
        assert_eq!(
            e.message(),
            "query[1] is NaN; only finite numbers are allowed"
        );
        let e = threshold("threshold", 1.5).unwrap_err();
        assert_eq!(
            e.message(),
            "threshold must be a number in [-1, 1], got 1.5"
        );
        let e = prefix_dims("dims", 0.0, 384).unwrap_err();
        assert_eq!(e.message(), "dims must be an integer from 1 to 384, got 0");
        assert_eq!(
            count("k", -1.0).unwrap_err().message(),
            "k must be a non-negative integer, got -1"
        );
        assert_eq!(
            count("k", 2.5).unwrap_err().message(),
            "k must be a non-negative integer, got 2.5"
        );
        assert_eq!(count("k", 0.0), Ok(0));
        assert_eq!(threshold("t", -1.0), Ok(-1.0));
    }
}
