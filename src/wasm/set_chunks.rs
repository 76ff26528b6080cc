//! A set's file read out in bounded chunks (`set.fileChunks()`): how a
//! snapshot streams to R2 or to storage without a copy of the whole file
//! in memory beside the set.

use super::vector_set::{JsVectorSet, SetState};
use super::JsResult;
use crate::check;
use crate::store::FileChunks;
use alloc::rc::Rc;
use alloc::vec::Vec;
use core::cell::RefCell;
use js_sys::Uint8Array;
use wasm_bindgen::prelude::*;

/// The file of one set as it was when the chunks began; `next()` refuses to
/// go on once the set has changed.
#[wasm_bindgen(js_name = VectorSetChunks)]
pub struct JsSetChunks {
    state: Rc<RefCell<SetState>>,
    chunks: FileChunks,
    buf: Vec<u8>,
}

#[wasm_bindgen(js_class = VectorSetChunks)]
impl JsSetChunks {
    /// The file's length in bytes.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> f64 {
        self.chunks.total() as f64
    }

    /// Bytes handed out so far.
    #[wasm_bindgen(getter)]
    pub fn produced(&self) -> f64 {
        self.chunks.produced() as f64
    }

    /// The next chunk of at most `maxBytes` (default 1 MiB; the final
    /// 8-byte checksum may go past it), or `undefined` once the file is
    /// complete. An Error if the set changed since the chunks began.
    pub fn next(&mut self, max_bytes: &JsValue) -> JsResult<Option<Uint8Array>> {
        let max = if max_bytes.is_undefined() {
            1 << 20
        } else {
            let n = max_bytes.as_f64().ok_or_else(|| {
                check::must_be_type("maxBytes", "a number", super::read::type_name(max_bytes))
            })?;
            check::integer("maxBytes", n, 1, 1 << 30)?
        };
        self.buf.clear();
        let st = self.state.borrow();
        self.chunks.next_chunk(&st.set, max, &mut self.buf)?;
        Ok((!self.buf.is_empty()).then(|| Uint8Array::from(&self.buf[..])))
    }
}

#[wasm_bindgen(js_class = VectorSet)]
impl JsVectorSet {
    /// The set's file in chunks (see `VectorSetChunks`): what `toBytes()`
    /// gives, without holding all of it at once.
    #[wasm_bindgen(js_name = fileChunks)]
    pub fn file_chunks(&self) -> JsSetChunks {
        JsSetChunks {
            state: self.state.clone(),
            chunks: self.state.borrow().set.file_chunks(),
            buf: Vec::new(),
        }
    }
}
