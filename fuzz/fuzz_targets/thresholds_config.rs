//! Any JSON as a ThresholdConfig (and as a schema); a config that loads
//! round-trips and resolves every kind of query to a threshold in [-1, 1].
#![no_main]
use libfuzzer_sys::fuzz_target;
use simgate::Value;
use simgate::{Query, ThresholdConfig};

fn convert(v: &serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
        serde_json::Value::String(s) => Value::String(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(convert).collect()),
        serde_json::Value::Object(o) => {
            Value::Object(o.iter().map(|(k, v)| (k.clone(), convert(v))).collect())
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(data) else {
        return;
    };
    let value = convert(&json);
    let _ = ThresholdConfig::from_schema("schema", &value);
    let Ok(config) = ThresholdConfig::from_value("config", &value) else {
        return;
    };
    assert_eq!(
        ThresholdConfig::from_value("config", &config.to_value()).as_ref(),
        Ok(&config)
    );
    let types: Vec<&String> = config.types.keys().collect();
    for dims in [None, Some(1), Some(64), Some(768), Some(5000)] {
        for count in [None, Some(0), Some(5), Some(500), Some(50_000)] {
            let q = Query {
                type_name: types.first().map(|s| s.as_str()),
                field: Some("f"),
                spec: None,
                dims,
                full_dims: None,
                candidate_count: count,
            };
            if let Ok(r) = config.resolve(&q) {
                assert!(
                    r.value.is_finite() && (-1.0..=1.0).contains(&r.value),
                    "{r:?}"
                );
            }
        }
    }
});
