//! The JS `Monitor`: options and events read here, counting in the core
//! (`decide::Monitor`), state written as plain JSON-safe objects.

use super::read::{self, Options};
use super::JsResult;
use crate::check;
use crate::decide::{Monitor, MonitorEvent, MonitorOptions, Sampled};
use crate::error::Error;
use crate::rng::SplitMix64;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use js_sys::{Array, Float64Array, Uint32Array};
use wasm_bindgen::prelude::*;

const OPTION_KEYS: &[&str] = &[
    "threshold",
    "borderline",
    "tiers",
    "bins",
    "reference",
    "sample",
    "seed",
];
const EVENT_KEYS: &[&str] = &["hit", "id", "query", "match", "type", "time"];
/// The state format `toJSON` writes and `fromJSON` reads.
const STATE_VERSION: f64 = 1.0;

/// Live scores after deployment: hit rate, mean score on hits, borderline
/// hits, cache tiers, a histogram and its drift from a reference, advice,
/// and a uniform sample of borderline events for review.
#[wasm_bindgen(js_name = Monitor)]
pub struct JsMonitor {
    inner: Monitor,
}

fn numbers(name: &str, v: &JsValue) -> Result<Vec<f64>, Error> {
    let a = v
        .dyn_ref::<Array>()
        .map(|a| a.iter().collect::<Vec<_>>())
        .or_else(|| {
            v.dyn_ref::<Float64Array>()
                .map(|a| a.to_vec().into_iter().map(JsValue::from_f64).collect())
        })
        .or_else(|| {
            v.dyn_ref::<js_sys::Float32Array>().map(|a| {
                a.to_vec()
                    .into_iter()
                    .map(|x| JsValue::from_f64(f64::from(x)))
                    .collect()
            })
        })
        .or_else(|| {
            v.dyn_ref::<Uint32Array>().map(|a| {
                a.to_vec()
                    .into_iter()
                    .map(|x| JsValue::from_f64(f64::from(x)))
                    .collect()
            })
        })
        .ok_or_else(|| check::must_be_type(name, "an array of numbers", read::type_name(v)))?;
    a.iter()
        .enumerate()
        .map(|(i, x)| read::number(&format!("{name}[{i}]"), x))
        .collect()
}

fn read_options(v: &JsValue) -> Result<(MonitorOptions, Option<u64>), Error> {
    let o = Options::required(
        "options",
        v,
        OPTION_KEYS,
        "{ threshold, borderline?, tiers?, bins?, reference?, sample?, seed? }",
    )?;
    let raw = o.raw("threshold");
    if read::absent(&raw) {
        return Err(check::required("options.threshold"));
    }
    let threshold = read::threshold("options.threshold", &raw)?;
    let tiers = match o.object("tiers", &["confident", "tentative"])? {
        None => None,
        Some(t) => Some((
            t.required_number("confident")?,
            t.required_number("tentative")?,
        )),
    };
    let reference = match o.object("reference", &["edges", "counts"])? {
        None => None,
        Some(r) => Some((
            numbers("options.reference.edges", &r.raw("edges"))?,
            numbers("options.reference.counts", &r.raw("counts"))?,
        )),
    };
    let bins = o
        .number("bins")?
        .map(|b| check::integer("options.bins", b, 1, 10_000))
        .transpose()?;
    let sample = o
        .number("sample")?
        .map(|s| check::integer("options.sample", s, 0, 100_000))
        .transpose()?;
    let seed = o
        .number("seed")?
        .map(|s| check::seed("options.seed", s))
        .transpose()?;
    let options = MonitorOptions::new(
        threshold,
        o.number("borderline")?,
        tiers,
        bins,
        reference,
        sample,
    )
    .map_err(|e| e.within("options"))?;
    Ok((options, seed))
}

