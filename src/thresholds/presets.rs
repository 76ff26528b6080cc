//! The built-in presets: per-type thresholds for common entity types, in
//! a default, a strict and a loose variant.

use super::ThresholdConfig;
use crate::error::{Error, Result};
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;

/// Seed 000's per-type table (section 2 and Appendix B): default, strict,
/// loose. Product appears only in section 2 (0.80, the general default); its
/// strict and loose values follow the "General" row (0.85, 0.75). Section 2's
/// alternative names are listed as aliases with the same values.
const PRESET_TABLE: &[(&[&str], [f64; 3])] = &[
    (&["Person", "Contact"], [0.88, 0.92, 0.85]),
    (&["Company", "Organization"], [0.85, 0.90, 0.80]),
    (&["Occupation", "JobTitle"], [0.75, 0.80, 0.70]),
    (&["Skill", "Competency"], [0.72, 0.78, 0.65]),
    (&["Industry", "Sector"], [0.78, 0.82, 0.72]),
    (&["Location", "Geography"], [0.90, 0.95, 0.85]),
    (&["Tag", "Category"], [0.85, 0.90, 0.80]),
    (&["Topic", "Subject"], [0.75, 0.80, 0.70]),
    (&["ICP"], [0.82, 0.87, 0.77]),
    (&["Product"], [0.80, 0.85, 0.75]),
];

/// The "General" row: the global default of each preset.
const PRESET_DEFAULT: [f64; 3] = [0.80, 0.85, 0.75];

impl ThresholdConfig {
    /// A built-in preset: "default", "strict" or "loose".
    ///
    /// ```
    /// let strict = simgate::ThresholdConfig::preset("strict")?;
    /// assert_eq!((strict.default, strict.types["Person"]), (0.85, 0.92));
    /// assert!(simgate::ThresholdConfig::preset("lenient").is_err());
    /// # Ok::<(), simgate::Error>(())
    /// ```
    pub fn preset(name: &str) -> Result<ThresholdConfig> {
        // Each table row is [default, strict, loose].
        let pick: fn([f64; 3]) -> f64 = match name {
            "default" => |[d, _, _]| d,
            "strict" => |[_, s, _]| s,
            "loose" => |[_, _, l]| l,
            other => {
                return Err(Error::range(format!(
                    "preset name must be \"default\", \"strict\" or \"loose\", got \"{other}\""
                )))
            }
        };
        let mut types = BTreeMap::new();
        for (names, values) in PRESET_TABLE {
            for n in *names {
                types.insert(String::from(*n), pick(*values));
            }
        }
        Ok(ThresholdConfig {
            default: pick(PRESET_DEFAULT),
            types,
            ..ThresholdConfig::default()
        })
    }
}
