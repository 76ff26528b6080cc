//! Threshold configurations as plain data: reading one from a JSON-like value
//! (a JS object, a parsed JSON file, a schema in the seed's style) with an
//! error naming the exact key for anything wrong, and writing one back.
//!
//! The JSON shape (every key optional):
//! ```text
//! { default: 0.8,
//!   types: { ICP: 0.82, ... },
//!   fields: { "Startup.customer": 0.82, ... },
//!   adaptive: { enabled: true, few: 10, loosen: 0.1, many: 1000, tighten: 0.05 },
//!   dimensionAdjustment: { enabled: true, baseDimensions: 768, maxReduction: 0.05,
//!                          table: { "256": 0.02, "128": 0.03 } },
//!   bands: { high: 0.1, low: 0.15 },
//!   bounds: { min: 0.65, max: 0.95 } }
//! ```
//! `adaptive: true` and `dimensionAdjustment: true` enable them with the
//! seed's settings; `false` or `{ enabled: false }` disables them.

use super::{Adaptive, Bounds, DimensionAdjustment, FieldSpec, Margins, ThresholdConfig};
use crate::error::{Error, Result};
pub use crate::value::Value;
use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};

fn obj<'a>(path: &str, v: &'a Value, what: &str) -> Result<&'a [(String, Value)]> {
    match v {
        Value::Object(entries) => Ok(entries),
        other => Err(Error::type_error(format!(
            "{path} must be {what}, got {}",
            other.describe()
        ))),
    }
}

fn keys_in(path: &str, entries: &[(String, Value)], allowed: &[&str]) -> Result<()> {
    for (k, _) in entries {
        if !allowed.contains(&k.as_str()) {
            return Err(Error::type_error(format!(
                "{path} has an unknown key \"{k}\"; expected one of: {}",
                allowed.join(", ")
            )));
        }
    }
    Ok(())
}

fn get<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    entries
        .iter()
        .find(|(k, v)| k == key && *v != Value::Null)
        .map(|(_, v)| v)
}

/// A number accepted by `ok`; otherwise a RangeError saying it `must be`
/// `expected`, or a TypeError when it is not a number at all.
fn number(path: &str, v: &Value, ok: impl Fn(f64) -> bool, expected: &str) -> Result<f64> {
    match v {
        Value::Number(n) if n.is_finite() && ok(*n) => Ok(*n),
        Value::Number(n) => Err(Error::range(format!("{path} must be {expected}, got {n}"))),
        other => Err(Error::type_error(format!(
            "{path} must be a number, got {}",
            other.describe()
        ))),
    }
}

fn threshold(path: &str, v: &Value) -> Result<f64> {
    number(
        path,
        v,
        |n| (-1.0..=1.0).contains(&n),
        "a threshold in [-1, 1]",
    )
}

fn non_negative(path: &str, v: &Value) -> Result<f64> {
    number(path, v, |n| n >= 0.0, "a finite number >= 0")
}

fn signed(path: &str, v: &Value) -> Result<f64> {
    number(path, v, |n| n.abs() <= 1.0, "a number in [-1, 1]")
}

fn count(path: &str, v: &Value, min: f64) -> Result<usize> {
    let expected = format!("an integer >= {min}");
    number(
        path,
        v,
        |n| libm::trunc(n) == n && n >= min && n <= 1e15,
        &expected,
    )
    .map(|n| n as usize)
}

/// Reads `enabled` style sections: `true`, `false`, or an object.
fn section<'a>(
    path: &str,
    v: &'a Value,
    allowed: &[&str],
) -> Result<Option<&'a [(String, Value)]>> {
    match v {
        Value::Bool(false) => Ok(None),
        Value::Bool(true) => Ok(Some(&[])),
        Value::Object(entries) => {
            keys_in(path, entries, allowed)?;
            match get(entries, "enabled") {
                None | Some(Value::Bool(true)) => Ok(Some(entries)),
                Some(Value::Bool(false)) => Ok(None),
                Some(other) => Err(Error::type_error(format!(
                    "{path}.enabled must be a boolean, got {}",
                    other.describe()
                ))),
            }
        }
        other => Err(Error::type_error(format!(
            "{path} must be a boolean or an object, got {}",
            other.describe()
        ))),
    }
}

const CONFIG_KEYS: &[&str] = &[
    "default",
    "types",
    "fields",
    "adaptive",
    "dimensionAdjustment",
    "bands",
    "bounds",
    "model",
];