fn read_event(v: &JsValue) -> Result<MonitorEvent, Error> {
    let o = Options::new("event", v, EVENT_KEYS)?;
    let hit = o.raw("hit");
    let hit =
        if read::absent(&hit) {
            None
        } else {
            Some(hit.as_bool().ok_or_else(|| {
                check::must_be_type("event.hit", "a boolean", read::type_name(&hit))
            })?)
        };
    let time = o.number("time")?;
    if let Some(t) = time.filter(|t| !t.is_finite()) {
        return Err(check::must("event.time", "a finite number", t));
    }
    Ok(MonitorEvent {
        hit,
        id: o.string("id")?,
        query: o.string("query")?,
        matched: o.string("match")?,
        kind: o.string("type")?,
        time,
    })
}

fn event_js(s: &Sampled) -> JsValue {
    let e = &s.event;
    let mut entries: Vec<(&str, JsValue)> = alloc::vec![("score", JsValue::from_f64(s.score))];
    let text = |x: &Option<String>| x.as_deref().map(JsValue::from_str);
    for (key, value) in [
        ("hit", e.hit.map(JsValue::from_bool)),
        ("id", text(&e.id)),
        ("query", text(&e.query)),
        ("match", text(&e.matched)),
        ("type", text(&e.kind)),
        ("time", e.time.map(JsValue::from_f64)),
    ] {
        if let Some(v) = value {
            entries.push((key, v));
        }
    }
    read::object(&entries)
}

fn opt(x: Option<f64>) -> JsValue {
    x.map_or(JsValue::NULL, JsValue::from_f64)
}

#[wasm_bindgen(js_class = Monitor)]
impl JsMonitor {
    #[wasm_bindgen(constructor)]
    pub fn new(options: &JsValue) -> JsResult<JsMonitor> {
        let (options, seed) = read_options(options)?;
        // Without a seed the sample is random (from the platform's generator).
        let seed = match seed {
            Some(s) => s,
            None => {
                let mut b = [0u8; 8];
                getrandom::fill(&mut b)
                    .map_err(|e| Error::value(format!("no random seed available: {e}")))?;
                u64::from_le_bytes(b)
            }
        };
        Ok(JsMonitor {
            inner: Monitor::new(options, seed),
        })
    }

    /// Records one event; a hit is `score >= threshold` unless `event.hit` says.
    pub fn record(&mut self, score: &JsValue, event: &JsValue) -> JsResult<()> {
        let score = read::number("score", score)?;
        let event = read_event(event)?;
        Ok(self.inner.record(score, event)?)
    }

    /// Records many scores (no event fields); all are checked first.
    #[wasm_bindgen(js_name = recordMany)]
    pub fn record_many(&mut self, scores: &JsValue) -> JsResult<()> {
        let scores = read::scores("scores", scores)?;
        Ok(self.inner.record_many(&scores)?)
    }

    pub fn stats(&self) -> JsValue {
        stats_js(&self.inner)
    }

    /// The sampled borderline events, each with its score and fields.
    pub fn borderline(&self) -> Array {
        self.inner.samples.iter().map(event_js).collect()
    }

    /// Adds `other`'s counts and sample (same options required).
    pub fn merge(&mut self, other: &JsMonitor) -> JsResult<()> {
        Ok(self
            .inner
            .merge(&other.inner)
            .map_err(|e| e.within("other"))?)
    }

    /// The whole state as a JSON-safe object (`JSON.stringify` calls this).
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> JsValue {
        monitor_to_js(&self.inner)
    }

    /// A monitor from `toJSON()`'s output; counts that do not add up are an
    /// Error naming what disagrees.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(state: &JsValue) -> JsResult<JsMonitor> {
        Ok(JsMonitor {
            inner: read_state(state)?,
        })
    }
}

