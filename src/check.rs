//! Every input rule of the crate, once.
//!
//! Each rule names the parameter it checks and returns the value in the
//! type the core uses. Every failure is built by [`must`]: "`name` must be
//! `expected`, got `given`", so one shape of message comes from one place
//! (the two exceptions, non-finite vector elements and zero vectors, say
//! which element or row is wrong).

use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;
use core::fmt::Display;

/// The largest dims a set (or a resolve query) accepts: far above any
/// embedding model, low enough that a typo like 2^40 is an error.
pub const MAX_DIMS: usize = 1_048_576;

/// The largest integer a JS number holds exactly (`Number.MAX_SAFE_INTEGER`).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// The one way a rule fails: a `RangeError` "`name` must be `expected`, got
/// `given`".
pub(crate) fn must(name: &str, expected: &str, given: impl Display) -> Error {
    Error::range(format!("{name} must be {expected}, got {given}"))
}

/// The one way a value of the wrong type fails: a `TypeError` in the same
/// shape as [`must`].
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn must_be_type(name: &str, expected: &str, given: impl Display) -> Error {
    Error::type_error(format!("{name} must be {expected}, got {given}"))
}

/// A required option that was left out.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn required(name: &str) -> Error {
    Error::type_error(format!("{name} is required"))
}

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

/// A similarity threshold (or anything on cosine's scale): a finite number
/// in [-1, 1].
pub(crate) fn unit(name: &str, t: f64) -> Result<f64> {
    if t.is_finite() && (-1.0..=1.0).contains(&t) {
        Ok(t)
    } else {
        Err(must(name, "a number in [-1, 1]", t))
    }
}

/// [`unit`] in the f32 the scoring layer compares with.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn threshold(name: &str, t: f64) -> Result<f32> {
    unit(name, t).map(|t| t as f32)
}

/// A score: any finite number (scores from other retrievers need not be
/// cosines, so only NaN and infinities are rejected).
pub(crate) fn score(name: &str, x: f64) -> Result<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(must(name, "a finite number", x))
    }
}

/// Fails on the first NaN or infinite score, naming `name[i]` (the message is
/// only built on failure: this runs over every candidate of every lookup).
pub(crate) fn scores(name: &str, values: &[f64]) -> Result<()> {
    match values.iter().enumerate().find(|(_, s)| !s.is_finite()) {
        None => Ok(()),
        Some((i, &s)) => score(&format!("{name}[{i}]"), s).map(|_| ()),
    }
}

/// A margin or step: a finite number >= 0.
pub(crate) fn margin(name: &str, x: f64) -> Result<f64> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(must(name, "a finite number >= 0", x))
    }
}

/// A prefix length: an integer in `1..=max`.
pub(crate) fn prefix_dims(name: &str, dims: f64, max: usize) -> Result<usize> {
    integer(name, dims, 1, max)
}

/// A set's dimensionality: an integer in `1..=MAX_DIMS`.
pub fn set_dims(name: &str, dims: f64) -> Result<usize> {
    if dims.is_finite() && is_integer(dims) && dims >= 1.0 && dims <= MAX_DIMS as f64 {
        Ok(dims as usize)
    } else {
        Err(must(
            name,
            &format!("a positive integer (at most {MAX_DIMS})"),
            dims,
        ))
    }
}

/// An integer in `min..=max`.
pub(crate) fn integer(name: &str, n: f64, min: usize, max: usize) -> Result<usize> {
    if n.is_finite() && is_integer(n) && n >= min as f64 && n <= max as f64 {
        Ok(n as usize)
    } else {
        Err(must(name, &format!("an integer from {min} to {max}"), n))
    }
}

/// An integer `>= min`, up to `1e15` (a count or size; larger is a typo).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn at_least(name: &str, n: f64, min: usize) -> Result<usize> {
    if n.is_finite() && is_integer(n) && n >= min as f64 && n <= 1e15 {
        Ok(n as usize)
    } else {
        Err(must(name, &format!("an integer >= {min}"), n))
    }
}

/// A size such as a number of bins or rounds: an integer `>= min`, at most
/// 1e9 (what one call can allocate for; larger is a typo).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn size(name: &str, n: f64, min: usize) -> Result<usize> {
    if n.is_finite() && is_integer(n) && n >= min as f64 && n <= 1e9 {
        Ok(n as usize)
    } else {
        Err(must(name, &format!("an integer >= {min}"), n))
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
        Err(must(name, "a non-negative integer", n))
    }
}

/// A count restored from saved state: a non-negative integer that an f64
/// holds exactly (up to 2^53).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn tally(name: &str, n: f64) -> Result<u64> {
    if n.is_finite() && is_integer(n) && (0.0..=MAX_SAFE_INTEGER).contains(&n) {
        Ok(n as u64)
    } else {
        Err(must(name, "a non-negative integer", n))
    }
}

/// A random seed: a non-negative integer a JS number holds exactly.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) fn seed(name: &str, n: f64) -> Result<u64> {
    if n.is_finite() && is_integer(n) && (0.0..=MAX_SAFE_INTEGER).contains(&n) {
        Ok(n as u64)
    } else {
        Err(must(name, "a non-negative safe integer", n))
    }
}

/// One of a fixed set of names (`"forward"`, `"platt"`, ...): the matching
/// value, or a `TypeError` listing the names.
pub fn one_of<T: Copy>(name: &str, given: &str, choices: &[(&str, T)]) -> Result<T> {
    choices
        .iter()
        .find(|(n, _)| *n == given)
        .map(|(_, v)| *v)
        .ok_or_else(|| must_be_type(name, &names(choices), format!("\"{given}\"")))
}

/// `"a" or "b"`, `"a", "b" or "c"`: the names of [`one_of`]'s choices.
pub fn names<T>(choices: &[(&str, T)]) -> String {
    let mut out = String::new();
    for (i, (n, _)) in choices.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == choices.len() { " or " } else { ", " });
        }
        out.push('"');
        out.push_str(n);
        out.push('"');
    }
    out
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
        assert_eq!(
            set_dims("dims", 2e6).unwrap_err().message(),
            "dims must be a positive integer (at most 1048576), got 2000000"
        );
        assert_eq!(
            seed("seed", -1.0).unwrap_err().message(),
            "seed must be a non-negative safe integer, got -1"
        );
    }

    #[test]
    fn one_of_lists_the_choices() {
        let modes = [("forward", 1), ("backward", 2)];
        assert_eq!(one_of("mode", "backward", &modes), Ok(2));
        assert_eq!(
            one_of("mode", "sideways", &modes).unwrap_err().message(),
            "mode must be \"forward\" or \"backward\", got \"sideways\""
        );
        assert_eq!(
            names(&[("a", ()), ("b", ()), ("c", ())]),
            "\"a\", \"b\" or \"c\""
        );
    }
}
