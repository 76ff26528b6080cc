//! Evaluating a filter over a set's metadata columns into the [`RowSet`]
//! of rows that pass.
//!
//! Each condition is compiled against its column once: a string operand
//! becomes a verdict per dictionary code (so a row costs a table lookup,
//! whatever the string), a number a set or an interval. Then the row loop
//! reads a kind byte and a code or a number per row. `$and` takes its
//! children cheapest first (a string equality's size is known exactly
//! from the dictionary's counts) and, once the rows left are few, tests
//! only those rows instead of scanning whole columns.
//!
//! The meaning, in one place (the JS reference in the tests agrees):
//! - `$eq`, `$in` and ranges match only rows that have the key with a
//!   value of the operand's type; `$ne` and `$nin` are their negations, so
//!   rows without the key (or with another type) match them.
//! - On a string array, `$eq: x` matches when the array holds x, `$in`
//!   when it shares an element, a range when some element is in it; an
//!   array operand matches an equal array (same strings, same order).
//! - Numbers compare as f64, strings by their UTF-8 bytes.
//! - `$exists: true` matches rows with the key (null counts) or with keys
//!   nested below it.

use super::parse::{Bound, Cmp, Filter, Op, Operand};
use crate::store::{kind, Column, MetaStore, Metadata, RowSet};
use alloc::boxed::Box;
use alloc::vec::Vec;

/// Below this share of the set (1 / 16), `$and` tests the rows it has
/// left instead of evaluating the next child over every row.
const SPARSE: usize = 16;

impl Filter {
    /// The rows of `meta` (a store of `meta.len()` rows) that pass.
    pub(crate) fn rows(&self, meta: &MetaStore) -> RowSet {
        let n = meta.len();
        compile(self, meta).eval(n)
    }

    /// Whether one row's metadata passes (the same rules, on a store of
    /// that row alone).
    pub fn passes(&self, meta: &Metadata) -> bool {
        MetaStore::from_rows(core::slice::from_ref(meta))
            .map(|store| compile(self, &store).row(0))
            .unwrap_or(false)
    }
}

/// A number condition.
#[derive(Clone, Debug)]
enum Num {
    Never,
    /// Sorted, -0.0 written as 0.0 (equal as numbers), so a long `$in`
    /// list costs a binary search per row, not a pass over the list.
    OneOf(Vec<f64>),
    Within {
        lo: f64,
        lo_in: bool,
        hi: f64,
        hi_in: bool,
    },
}

impl Num {
    #[inline]
    fn test(&self, x: f64) -> bool {
        match self {
            Num::Never => false,
            Num::OneOf(v) if v.len() <= 8 => v.contains(&x),
            Num::OneOf(v) => v.binary_search_by(|p| p.total_cmp(&(x + 0.0))).is_ok(),
            Num::Within {
                lo,
                lo_in,
                hi,
                hi_in,
            } => (x > *lo || (*lo_in && x == *lo)) && (x < *hi || (*hi_in && x == *hi)),
        }
    }
}

/// One condition compiled against its column: which values pass.
#[derive(Debug)]
struct Test<'a> {
    col: &'a Column,
    null: bool,
    falsy: bool,
    truthy: bool,
    num: Num,
    /// Per dictionary code: whether a string of that code passes.
    codes: Vec<bool>,
    /// Arrays that pass whole (as codes).
    arrays: Vec<Vec<u32>>,
    /// Rows this condition can pass at most (exact for string equality).
    estimate: usize,
}

