//! `VectorSet` and `cosine`.

use super::read::{self, Options};
use super::JsResult;
use crate::check;

use crate::score::Scratch;
use crate::store::{ByteSink, ByteSource, ChangeKind, Precision, VectorSet};
use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::cell::RefCell;
use js_sys::{Array, Float32Array, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Cosine similarity of `a` and `b` over their first `dims` dims (all when
/// omitted), each prefix divided by its own norm.
#[wasm_bindgen(js_name = cosine)]
pub fn cosine_js(a: &JsValue, b: &JsValue, dims: &JsValue) -> JsResult<f64> {
    let (mut x, mut y) = (Vec::new(), Vec::new());
    read::f32_into("a", a, &mut x)?;
    read::f32_into("b", b, &mut y)?;
    let dims = if dims.is_undefined() {
        None
    } else {
        Some(read::number("dims", dims)?)
    };
    Ok(crate::score::cosine(&x, &y, dims)?)
}

#[derive(Serialize)]
struct UpsertedJs {
    added: u32,
    replaced: u32,
}

/// Embeddings held in wasm memory, scored by cosine over any prefix of their
/// dims. Free with `free()` (or `using`) when done.
#[wasm_bindgen(js_name = VectorSet)]
pub struct JsVectorSet {
    // Shared with any `Matcher` built on this set, so both JS handles stay
    // valid whichever is freed first.
    pub(super) state: Rc<RefCell<SetState>>,
}

/// A set with its reusable query buffers.
pub(super) struct SetState {
    pub(super) set: VectorSet,
    pub(super) scratch: Scratch,
    pub(super) query: Vec<f32>,
}

impl JsVectorSet {
    /// A set's file as a JS Uint8Array of its exact length, written in
    /// 64 KiB pieces (no copy of the whole file in wasm memory).
    pub(super) fn bytes_of(set: &VectorSet) -> Uint8Array {
        let out = Uint8Array::new_with_length(set.file_len() as u32);
        let mut sink = JsSink {
            out: &out,
            pos: 0,
            buf: Vec::new(),
        };
        set.write_to(&mut sink);
        sink.flush();
        out
    }

    pub(super) fn wrap(set: VectorSet) -> JsVectorSet {
        JsVectorSet {
            state: Rc::new(RefCell::new(SetState {
                set,
                scratch: Scratch::default(),
                query: Vec::new(),
            })),
        }
    }
}

/// `options.precision`, or `None`.
pub(super) fn precision_of(o: &Options) -> read::Result<Option<Precision>> {
    match o.raw("precision") {
        v if read::absent(&v) => Ok(None),
        v => read::choice(&o.path("precision"), &v, Precision::parse).map(Some),
    }
}

/// A list of precision names.
pub(super) fn precisions_of(name: &str, v: &JsValue) -> read::Result<Vec<Precision>> {
    let list = v.dyn_ref::<Array>().ok_or_else(|| {
        check::must_be_type(
            name,
            "an array such as [\"i8\"] or [\"b1\", \"i8\"]",
            read::type_name(v),
        )
    })?;
    let parsed = list
        .iter()
        .enumerate()
        .map(|(i, p)| read::choice(&alloc::format!("{name}[{i}]"), &p, Precision::parse))
        .collect::<read::Result<Vec<_>>>()?;
    Precision::checked(name, &parsed)
}

/// Ids: an array of strings (required when `required`).
fn ids_of(v: &JsValue, required: bool) -> read::Result<Option<Vec<String>>> {
    if read::absent(v) && !required {
        return Ok(None);
    }
    read::strings("ids", v).map(Some)
}

#[wasm_bindgen(js_class = VectorSet)]
impl JsVectorSet {
    /// An empty set of `dims`-dimensional vectors: `options` `{ precisions?:
    /// ["f32"] | ["i8"] | ["b1", "i8"] | ..., model?: string }`.
    #[wasm_bindgen(constructor)]
    pub fn new(dims: &JsValue, options: &JsValue) -> JsResult<JsVectorSet> {
        let d = check::set_dims("dims", read::number("dims", dims)?)?;
        let o = Options::new("options", options, &["precisions", "model"])?;
        let precisions = match o.raw("precisions") {
            v if read::absent(&v) => alloc::vec![Precision::F32],
            v => precisions_of(&o.path("precisions"), &v)?,
        };
        let model = o.string("model")?;
        Ok(Self::wrap(VectorSet::with_options(
            d,
            &precisions,
            model.as_deref(),
        )?))
    }

    /// Number of vectors in the set.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.state.borrow().set.len() as u32
    }

    /// Dimensionality of every vector.
    #[wasm_bindgen(getter)]
    pub fn dims(&self) -> u32 {
        self.state.borrow().set.dims() as u32
    }

    /// The encodings kept, most precise first.
    #[wasm_bindgen(getter)]
    pub fn precisions(&self) -> Array {
        self.state
            .borrow()
            .set
            .precisions()
            .iter()
            .map(|p| JsValue::from_str(p.name()))
            .collect()
    }

    /// The embedding model the set was stamped with, or null.
    #[wasm_bindgen(getter)]
    pub fn model(&self) -> Option<String> {
        self.state.borrow().set.model().map(String::from)
    }

    /// Appends `vectors` (`n * dims` floats, row-major), optionally with one
    /// string id per row (unique within the set), in `options.namespace`. A
    /// failed call adds nothing. With `options.record`, returns `{ change }`,
    /// the change record (see `apply`).
    pub fn add(
        &mut self,
        vectors: &JsValue,
        ids: &JsValue,
        options: &JsValue,
    ) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        let ids = ids_of(ids, false)?;
        let o = Options::new("options", options, &["namespace", "record", "metadata"])?;
        let namespace = o.string("namespace")?;
        let record = o.flag("record")?;
        let metadata = o.metadata("metadata")?;
        let arr = read::float32_array("vectors", vectors)?;
        let before = st.set.len();
        // Read straight from the JS array in chunks: no full copy in wasm memory.
        st.set.add_with(
            arr.length() as usize,
            ids,
            namespace.as_deref(),
            metadata.as_deref(),
            |offset, out| {
                arr.subarray(offset as u32, (offset + out.len()) as u32)
                    .copy_to(out);
            },
        )?;
        if !record {
            return Ok(JsValue::UNDEFINED);
        }
        let rows: Vec<usize> = (before..st.set.len()).collect();
        let change = st.set.record(ChangeKind::Add, &rows, &[])?;
        Ok(read::object(&[(
            "change",
            Uint8Array::from(&change[..]).into(),
        )]))
    }

    /// Replaces the rows whose id is in the set and appends the rest:
    /// `{ added, replaced }`.
    pub fn upsert(
        &mut self,
        vectors: &JsValue,
        ids: &JsValue,
        options: &JsValue,
    ) -> JsResult<JsValue> {
        let st = &mut *self.state.borrow_mut();
        let ids = ids_of(ids, true)?.unwrap_or_default();
        let o = Options::new("options", options, &["namespace", "record", "metadata"])?;
        let namespace = o.string("namespace")?;
        let record = o.flag("record")?;
        let metadata = o.metadata("metadata")?;
        let arr = read::float32_array("vectors", vectors)?;
        let done = st.set.upsert_with(
            arr.length() as usize,
            ids.clone(),
            namespace.as_deref(),
            metadata.as_deref(),
            |offset, out| {
                arr.subarray(offset as u32, (offset + out.len()) as u32)
                    .copy_to(out);
            },
        )?;
        let out = read::to_js(&UpsertedJs {
            added: done.added as u32,
            replaced: done.replaced as u32,
        })?;
        if record {
            let rows: Vec<usize> = ids.iter().filter_map(|id| st.set.row_of(id)).collect();
            let change = st.set.record(ChangeKind::Upsert, &rows, &[])?;
            let _ = js_sys::Reflect::set(&out, &"change".into(), &Uint8Array::from(&change[..]));
        }
        Ok(out)
    }

    /// Removes the rows with these ids; returns how many went (ids not in
    /// the set count 0), or `{ removed, change }` with `options.record`.
    pub fn remove(&mut self, ids: &JsValue, options: &JsValue) -> JsResult<JsValue> {
        let ids = read::strings("ids", ids)?;
        let o = Options::new("options", options, &["record"])?;
        let record = o.flag("record")?;
        let set = &mut self.state.borrow_mut().set;
        let removed = set.remove(&ids) as u32;
        if !record {
            return Ok(removed.into());
        }
        let change = set.record(ChangeKind::Remove, &[], &ids)?;
        Ok(read::object(&[
            ("removed", removed.into()),
            ("change", Uint8Array::from(&change[..]).into()),
        ]))
    }

    /// Replaces the metadata of the rows with these ids (one object per
    /// id; vectors unchanged): the number of rows changed, or `{ changed,
    /// change }` with `options.record`. An id the set does not hold is an
    /// Error and nothing changes.
    #[wasm_bindgen(js_name = setMetadata)]
    pub fn set_metadata(
        &mut self,
        ids: &JsValue,
        metadata: &JsValue,
        options: &JsValue,
    ) -> JsResult<JsValue> {
        let ids = read::strings("ids", ids)?;
        let metadata = read::metadata_list("metadata", metadata)?;
        let o = Options::new("options", options, &["record"])?;
        let record = o.flag("record")?;
        let set = &mut self.state.borrow_mut().set;
        let changed = set.set_metadata(&ids, &metadata)?;
        if !record {
            return Ok((changed as u32).into());
        }
        let rows: Vec<usize> = ids.iter().filter_map(|id| set.row_of(id)).collect();
        let change = set.record(ChangeKind::Metadata, &rows, &[])?;
        Ok(read::object(&[
            ("changed", (changed as u32).into()),
            ("change", Uint8Array::from(&change[..]).into()),
        ]))
    }

    /// The metadata of the row with this id (`{}` when it has none), or
    /// null when no row has the id.
    pub fn metadata(&self, id: &JsValue) -> JsResult<JsValue> {
        let id = read::string("id", id)?;
        Ok(match self.state.borrow().set.metadata(&id) {
            None => JsValue::NULL,
            Some(m) => read::from_value(&m.to_value()),
        })
    }

    /// How many rows a search with these options would consider: every row,
    /// those of `options.namespace`, those whose metadata passes
    /// `options.filter`, or both.
    pub fn count(&self, options: &JsValue) -> JsResult<u32> {
        let o = Options::new("options", options, &["namespace", "filter"])?;
        let namespace = o.string("namespace")?;
        let filter = o.filter("filter")?;
        Ok(self
            .state
            .borrow()
            .set
            .count_where(namespace.as_deref(), filter.as_ref()) as u32)
    }

    /// Changes applied since the set was created (kept in its file).
    #[wasm_bindgen(getter)]
    pub fn version(&self) -> f64 {
        self.state.borrow().set.version() as f64
    }

    /// Replays one change record: `{ applied: true }`, or `{ applied:
    /// false }` when the set already has it; a gap, another dims or
    /// precisions, or a damaged record is an Error and the set is unchanged.
    pub fn apply(&mut self, change: &JsValue) -> JsResult<JsValue> {
        let src = read::js_bytes("change", change)?;
        let mut bytes = alloc::vec![0u8; src.len()];
        src.read(0, &mut bytes);
        let applied = self
            .state
            .borrow_mut()
            .set
            .apply(&bytes)
            .map_err(|e| e.within("change"))?;
        Ok(read::object(&[("applied", applied.into())]))
    }

    /// Whether a row has this id.
    pub fn has(&self, id: &JsValue) -> JsResult<bool> {
        Ok(self.state.borrow().set.has(&read::string("id", id)?))
    }

    /// Bytes this set holds in wasm memory.
    #[wasm_bindgen(js_name = byteLength)]
    pub fn byte_length(&self) -> f64 {
        self.state.borrow().set.byte_length() as f64
    }

    /// Bytes one row of `dims` dims takes in each of `precisions` (default
    /// `["f32"]`), ids not included; with `options.metadata` (a typical
    /// row's metadata), what its columns add per row too.
    #[wasm_bindgen(js_name = bytesPerRow)]
    pub fn bytes_per_row(dims: &JsValue, precisions: &JsValue, options: &JsValue) -> JsResult<f64> {
        let d = check::set_dims("dims", read::number("dims", dims)?)?;
        let list = if read::absent(precisions) {
            alloc::vec![Precision::F32]
        } else {
            precisions_of("precisions", precisions)?
        };
        let o = Options::new("options", options, &["metadata"])?;
        let meta = match o.raw("metadata") {
            v if read::absent(&v) => 0,
            v => crate::store::Metadata::from_value(&o.path("metadata"), &read::to_value(&v))?
                .bytes_per_row(),
        };
        Ok((VectorSet::bytes_per_row(d, &list) + meta) as f64)
    }

    /// The set as a file (a Uint8Array; `VectorSet.fromBytes` reads it back).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Uint8Array {
        Self::bytes_of(&self.state.borrow().set)
    }

    /// A set read from a file made by `toBytes()` or `simgate pack`: the
    /// rows are copied into wasm memory once, nothing is recomputed.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(bytes: &JsValue) -> JsResult<JsVectorSet> {
        let src = read::js_bytes("bytes", bytes)?;
        Ok(Self::wrap(
            VectorSet::read_from(&src).map_err(|e| e.within("bytes"))?,
        ))
    }

    /// Row `index` as floats, from the most exact encoding kept: f32 rows
    /// as stored (unit length), i8 rows dequantized.
    pub fn row(&self, index: &JsValue) -> JsResult<Float32Array> {
        let st = self.state.borrow();
        let n = st.set.len();
        if n == 0 {
            return Err(crate::error::Error::range("index: the set is empty").into());
        }
        let i = check::integer("index", read::number("index", index)?, 0, n - 1)?;
        let v = st.set.row_vector(i).ok_or_else(|| {
            crate::error::Error::value(
                "the set keeps only sign bits (b1): it cannot give a row's values",
            )
        })?;
        Ok(Float32Array::from(&v[..]))
    }
}

/// A set file written into a JS Uint8Array of its exact length, through a
/// 64 KiB buffer (ids and small fields come a few bytes at a time).
struct JsSink<'a> {
    out: &'a Uint8Array,
    pos: u32,
    buf: Vec<u8>,
}

impl JsSink<'_> {
    fn flush(&mut self) {
        if !self.buf.is_empty() {
            let end = self.pos + self.buf.len() as u32;
            self.out.subarray(self.pos, end).copy_from(&self.buf);
            self.pos = end;
            self.buf.clear();
        }
    }
}

impl ByteSink for JsSink<'_> {
    fn write(&mut self, bytes: &[u8]) {
        if self.buf.len() + bytes.len() > 65_536 {
            self.flush();
        }
        if bytes.len() >= 65_536 {
            let end = self.pos + bytes.len() as u32;
            self.out.subarray(self.pos, end).copy_from(bytes);
            self.pos = end;
        } else {
            self.buf.extend_from_slice(bytes);
        }
    }
}
