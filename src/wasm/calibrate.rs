//! `calibrate`, `Calibration` and `calibratePairs`.

use super::read::{self, Options};
use super::JsResult;
use crate::calibrate::{Calibration, ConfigOptions, Method, PrefixScores, Target};
use crate::check;
use crate::error::Error;
use crate::thresholds::Margins;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use js_sys::{Float64Array, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Calibrates labeled scores: `calibrate(scores, labels, { classes?, seed? })`.
#[wasm_bindgen]
pub fn calibrate(scores: &JsValue, labels: &JsValue, options: &JsValue) -> JsResult<JsCalibration> {
    let s = read::scores("scores", scores)?;
    let l = read::labels("labels", labels)?;
    let o = Options::new("options", options, &["classes", "seed", "model"])?;
    let classes = match o.raw("classes") {
        c if read::absent(&c) => None,
        c => Some(read::strings(&o.path("classes"), &c)?),
    };
    let seed = o
        .number("seed")?
        .map(|n| check::seed(&o.path("seed"), n))
        .transpose()?;
    let model = o.string("model")?;
    if model.as_deref() == Some("") {
        return Err(check::must("options.model", "a non-empty string", "\"\"").into());
    }
    Ok(JsCalibration {
        inner: Calibration::new(s, l, classes)?,
        seed,
        model,
    })
}

/// Calibration results from labeled pairs (see `calibrate`).
#[wasm_bindgen(js_name = Calibration)]
pub struct JsCalibration {
    inner: Calibration,
    seed: Option<u64>,
    /// The embedding model of the scores, stamped into `toConfig()`.
    model: Option<String>,
}

fn method(v: &JsValue) -> read::Result<Method> {
    read::choice("method", v, Method::parse)
}

#[wasm_bindgen(js_class = Calibration)]
impl JsCalibration {
    /// Number of pairs.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.inner.len() as u32
    }

    /// The pairs as given: `{ scores, labels }` (e.g. a SemanticCache's
    /// `prior`).
    pub fn pairs(&self) -> JsValue {
        let (scores, labels) = self.inner.pairs();
        read::object(&[
            ("scores", Float64Array::from(scores).into()),
            ("labels", js_sys::Uint8Array::from(labels).into()),
        ])
    }

    /// ROC AUC (ties count one half).
    pub fn auc(&self) -> JsResult<f64> {
        Ok(self.inner.auc()?)
    }

    /// The exact precision/recall curve (scikit-learn's layout).
    #[wasm_bindgen(js_name = prCurve)]
    pub fn pr_curve(&self) -> JsValue {
        let c = self.inner.pr_curve();
        read::object(&[
            ("thresholds", Float64Array::from(&c.thresholds[..]).into()),
            ("precision", Float64Array::from(&c.precision[..]).into()),
            ("recall", Float64Array::from(&c.recall[..]).into()),
        ])
    }

    /// The F-beta-optimal threshold (F1 by default), ties to the higher.
    pub fn best(&self, beta: &JsValue) -> JsResult<JsValue> {
        let beta = if beta.is_undefined() {
            1.0
        } else {
            read::number("beta", beta)?
        };
        read::to_js(&self.inner.best(beta)?)
    }

    /// The confusion matrix, precision, recall and F1 at `threshold`.
    pub fn at(&self, threshold: &JsValue) -> JsResult<JsValue> {
        let r = self.inner.at(read::number("threshold", threshold)?)?;
        read::to_js_with_nulls(&r)
    }

    /// How many pairs fall in each band around `threshold`:
    /// `{ high, medium, low, none }` (margins default to 0.10 / 0.15).
    pub fn bands(&self, threshold: &JsValue, margins: &JsValue) -> JsResult<JsValue> {
        let t = read::threshold("threshold", threshold)?;
        let m = Options::new("margins", margins, &["high", "low"])?;
        let m = Margins::with(m.number("high")?, m.number("low")?)?;
        read::to_js(&self.inner.bands(t, m)?)
    }

    /// The lowest threshold whose precision meets `target`, or null.
    #[wasm_bindgen(js_name = atPrecision)]
    pub fn at_precision(&self, target: &JsValue) -> JsResult<JsValue> {
        match self.inner.at_precision(read::number("target", target)?)? {
            Some(r) => read::to_js(&r),
            None => Ok(JsValue::NULL),
        }
    }

    /// Largest negative score, smallest positive score, midpoint (or null).
    pub fn gap(&self) -> JsResult<JsValue> {
        read::to_js_with_nulls(&self.inner.gap()?)
    }

    /// Platt scaling: `p = 1 / (1 + exp(a * s + b))`.
    pub fn platt(&self) -> JsResult<JsValue> {
        read::to_js(&self.inner.platt()?)
    }

    /// Isotonic regression's fitted points (interpolated linearly).
    pub fn isotonic(&self) -> JsResult<JsValue> {
        let iso = self.inner.isotonic()?;
        Ok(read::object(&[
            ("x", Float64Array::from(&iso.x[..]).into()),
            ("y", Float64Array::from(&iso.y[..]).into()),
        ]))
    }

    /// The calibrated probability of `score`.
    pub fn probability(&self, score: &JsValue, method_name: &JsValue) -> JsResult<f64> {
        let score = read::number("score", score)?;
        Ok(self.inner.probability(score, method(method_name)?)?)
    }

    /// Reliability diagram data, ECE, MCE and Brier score (in-sample).
    pub fn reliability(&self, method_name: &JsValue, bins: &JsValue) -> JsResult<JsValue> {
        let bins = read::int_or("bins", bins, 10, 1)?;
        read::to_js(&self.inner.reliability(method(method_name)?, bins)?)
    }

    /// Histograms of positive and negative scores over shared edges.
    pub fn histogram(&self, bins: &JsValue) -> JsResult<JsValue> {
        let h = self.inner.histogram(read::int_or("bins", bins, 20, 1)?)?;
        Ok(read::object(&[
            ("edges", Float64Array::from(&h.edges[..]).into()),
            ("positive", Uint32Array::from(&h.positive[..]).into()),
            ("negative", Uint32Array::from(&h.negative[..]).into()),
        ]))
    }

    /// F1-optimal thresholds per class.
    #[wasm_bindgen(js_name = perClass)]
    pub fn per_class(&self) -> JsResult<JsValue> {
        let per = self.inner.per_class()?;
        let out = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
        Ok(serde::Serialize::serialize(&per, &out)?)
    }

    /// Percentile intervals of the best threshold and its F1 over `rounds`
    /// resamples; seeded by `seed`, else `calibrate`'s seed, else randomly.
    pub fn bootstrap(&self, rounds: &JsValue, seed: &JsValue) -> JsResult<JsValue> {
        let rounds = read::int_or("rounds", rounds, 1000, 0)?;
        let given = read::opt_number("seed", seed)?
            .map(|n| check::seed("seed", n))
            .transpose()?;
        let seed = match given.or(self.seed) {
            Some(s) => s,
            None => random_seed()?,
        };
        read::to_js(&self.inner.bootstrap(rounds, seed)?)
    }

    /// A ThresholdConfig: `{ target?: "f1" | { precision }, prefixes?:
    /// [{ dims, scores }], fullDims? }`.
    #[wasm_bindgen(js_name = toConfig)]
    pub fn to_config(&self, options: &JsValue) -> JsResult<JsValue> {
        let o = Options::new("options", options, &["target", "prefixes", "fullDims"])?;
        let target = match o.raw("target") {
            t if t.is_undefined() || t.as_string().as_deref() == Some("f1") => Target::F1,
            t if t.is_object() => {
                let t = Options::new(&o.path("target"), &t, &["precision"])?;
                Target::Precision(read::number(&t.path("precision"), &t.raw("precision"))?)
            }
            t => {
                return Err(check::must_be_type(
                    &o.path("target"),
                    "\"f1\" or { precision }",
                    read::to_value(&t).describe(),
                )
                .into())
            }
        };
        let prefixes = prefix_scores(&o)?;
        let config = self.inner.to_config_with(&ConfigOptions {
            target,
            prefixes: &prefixes,
            full_dims: o.at_least("fullDims", 1)?,
            model: self.model.as_deref(),
            ..ConfigOptions::default()
        })?;
        Ok(read::from_value(&config.to_value()))
    }
}