/// A monitor's figures as the JS `stats()` object (typed-array histogram).
pub(super) fn stats_js(m: &Monitor) -> JsValue {
    let s = m.stats();
    let counts: Vec<u32> = m
        .histogram
        .iter()
        .map(|&c| c.min(u64::from(u32::MAX)) as u32)
        .collect();
    let mut entries: Vec<(&str, JsValue)> = alloc::vec![
        ("count", JsValue::from_f64(s.count as f64)),
        ("hits", JsValue::from_f64(s.hits as f64)),
        ("hitRate", opt(s.hit_rate)),
        ("meanScoreOnHits", opt(s.mean_score_on_hits)),
        (
            "borderline",
            read::object(&[
                ("count", JsValue::from_f64(s.borderline as f64)),
                ("share", opt(s.borderline_share)),
            ]),
        ),
        (
            "histogram",
            read::object(&[
                ("edges", Float64Array::from(&m.options.edges[..]).into()),
                ("counts", Uint32Array::from(&counts[..]).into()),
            ]),
        ),
        ("psi", opt(s.psi)),
        ("drift", s.drift.map_or(JsValue::NULL, JsValue::from_str)),
        (
            "advice",
            s.advice
                .iter()
                .map(|a| JsValue::from_str(a))
                .collect::<Array>()
                .into()
        ),
    ];
    if let Some([c, t, miss]) = s.tiers {
        entries.push((
            "tiers",
            read::object(&[
                ("confident", JsValue::from_f64(c as f64)),
                ("tentative", JsValue::from_f64(t as f64)),
                ("miss", JsValue::from_f64(miss as f64)),
            ]),
        ));
    }
    read::object(&entries)
}

/// A monitor's whole state as a JSON-safe object (what `toJSON` writes).
pub(super) fn monitor_to_js(m: &Monitor) -> JsValue {
    let o = &m.options;
    let f64s = |x: &[f64]| x.iter().map(|&v| JsValue::from_f64(v)).collect::<Array>();
    let u64s = |x: &[u64]| {
        x.iter()
            .map(|&v| JsValue::from_f64(v as f64))
            .collect::<Array>()
    };
    let mut options: Vec<(&str, JsValue)> = alloc::vec![
        ("threshold", JsValue::from_f64(o.threshold)),
        ("borderline", JsValue::from_f64(o.borderline)),
        ("edges", f64s(&o.edges).into()),
        ("sample", JsValue::from_f64(o.sample as f64)),
    ];
    if let Some((c, t)) = o.tiers {
        options.push((
            "tiers",
            read::object(&[("confident", c.into()), ("tentative", t.into())]),
        ));
    }
    if let Some(r) = &o.reference {
        options.push(("reference", f64s(r).into()));
    }
    read::object(&[
        ("version", JsValue::from_f64(STATE_VERSION)),
        ("options", read::object(&options)),
        ("count", JsValue::from_f64(m.count as f64)),
        ("hits", JsValue::from_f64(m.hits as f64)),
        ("hitSumMicro", JsValue::from_f64(m.hit_sum_micro as f64)),
        ("borderline", JsValue::from_f64(m.borderline as f64)),
        ("tiers", u64s(&m.tiers).into()),
        ("histogram", u64s(&m.histogram).into()),
        (
            "samples",
            m.samples.iter().map(event_js).collect::<Array>().into(),
        ),
        // u64 beyond 2^53: as hex text.
        ("rng", JsValue::from_str(&format!("{:016x}", m.rng.0))),
    ])
}