impl Test<'_> {
    #[inline]
    fn row(&self, r: usize) -> bool {
        let c = self.col;
        let code_ok = |code: u32| self.codes.get(code as usize).copied().unwrap_or(false);
        match c.kinds.get(r).copied().unwrap_or(kind::MISSING) {
            kind::NULL => self.null,
            kind::FALSE => self.falsy,
            kind::TRUE => self.truthy,
            kind::NUMBER => self.num.test(c.nums.get(r).copied().unwrap_or(0.0)),
            kind::STRING => code_ok(c.codes.get(r).copied().unwrap_or(u32::MAX)),
            kind::STRINGS => {
                let list = c.list(r);
                list.iter().any(|&x| code_ok(x)) || self.arrays.iter().any(|a| a == list)
            }
            _ => false,
        }
    }

    /// Whether only strings can pass.
    fn strings_only(&self) -> bool {
        !self.null && !self.falsy && !self.truthy && matches!(self.num, Num::Never)
    }

    /// Whether only numbers can pass.
    fn numbers_only(&self) -> bool {
        !self.null
            && !self.falsy
            && !self.truthy
            && self.arrays.is_empty()
            && self.codes.iter().all(|&c| !c)
    }

    /// The rows of `0..n` that pass. The common shapes (strings by code,
    /// string arrays by their elements' codes, numbers in a set or an
    /// interval) run as tight loops over 64 rows at a time; a condition that
    /// mixes types or compares whole arrays takes the general test.
    fn rows(&self, n: usize) -> RowSet {
        let c = self.col;
        let kinds = c.kinds.get(..n).unwrap_or(&[]);
        let table = &self.codes;
        let pass = |code: u32| table.get(code as usize).copied().unwrap_or(false);
        if self.strings_only() && c.lists.is_empty() {
            let Some(codes) = c.codes.get(..n) else {
                return RowSet::none(n);
            };
            return words(n, kinds, codes, |k, code| (k == kind::STRING) & pass(code));
        }
        if self.strings_only() && self.arrays.is_empty() {
            // A string array passes when an element does; its run in
            // `lists` is its length, then its codes.
            let (Some(codes), lists) = (c.codes.get(..n), &c.lists) else {
                return RowSet::none(n);
            };
            return words(n, kinds, codes, |k, code| match k {
                kind::STRING => pass(code),
                kind::STRINGS => {
                    let at = code as usize;
                    let len = lists.get(at).map_or(0, |&l| l as usize);
                    lists
                        .get(at + 1..at + 1 + len)
                        .is_some_and(|run| run.iter().any(|&x| pass(x)))
                }
                _ => false,
            });
        }
        if self.numbers_only() {
            let Some(nums) = c.nums.get(..n) else {
                return RowSet::none(n);
            };
            return match &self.num {
                Num::Within {
                    lo,
                    lo_in,
                    hi,
                    hi_in,
                } => {
                    let (lo, hi) = (*lo, *hi);
                    let (lo_in, hi_in) = (*lo_in, *hi_in);
                    words(n, kinds, nums, |k, x| {
                        (k == kind::NUMBER)
                            & ((x > lo) | (lo_in & (x == lo)))
                            & ((x < hi) | (hi_in & (x == hi)))
                    })
                }
                num => words(n, kinds, nums, |k, x| (k == kind::NUMBER) & num.test(x)),
            };
        }
        RowSet::from_fn(n, |r| self.row(r))
    }
}

/// The rows of `0..n` for which `pass(kinds[r], values[r])` holds, built a
/// word (64 rows) at a time from two parallel columns.
fn words<T: Copy>(n: usize, kinds: &[u8], values: &[T], pass: impl Fn(u8, T) -> bool) -> RowSet {
    let mut out = Vec::with_capacity(n.div_ceil(64));
    for (ks, vs) in kinds.chunks(64).zip(values.chunks(64)) {
        let mut w = 0u64;
        for (i, (&k, &v)) in ks.iter().zip(vs).enumerate() {
            w |= u64::from(pass(k, v)) << i;
        }
        out.push(w);
    }
    RowSet::from_words(out, n)
}

/// A filter compiled against a store.
#[derive(Debug)]
enum Node<'a> {
    Const(bool),
    And(Vec<Node<'a>>),
    Or(Vec<Node<'a>>),
    Not(Box<Node<'a>>),
    /// A condition, negated for `$ne` / `$nin`.
    Leaf(Test<'a>, bool),
    /// Rows with any of these columns present (or none, when false).
    Exists(Vec<&'a Column>, bool),
}

fn compile<'a>(f: &Filter, meta: &'a MetaStore) -> Node<'a> {
    match f {
        Filter::And(c) => Node::And(c.iter().map(|x| compile(x, meta)).collect()),
        Filter::Or(c) => Node::Or(c.iter().map(|x| compile(x, meta)).collect()),
        Filter::Not(x) => Node::Not(Box::new(compile(x, meta))),
        Filter::Field { path, op } => {
            if let Op::Exists(want) = op {
                return Node::Exists(meta.columns_under(path).collect(), *want);
            }
            let negate = matches!(op, Op::Ne(_) | Op::Nin(_));
            match meta.column(path) {
                // No row has the key: nothing equals, everything differs.
                None => Node::Const(negate),
                Some(col) => Node::Leaf(test(col, op, meta.len()), negate),
            }
        }
    }
}

fn test<'a>(col: &'a Column, op: &Op, n: usize) -> Test<'a> {
    let mut t = Test {
        col,
        null: false,
        falsy: false,
        truthy: false,
        num: Num::Never,
        codes: alloc::vec![false; col.dict.values.len()],
        arrays: Vec::new(),
        estimate: 0,
    };
    let mut nums = Vec::new();
    let mut exact = true;
    let mut accept = |t: &mut Test, x: &Operand| match x {
        Operand::Null => {
            t.null = true;
            exact = false;
        }
        Operand::Bool(b) => {
            if *b {
                t.truthy = true;
            } else {
                t.falsy = true;
            }
            exact = false;
        }
        Operand::Number(v) => {
            nums.push(*v);
            exact = false;
        }
        Operand::String(s) => {
            if let Some(c) = col.dict.find(s) {
                if let Some(slot) = t.codes.get_mut(c as usize) {
                    *slot = true;
                }
                t.estimate += col.dict.rows.get(c as usize).copied().unwrap_or(0) as usize;
            }
        }
        Operand::Strings(list) => {
            exact = false;
            // An array no row could hold (a string never seen) passes nowhere.
            let codes: Option<Vec<u32>> = list.iter().map(|s| col.dict.find(s)).collect();
            if let Some(codes) = codes {
                t.arrays.push(codes);
            }
        }
    };
    match op {
        Op::Eq(x) | Op::Ne(x) => accept(&mut t, x),
        Op::In(xs) | Op::Nin(xs) => {
            for x in xs {
                accept(&mut t, x);
            }
        }
        Op::Range(cmp, bound) => {
            exact = false;
            match bound {
                Bound::Number(v) => {
                    let (lo, lo_in, hi, hi_in) = match cmp {
                        Cmp::Lt => (f64::NEG_INFINITY, true, *v, false),
                        Cmp::Lte => (f64::NEG_INFINITY, true, *v, true),
                        Cmp::Gt => (*v, false, f64::INFINITY, true),
                        Cmp::Gte => (*v, true, f64::INFINITY, true),
                    };
                    t.num = Num::Within {
                        lo,
                        lo_in,
                        hi,
                        hi_in,
                    };
                }
                Bound::String(b) => {
                    let b = b.as_bytes();
                    for (slot, s) in t.codes.iter_mut().zip(&col.dict.values) {
                        let o = s.as_bytes().cmp(b);
                        *slot = match cmp {
                            Cmp::Lt => o.is_lt(),
                            Cmp::Lte => o.is_le(),
                            Cmp::Gt => o.is_gt(),
                            Cmp::Gte => o.is_ge(),
                        };
                    }
                }
            }
        }
        Op::Exists(_) => {}
    }
    if !nums.is_empty() {
        let mut nums = crate::order::sorted(&nums.iter().map(|x| x + 0.0).collect::<Vec<f64>>());
        nums.dedup();
        t.num = Num::OneOf(nums);
    }
    if !exact {
        t.estimate = n;
    }
    t
}