/// `options.prefixes`: `[{ dims, scores }]`.
fn prefix_scores(o: &Options) -> read::Result<Vec<PrefixScores>> {
    let v = o.raw("prefixes");
    if read::absent(&v) {
        return Ok(Vec::new());
    }
    let list = v.dyn_ref::<js_sys::Array>().ok_or_else(|| {
        check::must_be_type(
            &o.path("prefixes"),
            "an array of { dims, scores }",
            read::type_name(&v),
        )
    })?;
    list.iter()
        .enumerate()
        .map(|(i, p)| {
            let name = format!("{}[{i}]", o.path("prefixes"));
            let p = Options::required(&name, &p, &["dims", "scores"], "{ dims, scores }")?;
            Ok(PrefixScores {
                dims: check::at_least(&p.path("dims"), p.required_number("dims")?, 1)?,
                scores: read::scores(&p.path("scores"), &p.raw("scores"))?,
            })
        })
        .collect()
}

fn random_seed() -> read::Result<u64> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::value(format!(
            "no random source for an unseeded bootstrap ({e}); pass a seed"
        ))
    })?;
    Ok(u64::from_le_bytes(bytes))
}

/// Per-prefix thresholds from raw embedding pairs:
/// `calibratePairs(a, b, dims, labels, { prefixes })`.
#[wasm_bindgen(js_name = calibratePairs)]
pub fn calibrate_pairs(
    a: &JsValue,
    b: &JsValue,
    dims: &JsValue,
    labels: &JsValue,
    options: &JsValue,
) -> JsResult<JsValue> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    read::f32_into("a", a, &mut x)?;
    read::f32_into("b", b, &mut y)?;
    let dims = read::int_or("dims", dims, 0, 1)?;
    let labels = read::labels("labels", labels)?;
    let o = Options::new("options", options, &["prefixes"])?;
    let prefixes = match o.raw("prefixes") {
        p if p.is_undefined() => Vec::new(),
        p => {
            let arr = p.dyn_ref::<js_sys::Array>().ok_or_else(|| {
                check::must_be_type(&o.path("prefixes"), "an array of dims", read::type_name(&p))
            })?;
            arr.iter()
                .enumerate()
                .map(|(i, v)| read::int_or(&format!("{}[{i}]", o.path("prefixes")), &v, 0, 1))
                .collect::<read::Result<Vec<usize>>>()?
        }
    };
    let rows = crate::calibrate::calibrate_pairs(&x, &y, dims, &labels, &prefixes)?;
    let table = js_sys::Object::new();
    for (p, shift) in crate::calibrate::shift_table(&rows) {
        let _ = js_sys::Reflect::set(
            &table,
            &JsValue::from_str(&p.to_string()),
            &JsValue::from_f64(shift),
        );
    }
    Ok(read::object(&[
        ("prefixes", read::to_js(&rows)?),
        ("table", table.into()),
    ]))
}

/// The cosine distribution of random distinct row pairs of `set`: what
/// unrelated items score with this model. `noiseFloor(set, { pairs?, seed?, dims? })`.
#[wasm_bindgen(js_name = noiseFloor)]
pub fn noise_floor(set: &super::JsVectorSet, options: &JsValue) -> JsResult<JsValue> {
    let o = Options::new("options", options, &["pairs", "seed", "dims"])?;
    let pairs = o
        .number("pairs")?
        .map(|n| check::integer(&o.path("pairs"), n, 1, 10_000_000))
        .transpose()?
        .unwrap_or(10_000);
    let seed = o
        .number("seed")?
        .map(|n| check::seed(&o.path("seed"), n))
        .transpose()?
        .unwrap_or(1);
    let state = set.state.borrow();
    let dims = o.dims("dims", state.set.dims())?;
    let floor = crate::calibrate::noise_floor(&state.set, pairs, seed, dims)?;
    read::to_js(&floor)
}
