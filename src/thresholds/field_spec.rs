//! The schema DSL for fuzzy references: `~>Type` (forward: match an existing
//! entity or create one), `<~Type` (backward: match existing only), an
//! optional threshold `(0.85)`, and, in a schema, the array form
//! `['~>Type(0.85)']` meaning "many".
//!
//! Errors name the character position (0-based) and what was expected, so a
//! schema author can find the typo.

use crate::error::{Error, Result};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

/// Which way a fuzzy reference resolves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// `~>`: match an existing entity, or create one when nothing passes.
    Forward,
    /// `<~`: match an existing entity only; nothing passing means no match.
    Backward,
}

impl Direction {
    /// Reads a direction by its JS name (a lookup's `mode`), `"forward"` or
    /// `"backward"`.
    pub fn parse(name: &str, given: &str) -> Result<Direction> {
        crate::check::one_of(
            name,
            given,
            &[
                ("forward", Direction::Forward),
                ("backward", Direction::Backward),
            ],
        )
    }
}

/// A parsed field spec.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldSpec {
    /// `~>` or `<~`.
    pub direction: Direction,
    /// The referenced type's name.
    pub target: String,
    /// The threshold written in the spec, if any.
    pub threshold: Option<f64>,
    /// Whether the spec came in the array form (a list of references).
    pub many: bool,
}

impl FieldSpec {
    /// Parses one spec string; `many` comes from the caller (array form).
    ///
    /// ```
    /// use simgate::{Direction, FieldSpec};
    ///
    /// let spec = FieldSpec::parse("~>Company(0.85)", false)?;
    /// assert_eq!((spec.direction, spec.target.as_str(), spec.threshold), (Direction::Forward, "Company", Some(0.85)));
    /// let err = FieldSpec::parse("~>", false).unwrap_err();
    /// assert!(err.message().contains("position 2"));
    /// # Ok::<(), simgate::Error>(())
    /// ```
    pub fn parse(spec: &str, many: bool) -> Result<FieldSpec> {
        let chars: Vec<char> = spec.chars().collect();
        let err = |pos: usize, expected: &str| -> Error {
            let found = match chars.get(pos) {
                None => String::from("end of input"),
                Some(c) => format!("'{c}'"),
            };
            Error::range(format!(
                "field spec \"{spec}\": expected {expected} at position {pos}, found {found}"
            ))
        };
        if chars.is_empty() {
            return Err(Error::range(
                "field spec is empty: expected '~>' or '<~' followed by a type name, e.g. \"~>Industry(0.78)\"",
            ));
        }
        let mut pos = skip_ws(&chars, 0);
        let direction = match (chars.get(pos), chars.get(pos + 1)) {
            (Some('~'), Some('>')) => Direction::Forward,
            (Some('<'), Some('~')) => Direction::Backward,
            _ => return Err(err(pos, "'~>' or '<~'")),
        };
        pos = skip_ws(&chars, pos + 2);
        let start = pos;
        match chars.get(pos) {
            Some(c) if c.is_alphabetic() || *c == '_' => {}
            _ => return Err(err(pos, "a type name")),
        }
        while matches!(chars.get(pos), Some(c) if c.is_alphanumeric() || *c == '_') {
            pos += 1;
        }
        let target: String = chars.get(start..pos).unwrap_or_default().iter().collect();
        pos = skip_ws(&chars, pos);
        let mut threshold = None;
        if chars.get(pos) == Some(&'(') {
            pos = skip_ws(&chars, pos + 1);
            let num_start = pos;
            if chars.get(pos) == Some(&'-') {
                pos += 1;
            }
            let digits_start = pos;
            while matches!(chars.get(pos), Some(c) if c.is_ascii_digit() || *c == '.') {
                pos += 1;
            }
            let text: String = chars
                .get(num_start..pos)
                .unwrap_or_default()
                .iter()
                .collect();
            let value = if pos == digits_start {
                None
            } else {
                text.parse::<f64>().ok()
            };
            let value = value.ok_or_else(|| err(num_start, "a threshold number such as 0.85"))?;
            if !(-1.0..=1.0).contains(&value) {
                return Err(Error::range(format!(
                    "field spec \"{spec}\": threshold {text} at position {num_start} is out of range; expected a number in [-1, 1]"
                )));
            }
            pos = skip_ws(&chars, pos);
            if chars.get(pos) != Some(&')') {
                return Err(err(pos, "')'"));
            }
            pos = skip_ws(&chars, pos + 1);
            threshold = Some(value);
        }
        if pos != chars.len() {
            let expected = if threshold.is_none() {
                "'(' or the end of the spec"
            } else {
                "the end of the spec"
            };
            return Err(err(pos, expected));
        }
        Ok(FieldSpec {
            direction,
            target,
            threshold,
            many,
        })
    }
}

fn skip_ws(chars: &[char], mut pos: usize) -> usize {
    while matches!(chars.get(pos), Some(c) if c.is_whitespace()) {
        pos += 1;
    }
    pos
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn msg(spec: &str) -> String {
        FieldSpec::parse(spec, false).unwrap_err().to_string()
    }

    #[test]
    fn parses_the_seed_examples() {
        let s = FieldSpec::parse("~>ICP(0.82)", false).unwrap();
        assert_eq!(
            s,
            FieldSpec {
                direction: Direction::Forward,
                target: "ICP".into(),
                threshold: Some(0.82),
                many: false
            }
        );
        let s = FieldSpec::parse("<~Industry", false).unwrap();
        assert_eq!(
            (s.direction, s.target.as_str(), s.threshold),
            (Direction::Backward, "Industry", None)
        );
        let s = FieldSpec::parse("~>Company(0.85)", true).unwrap();
        assert!(s.many);
        assert_eq!(
            FieldSpec::parse(" ~> Tag ( 0 ) ", false).unwrap().threshold,
            Some(0.0)
        );
    }

    #[test]
    fn errors_name_the_position_and_what_was_expected() {
        assert_eq!(
            msg(""),
            "field spec is empty: expected '~>' or '<~' followed by a type name, e.g. \"~>Industry(0.78)\""
        );
        assert_eq!(
            msg("~>"),
            "field spec \"~>\": expected a type name at position 2, found end of input"
        );
        assert_eq!(
            msg("~>ICP("),
            "field spec \"~>ICP(\": expected a threshold number such as 0.85 at position 6, found end of input"
        );
        assert_eq!(
            msg("~>ICP(1.5)"),
            "field spec \"~>ICP(1.5)\": threshold 1.5 at position 6 is out of range; expected a number in [-1, 1]"
        );
        assert_eq!(
            msg("=>ICP"),
            "field spec \"=>ICP\": expected '~>' or '<~' at position 0, found '='"
        );
        assert_eq!(
            msg("~>ICP(0.8)x"),
            "field spec \"~>ICP(0.8)x\": expected the end of the spec at position 10, found 'x'"
        );
        assert_eq!(
            msg("~>ICP(0.8"),
            "field spec \"~>ICP(0.8\": expected ')' at position 9, found end of input"
        );
        assert_eq!(msg("~>ICP(.)"), "field spec \"~>ICP(.)\": expected a threshold number such as 0.85 at position 6, found '.'");
        assert_eq!(
            msg("~>ICP x"),
            "field spec \"~>ICP x\": expected '(' or the end of the spec at position 6, found 'x'"
        );
    }
}