impl Node<'_> {
    /// Rows this node can pass at most (an upper bound for ordering).
    fn estimate(&self, n: usize) -> usize {
        match self {
            Node::Const(b) => usize::from(*b) * n,
            Node::And(c) => c.iter().map(|x| x.estimate(n)).min().unwrap_or(n),
            Node::Or(c) => c.iter().map(|x| x.estimate(n)).sum::<usize>().min(n),
            Node::Leaf(t, false) => t.estimate.min(n),
            Node::Not(_) | Node::Leaf(_, true) | Node::Exists(..) => n,
        }
    }

    /// Whether row `r` passes.
    fn row(&self, r: usize) -> bool {
        match self {
            Node::Const(b) => *b,
            Node::And(c) => c.iter().all(|x| x.row(r)),
            Node::Or(c) => c.iter().any(|x| x.row(r)),
            Node::Not(x) => !x.row(r),
            Node::Leaf(t, negate) => t.row(r) != *negate,
            Node::Exists(cols, want) => {
                cols.iter()
                    .any(|c| c.kinds.get(r).is_some_and(|&k| k != kind::MISSING))
                    == *want
            }
        }
    }

    /// The rows of `0..n` that pass.
    fn eval(&self, n: usize) -> RowSet {
        match self {
            Node::Const(true) => RowSet::all(n),
            Node::Const(false) => RowSet::none(n),
            Node::Not(x) => {
                let mut out = x.eval(n);
                out.invert();
                out
            }
            Node::Or(c) => {
                let mut out = RowSet::none(n);
                for x in c {
                    out.or(&x.eval(n));
                }
                out
            }
            Node::And(c) => {
                let sizes: Vec<f64> = c.iter().map(|x| x.estimate(n) as f64).collect();
                let order = crate::order::order_by(&sizes, false);
                let mut it = order.iter().filter_map(|&i| c.get(i as usize));
                let mut out = it.next().map_or_else(|| RowSet::all(n), |x| x.eval(n));
                for x in it {
                    let left = out.count();
                    if left == 0 {
                        break;
                    }
                    if left * SPARSE < n {
                        let drop: Vec<usize> = out.iter().filter(|&r| !x.row(r)).collect();
                        for r in drop {
                            out.remove(r);
                        }
                    } else {
                        out.and(&x.eval(n));
                    }
                }
                out
            }
            Node::Leaf(t, negate) => {
                let mut out = t.rows(n);
                if *negate {
                    out.invert();
                }
                out
            }
            Node::Exists(cols, want) => {
                let mut out = RowSet::none(n);
                for c in cols {
                    out.or(&RowSet::from_fn(n, |r| {
                        c.kinds.get(r).is_some_and(|&k| k != kind::MISSING)
                    }));
                }
                if !*want {
                    out.invert();
                }
                out
            }
        }
    }
}
