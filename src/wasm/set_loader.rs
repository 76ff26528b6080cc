//! Set files from JS bytes: the `VectorSetLoader` class (a file pushed in
//! chunks as a stream delivers them) and the byte source `fromBytes` reads.

use super::read;
use super::read::js_bytes;
use super::vector_set::JsVectorSet;
use super::JsResult;
use crate::check;
use crate::store::SetLoader;
use wasm_bindgen::prelude::*;

/// Reads a set file chunk by chunk, as a stream delivers it: only the
/// header is buffered, each chunk's rows go straight into the set, so a
/// Worker never holds the file and the set at once.
#[wasm_bindgen(js_name = VectorSetLoader)]
pub struct JsSetLoader {
    loader: Option<SetLoader>,
}

#[wasm_bindgen(js_class = VectorSetLoader)]
impl JsSetLoader {
    /// A loader for a file of `length` bytes when known (checked against
    /// the header as soon as it is read), else checked at the end.
    #[wasm_bindgen(constructor)]
    pub fn new(length: &JsValue) -> JsResult<JsSetLoader> {
        let total = if read::absent(length) {
            None
        } else {
            Some(check::count("length", read::number("length", length)?)?)
        };
        Ok(JsSetLoader {
            loader: Some(SetLoader::new(total)),
        })
    }

    /// Takes the next chunk of the file (a `Uint8Array` or `ArrayBuffer`).
    pub fn push(&mut self, chunk: &JsValue) -> JsResult<()> {
        let bytes = js_bytes("chunk", chunk)?;
        Ok(self.loader_mut()?.push(&bytes)?)
    }

    /// The set, once the whole file is in; the loader is spent afterwards.
    pub fn finish(&mut self) -> JsResult<JsVectorSet> {
        self.loader_mut()?;
        let loader = self.loader.take().ok_or_else(spent)?;
        Ok(JsVectorSet::wrap(loader.finish()?))
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter)]
    pub fn received(&self) -> f64 {
        self.loader.as_ref().map_or(0.0, |l| l.received() as f64)
    }

    /// The file's length as its header describes it, once the header is
    /// in (`undefined` before).
    #[wasm_bindgen(getter)]
    pub fn expected(&self) -> Option<f64> {
        self.loader
            .as_ref()
            .and_then(|l| l.expected())
            .map(|n| n as f64)
    }
}

impl JsSetLoader {
    fn loader_mut(&mut self) -> JsResult<&mut SetLoader> {
        self.loader.as_mut().ok_or_else(spent)
    }
}

fn spent() -> JsValue {
    crate::error::Error::value(
        "this VectorSetLoader has already finished; make a new one for another file",
    )
    .into()
}