/// A monitor from `monitor_to_js`'s output, its counts checked.
pub(super) fn read_state(v: &JsValue) -> Result<Monitor, Error> {
    let s = Options::required(
        "state",
        v,
        &[
            "version",
            "options",
            "count",
            "hits",
            "hitSumMicro",
            "borderline",
            "tiers",
            "histogram",
            "samples",
            "rng",
        ],
        "the object toJSON() wrote",
    )?;
    let version = s.required_number("version")?;
    if version != STATE_VERSION {
        return Err(Error::value(format!(
            "state.version is {version}; this build reads Monitor state version {STATE_VERSION}"
        )));
    }
    let o = s
        .object(
            "options",
            &[
                "threshold",
                "borderline",
                "tiers",
                "edges",
                "reference",
                "sample",
            ],
        )?
        .ok_or_else(|| check::required("state.options"))?;
    let tiers = match o.object("tiers", &["confident", "tentative"])? {
        None => None,
        Some(t) => Some((
            t.required_number("confident")?,
            t.required_number("tentative")?,
        )),
    };
    let edges = numbers("state.options.edges", &o.raw("edges"))?;
    let reference = if read::absent(&o.raw("reference")) {
        None
    } else {
        Some(numbers("state.options.reference", &o.raw("reference"))?)
    };
    let sample = check::integer(
        "state.options.sample",
        o.required_number("sample")?,
        0,
        100_000,
    )?;
    let threshold = o.required_number("threshold")?;
    let borderline = o.required_number("borderline")?;
    let options = match reference {
        Some(counts) => MonitorOptions::new(
            threshold,
            Some(borderline),
            tiers,
            None,
            Some((edges, counts)),
            Some(sample),
        )?,
        None => {
            let bins = edges.len().saturating_sub(1);
            let built = MonitorOptions::new(
                threshold,
                Some(borderline),
                tiers,
                Some(bins),
                None,
                Some(sample),
            )?;
            if built.edges != edges {
                return Err(Error::value("state.options.edges are not the equal bins over [0, 1] a monitor without a reference uses"));
            }
            built
        }
    };
    let list = |name: &str| -> Result<Vec<u64>, Error> {
        numbers(&format!("state.{name}"), &s.raw(name))?
            .into_iter()
            .enumerate()
            .map(|(i, x)| check::tally(&format!("state.{name}[{i}]"), x))
            .collect()
    };
    let tiers_counts = list("tiers")?;
    let tiers_counts: [u64; 3] = tiers_counts
        .try_into()
        .map_err(|_| Error::value("state.tiers must hold 3 counts (confident, tentative, miss)"))?;
    let sum = s.required_number("hitSumMicro")?;
    if !(sum.is_finite() && sum == libm::floor(sum) && sum.abs() <= 9_007_199_254_740_991.0) {
        return Err(check::must("state.hitSumMicro", "an integer", sum));
    }
    let samples_raw = s.raw("samples");
    let samples_arr = samples_raw.dyn_ref::<Array>().ok_or_else(|| {
        check::must_be_type("state.samples", "an array", read::type_name(&samples_raw))
    })?;
    let mut samples = Vec::new();
    for (i, e) in samples_arr.iter().enumerate() {
        let name = format!("state.samples[{i}]");
        let score = read::number(&format!("{name}.score"), &read::get(&e, "score"))?;
        let fields = js_sys::Object::new();
        if let Ok(entries) = js_sys::Object::entries(e.unchecked_ref()).dyn_into::<Array>() {
            for pair in entries.iter() {
                let pair: Array = pair.unchecked_into();
                if pair.get(0).as_string().as_deref() != Some("score") {
                    let _ = js_sys::Reflect::set(&fields, &pair.get(0), &pair.get(1));
                }
            }
        }
        let event = read_event(&fields.into()).map_err(|e| e.within(&name))?;
        samples.push(Sampled { score, event });
    }
    let rng = s.string("rng")?.unwrap_or_default();
    let rng = u64::from_str_radix(&rng, 16)
        .map_err(|_| Error::value(format!("state.rng must be 16 hex digits, got \"{rng}\"")))?;
    let mut m = Monitor::new(options, 0);
    m.count = check::tally("state.count", s.required_number("count")?)?;
    m.hits = check::tally("state.hits", s.required_number("hits")?)?;
    m.borderline = check::tally("state.borderline", s.required_number("borderline")?)?;
    m.hit_sum_micro = sum as i64;
    m.tiers = tiers_counts;
    m.histogram = list("histogram")?;
    m.samples = samples;
    m.rng = SplitMix64(rng);
    m.check_state().map_err(|e| e.within("state"))?;
    Ok(m)
}
