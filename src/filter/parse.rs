//! Reading a filter: Cloudflare Vectorize's syntax (a plain value is `$eq`,
//! several keys AND together, a dotted key reaches into nested objects,
//! `$eq $ne $in $nin $lt $lte $gt $gte`), plus `$and`, `$or`, `$not` and
//! `$exists`. Every mistake is an error naming its path in the filter
//! (`filter.$or[1].year.$gte`).

use crate::error::{Error, Result};
use crate::store::check_path_key;
use crate::value::Value;
use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

/// A filter over rows' metadata (see the crate docs for what each part
/// means for missing keys and other types).
#[derive(Clone, Debug, PartialEq)]
pub enum Filter {
    /// Every child matches.
    And(Vec<Filter>),
    /// Some child matches.
    Or(Vec<Filter>),
    /// The child does not match.
    Not(Box<Filter>),
    /// One condition on the value at a dotted path.
    Field {
        /// The dotted path (`"author.id"`).
        path: String,
        /// The condition.
        op: Op,
    },
}

/// A condition on one path's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// Equal (a string array: holds it; an array operand: the same array).
    Eq(Operand),
    /// Not `Eq` (rows without the key match).
    Ne(Operand),
    /// `Eq` to one of these.
    In(Vec<Operand>),
    /// `Eq` to none of these (rows without the key match).
    Nin(Vec<Operand>),
    /// Compared with a number or string of the same type.
    Range(Cmp, Bound),
    /// The key is present (with any value, null included) or absent.
    Exists(bool),
}

/// A range comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// A value compared for equality.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Strings(Vec<String>),
}

/// A value a range compares with.
#[derive(Clone, Debug, PartialEq)]
pub enum Bound {
    Number(f64),
    String(String),
}

const OPERATORS: &str = "$eq, $ne, $in, $nin, $lt, $lte, $gt, $gte, $exists";

impl Filter {
    /// A filter from a JSON-like value; `name` is how errors call it.
    pub fn from_value(name: &str, v: &Value) -> Result<Filter> {
        parse(name, v, 0)
    }

    /// `path` equals the string `value`: what a typed lookup adds.
    pub fn eq(path: &str, value: &str) -> Filter {
        Filter::Field {
            path: String::from(path),
            op: Op::Eq(Operand::String(String::from(value))),
        }
    }
}

/// Deepest nesting of `$and` / `$or` / `$not`.
const MAX_NESTING: usize = 16;

fn parse(name: &str, v: &Value, depth: usize) -> Result<Filter> {
    if depth > MAX_NESTING {
        return Err(Error::range(format!(
            "{name} nests $and, $or and $not more than {MAX_NESTING} deep"
        )));
    }
    let Value::Object(entries) = v else {
        return Err(Error::type_error(format!(
            "{name} must be an object such as {{ \"type\": \"Industry\" }} or {{ \"year\": {{ \"$gte\": 2020 }} }}, got {}",
            v.describe()
        )));
    };
    if entries.is_empty() {
        return Err(Error::value(format!(
            "{name} is an empty object; leave the filter out to search every row"
        )));
    }
    let mut all = Vec::new();
    for (key, value) in entries {
        let at = format!("{name}.{key}");
        match key.as_str() {
            "$and" | "$or" => {
                let Value::Array(items) = value else {
                    return Err(Error::type_error(format!(
                        "{at} must be a non-empty array of filters, got {}",
                        value.describe()
                    )));
                };
                if items.is_empty() {
                    return Err(Error::value(format!(
                        "{at} is an empty array; it needs at least one filter"
                    )));
                }
                let children = items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| parse(&format!("{at}[{i}]"), x, depth + 1))
                    .collect::<Result<Vec<_>>>()?;
                all.push(if key == "$and" {
                    Filter::And(children)
                } else {
                    Filter::Or(children)
                });
            }
            "$not" => all.push(Filter::Not(Box::new(parse(&at, value, depth + 1)?))),
            k if k.starts_with('$') => {
                return Err(Error::value(format!(
                    "{name} has an unknown operator \"{k}\"; at this level a filter takes $and, $or, $not or metadata keys (field operators are {OPERATORS})"
                )))
            }
            _ => {
                check_path(name, key)?;
                field(&at, key, value, &mut all)?;
            }
        }
    }
    Ok(if all.len() == 1 {
        all.pop().unwrap_or(Filter::And(Vec::new()))
    } else {
        Filter::And(all)
    })
}