impl ThresholdConfig {
    /// Reads a configuration; `path` names it in errors (e.g. "config").
    pub fn from_value(path: &str, v: &Value) -> Result<ThresholdConfig> {
        let entries = obj(path, v, "an object")?;
        keys_in(path, entries, CONFIG_KEYS)?;
        let mut c = ThresholdConfig::default();
        if let Some(d) = get(entries, "default") {
            c.default = threshold(&format!("{path}.default"), d)?;
        }
        match get(entries, "model") {
            None | Some(Value::Null) => {}
            Some(Value::String(m)) if !m.is_empty() => c.model = Some(m.clone()),
            Some(other) => {
                return Err(Error::type_error(format!(
                    "{path}.model must be a non-empty string (the embedding model), got {}",
                    other.describe()
                )))
            }
        }
        for (key, map) in [("types", &mut c.types), ("fields", &mut c.fields)] {
            if let Some(v) = get(entries, key) {
                let what = if key == "types" {
                    "an object mapping type names to thresholds"
                } else {
                    "an object mapping \"Type.field\" names to thresholds"
                };
                for (name, t) in obj(&format!("{path}.{key}"), v, what)? {
                    if key == "fields" && !name.contains('.') {
                        return Err(Error::type_error(format!(
                            "{path}.fields key \"{name}\" must be written \"Type.field\""
                        )));
                    }
                    map.insert(name.clone(), threshold(&format!("{path}.{key}.{name}"), t)?);
                }
            }
        }
        if let Some(v) = get(entries, "adaptive") {
            let p = format!("{path}.adaptive");
            if let Some(e) = section(&p, v, &["enabled", "few", "loosen", "many", "tighten"])? {
                let mut a = Adaptive::default();
                if let Some(x) = get(e, "few") {
                    a.few = count(&format!("{p}.few"), x, 0.0)?;
                }
                if let Some(x) = get(e, "many") {
                    a.many = count(&format!("{p}.many"), x, 0.0)?;
                }
                if let Some(x) = get(e, "loosen") {
                    a.loosen = non_negative(&format!("{p}.loosen"), x)?;
                }
                if let Some(x) = get(e, "tighten") {
                    a.tighten = non_negative(&format!("{p}.tighten"), x)?;
                }
                c.adaptive = Some(a);
            }
        }
        if let Some(v) = get(entries, "dimensionAdjustment") {
            let p = format!("{path}.dimensionAdjustment");
            let allowed = ["enabled", "baseDimensions", "maxReduction", "table"];
            if let Some(e) = section(&p, v, &allowed)? {
                let mut d = DimensionAdjustment::default();
                if let Some(x) = get(e, "baseDimensions") {
                    d.full_dims = count(&format!("{p}.baseDimensions"), x, 1.0)?;
                }
                if let Some(x) = get(e, "maxReduction") {
                    d.max_reduction = non_negative(&format!("{p}.maxReduction"), x)?;
                }
                if let Some(x) = get(e, "table") {
                    let tp = format!("{p}.table");
                    for (dims, shift) in
                        obj(&tp, x, "an object mapping prefix dims to threshold shifts")?
                    {
                        let n: usize = dims.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
                            Error::type_error(format!(
                                "{tp} keys must be prefix dims (positive integers), got \"{dims}\""
                            ))
                        })?;
                        d.table.insert(n, signed(&format!("{tp}.{dims}"), shift)?);
                    }
                }
                c.dimension_adjustment = Some(d);
            }
        }
        if let Some(v) = get(entries, "bands") {
            let p = format!("{path}.bands");
            let e = obj(&p, v, "an object { high?, low? }")?;
            keys_in(&p, e, &["high", "low"])?;
            let mut m = Margins::default();
            if let Some(x) = get(e, "high") {
                m.high = non_negative(&format!("{p}.high"), x)?;
            }
            if let Some(x) = get(e, "low") {
                m.low = non_negative(&format!("{p}.low"), x)?;
            }
            c.bands = m;
        }
        if let Some(v) = get(entries, "bounds") {
            let p = format!("{path}.bounds");
            let e = obj(&p, v, "an object { min?, max? }")?;
            keys_in(&p, e, &["min", "max"])?;
            let mut b = Bounds::default();
            if let Some(x) = get(e, "min") {
                b.min = threshold(&format!("{p}.min"), x)?;
            }
            if let Some(x) = get(e, "max") {
                b.max = threshold(&format!("{p}.max"), x)?;
            }
            if b.min > b.max {
                return Err(Error::range(format!(
                    "{p}.min ({}) must not exceed {p}.max ({})",
                    b.min, b.max
                )));
            }
            c.bounds = b;
        }
        Ok(c)
    }

    /// Writes the configuration in the shape [`ThresholdConfig::from_value`]
    /// reads, so the two round-trip.
    pub fn to_value(&self) -> Value {
        let num = Value::Number;
        let map = |m: &BTreeMap<String, f64>| {
            Value::Object(m.iter().map(|(k, v)| (k.clone(), num(*v))).collect())
        };
        let mut out = alloc::vec![
            ("default".to_string(), num(self.default)),
            ("types".to_string(), map(&self.types)),
            ("fields".to_string(), map(&self.fields)),
        ];
        if let Some(a) = &self.adaptive {
            out.push((
                "adaptive".into(),
                Value::Object(alloc::vec![
                    ("enabled".into(), Value::Bool(true)),
                    ("few".into(), num(a.few as f64)),
                    ("loosen".into(), num(a.loosen)),
                    ("many".into(), num(a.many as f64)),
                    ("tighten".into(), num(a.tighten)),
                ]),
            ));
        }
        if let Some(d) = &self.dimension_adjustment {
            let table = d
                .table
                .iter()
                .map(|(k, v)| (k.to_string(), num(*v)))
                .collect();
            out.push((
                "dimensionAdjustment".into(),
                Value::Object(alloc::vec![
                    ("enabled".into(), Value::Bool(true)),
                    ("baseDimensions".into(), num(d.full_dims as f64)),
                    ("maxReduction".into(), num(d.max_reduction)),
                    ("table".into(), Value::Object(table)),
                ]),
            ));
        }
        out.push((
            "bands".into(),
            Value::Object(alloc::vec![
                ("high".into(), num(self.bands.high)),
                ("low".into(), num(self.bands.low)),
            ]),
        ));
        out.push((
            "bounds".into(),
            Value::Object(alloc::vec![
                ("min".into(), num(self.bounds.min)),
                ("max".into(), num(self.bounds.max)),
            ]),
        ));
        if let Some(m) = &self.model {
            out.push(("model".into(), Value::String(m.clone())));
        }
        Value::Object(out)
    }

    /// Reads a schema in the seed's style:
    /// `{ ICP: { $threshold: 0.82, name: 'string' },
    ///    Startup: { customer: '~>ICP(0.82)', industry: '~>Industry', competitors: ['~>Company(0.85)'] } }`.
    /// `$threshold` (or `$config.threshold`) sets the type's threshold; each
    /// field holding a `~>`/`<~` spec gets a `Type.field` threshold: the
    /// spec's own number, else its target type's threshold from the schema
    /// (no entry when the target has none, so resolution falls through to
    /// the target type and the default). Other field values are ignored.
    pub fn from_schema(path: &str, schema: &Value) -> Result<ThresholdConfig> {
        let types = obj(
            path,
            schema,
            "an object mapping type names to type definitions",
        )?;
        let mut c = ThresholdConfig::default();
        for (type_name, def) in types {
            let tp = format!("{path}.{type_name}");
            let fields = obj(&tp, def, "an object (a type definition)")?;
            let own = match (get(fields, "$threshold"), get(fields, "$config")) {
                (Some(t), _) => Some(threshold(&format!("{tp}.$threshold"), t)?),
                (None, Some(cfg)) => match get(
                    obj(&format!("{tp}.$config"), cfg, "an object")?,
                    "threshold",
                ) {
                    Some(t) => Some(threshold(&format!("{tp}.$config.threshold"), t)?),
                    None => None,
                },
                _ => None,
            };
            if let Some(t) = own {
                c.types.insert(type_name.clone(), t);
            }
        }
        for (type_name, def) in types {
            let tp = format!("{path}.{type_name}");
            for (field, v) in obj(&tp, def, "an object (a type definition)")? {
                if field.starts_with('$') {
                    continue;
                }
                let (text, many) = match v {
                    Value::String(s) => (s.as_str(), false),
                    Value::Array(items) => match items.as_slice() {
                        [Value::String(s)] => (s.as_str(), true),
                        _ => continue,
                    },
                    _ => continue,
                };
                let trimmed = text.trim_start();
                if !(trimmed.starts_with("~>") || trimmed.starts_with("<~")) {
                    continue;
                }
                let spec = FieldSpec::parse(text, many)
                    .map_err(|e| Error::range(format!("{tp}.{field}: {}", e.message())))?;
                let t = spec
                    .threshold
                    .or_else(|| c.types.get(&spec.target).copied());
                if let Some(t) = t {
                    c.fields.insert(format!("{type_name}.{field}"), t);
                }
            }
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn o(entries: &[(&str, Value)]) -> Value {
        Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }
    fn n(x: f64) -> Value {
        Value::Number(x)
    }
    fn s(x: &str) -> Value {
        Value::String(x.into())
    }
    fn err(v: &Value) -> String {
        ThresholdConfig::from_value("config", v)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn round_trips() {
        let v = o(&[
            ("default", n(0.7)),
            ("types", o(&[("ICP", n(0.82)), ("Zero", n(0.0))])),
            ("fields", o(&[("Startup.customer", n(0.9))])),
            ("adaptive", Value::Bool(true)),
            (
                "dimensionAdjustment",
                o(&[
                    ("baseDimensions", n(384.0)),
                    ("table", o(&[("128", n(0.02))])),
                ]),
            ),
            ("bands", o(&[("high", n(0.05))])),
            ("bounds", o(&[("min", n(0.5))])),
        ]);
        let c = ThresholdConfig::from_value("config", &v).unwrap();
        assert_eq!(c.types["Zero"], 0.0);
        assert_eq!(c.dimension_adjustment.as_ref().unwrap().table[&128], 0.02);
        assert_eq!(
            (c.bands.high, c.bands.low, c.bounds.min, c.bounds.max),
            (0.05, 0.15, 0.5, 0.95)
        );
        let again = ThresholdConfig::from_value("config", &c.to_value()).unwrap();
        assert_eq!(again, c);
    }

    #[test]
    fn errors_name_the_key() {
        assert_eq!(
            err(&o(&[("defualt", n(0.8))])),
            "config has an unknown key \"defualt\"; expected one of: default, types, fields, adaptive, dimensionAdjustment, bands, bounds, model"
        );
        assert_eq!(
            err(&o(&[("types", o(&[("ICP", n(1.5))]))])),
            "config.types.ICP must be a threshold in [-1, 1], got 1.5"
        );
        assert_eq!(
            err(&o(&[("types", o(&[("ICP", s("0.8"))]))])),
            "config.types.ICP must be a number, got \"0.8\""
        );
        assert_eq!(
            err(&o(&[("default", n(f64::NAN))])),
            "config.default must be a threshold in [-1, 1], got NaN"
        );
        assert_eq!(
            err(&o(&[("fields", o(&[("customer", n(0.8))]))])),
            "config.fields key \"customer\" must be written \"Type.field\""
        );
        assert_eq!(
            err(&o(&[("bands", o(&[("low", n(-0.1))]))])),
            "config.bands.low must be a finite number >= 0, got -0.1"
        );
        assert_eq!(
            err(&o(&[("adaptive", o(&[("few", n(2.5))]))])),
            "config.adaptive.few must be an integer >= 0, got 2.5"
        );
        assert_eq!(
            err(&o(&[("bounds", o(&[("min", n(0.9)), ("max", n(0.8))]))])),
            "config.bounds.min (0.9) must not exceed config.bounds.max (0.8)"
        );
        assert_eq!(
            err(&Value::Array(vec![])),
            "config must be an object, got an array"
        );
        assert_eq!(
            err(&o(&[("dimensionAdjustment", o(&[("table", o(&[("abc", n(0.1))]))]))])),
            "config.dimensionAdjustment.table keys must be prefix dims (positive integers), got \"abc\""
        );
    }

    #[test]
    fn schema_in_the_seed_style() {
        let schema = o(&[
            ("ICP", o(&[("$threshold", n(0.82)), ("name", s("string"))])),
            ("Industry", o(&[("$threshold", n(0.78))])),
            (
                "Startup",
                o(&[
                    ("customer", s("~>ICP(0.85)")),
                    ("industry", s("~>Industry")),
                    ("competitors", Value::Array(vec![s("~>Company(0.85)")])),
                    ("investors", s("<~Investor")),
                    ("name", s("string")),
                ]),
            ),
        ]);
        let c = ThresholdConfig::from_schema("schema", &schema).unwrap();
        assert_eq!(c.types.len(), 2);
        assert_eq!(c.fields["Startup.customer"], 0.85);
        assert_eq!(
            c.fields["Startup.industry"], 0.78,
            "inherits the target type's threshold"
        );
        assert_eq!(c.fields["Startup.competitors"], 0.85);
        assert!(
            !c.fields.contains_key("Startup.investors"),
            "target type without a threshold"
        );
        let bad = o(&[("A", o(&[("x", s("~>B(2)"))]))]);
        assert_eq!(
            ThresholdConfig::from_schema("schema", &bad).unwrap_err().to_string(),
            "schema.A.x: field spec \"~>B(2)\": threshold 2 at position 4 is out of range; expected a number in [-1, 1]"
        );
    }
}