/// A dotted path's keys follow the metadata key rules.
fn check_path(name: &str, path: &str) -> Result<()> {
    check_path_key(&format!("{name}: the path \"{path}\""), path).map(|_| ())
}

/// The conditions on `path` (`value` is a plain value or an operator object).
fn field(at: &str, path: &str, value: &Value, out: &mut Vec<Filter>) -> Result<()> {
    let make = |op| Filter::Field {
        path: String::from(path),
        op,
    };
    let Value::Object(ops) = value else {
        out.push(make(Op::Eq(operand(at, value)?)));
        return Ok(());
    };
    if ops.is_empty() {
        return Err(Error::value(format!(
            "{at} is an empty object; give a value or an operator ({OPERATORS})"
        )));
    }
    if !ops.iter().any(|(k, _)| k.starts_with('$')) {
        return Err(Error::type_error(format!(
            "{at} is an object without operators; filters compare values, and reach nested keys with dots (\"{path}.{}\")",
            ops.first().map_or("key", |(k, _)| k.as_str())
        )));
    }
    for (op, x) in ops {
        let here = format!("{at}.{op}");
        let list = |x: &Value| -> Result<Vec<Operand>> {
            let Value::Array(items) = x else {
                return Err(Error::type_error(format!(
                    "{here} must be an array of strings, numbers, booleans or null, got {}",
                    x.describe()
                )));
            };
            // The path is spelled out only for an element that is wrong: a
            // long $in list costs its values, not a message per value.
            items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    plain(item).map_or_else(|| scalar(&format!("{here}[{i}]"), item), Ok)
                })
                .collect()
        };
        let range = |cmp| -> Result<Op> {
            match x {
                Value::Number(n) if n.is_finite() => Ok(Op::Range(cmp, Bound::Number(*n))),
                Value::String(s) => Ok(Op::Range(cmp, Bound::String(s.clone()))),
                Value::Number(n) => Err(Error::range(format!(
                    "{here} is {n}; filter numbers must be finite"
                ))),
                other => Err(Error::type_error(format!(
                    "{here} must be a number or a string (ranges compare numbers with numbers and strings with strings), got {}",
                    other.describe()
                ))),
            }
        };
        let op = match op.as_str() {
            "$eq" => Op::Eq(operand(&here, x)?),
            "$ne" => Op::Ne(operand(&here, x)?),
            "$in" => Op::In(list(x)?),
            "$nin" => Op::Nin(list(x)?),
            "$lt" => range(Cmp::Lt)?,
            "$lte" => range(Cmp::Lte)?,
            "$gt" => range(Cmp::Gt)?,
            "$gte" => range(Cmp::Gte)?,
            "$exists" => match x {
                Value::Bool(b) => Op::Exists(*b),
                other => {
                    return Err(Error::type_error(format!(
                        "{here} must be true or false, got {}",
                        other.describe()
                    )))
                }
            },
            other => {
                return Err(Error::value(format!(
                    "{at} has an unknown operator \"{other}\"; expected one of: {OPERATORS}"
                )))
            }
        };
        out.push(make(op));
    }
    Ok(())
}

/// A value compared for equality: a scalar or an array of strings.
fn operand(at: &str, v: &Value) -> Result<Operand> {
    match v {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, x)| match x {
                Value::String(s) => Ok(s.clone()),
                other => Err(Error::type_error(format!(
                    "{at}[{i}] must be a string (metadata arrays hold strings), got {}",
                    other.describe()
                ))),
            })
            .collect::<Result<Vec<_>>>()
            .map(Operand::Strings),
        other => scalar(at, other),
    }
}

/// A valid scalar as an operand, `None` for anything else.
fn plain(v: &Value) -> Option<Operand> {
    match v {
        Value::String(s) => Some(Operand::String(s.clone())),
        Value::Number(n) if n.is_finite() => Some(Operand::Number(*n)),
        Value::Bool(b) => Some(Operand::Bool(*b)),
        Value::Null => Some(Operand::Null),
        _ => None,
    }
}

fn scalar(at: &str, v: &Value) -> Result<Operand> {
    match v {
        Value::Null => Ok(Operand::Null),
        Value::Bool(b) => Ok(Operand::Bool(*b)),
        Value::Number(n) if n.is_finite() => Ok(Operand::Number(*n)),
        Value::Number(n) => Err(Error::range(format!(
            "{at} is {n}; filter numbers must be finite"
        ))),
        Value::String(s) => Ok(Operand::String(s.clone())),
        other => Err(Error::type_error(format!(
            "{at} must be a string, number, boolean or null, got {}",
            other.describe()
        ))),
    }
}
