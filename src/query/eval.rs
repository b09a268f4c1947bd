//! placeholder
use super::ast::{Expr, Span};
use super::{Bindings, EntityLookup, Params, QueryError};
use crate::value::Value;
use std::collections::HashMap;
pub struct EvalContext<'a> {
    pub graph: &'a dyn EntityLookup,
    pub params: &'a Params,
    pub aggregates: Option<&'a HashMap<Span, Value>>,
}
pub fn eval(_e: &Expr, _r: &dyn Bindings, _c: &EvalContext) -> Result<Value, QueryError> {
    Ok(Value::Null)
}
pub fn is_aggregate_function(_n: &str) -> bool {
    false
}
pub fn compare_for_order(_a: &Value, _b: &Value) -> std::cmp::Ordering {
    std::cmp::Ordering::Equal
}
pub fn cypher_equals(_a: &Value, _b: &Value) -> Option<bool> {
    None
}
pub fn truthy(_v: &Value) -> Result<Option<bool>, QueryError> {
    Ok(None)
}
pub struct GroupKey(pub Vec<Value>);
impl PartialEq for GroupKey {
    fn eq(&self, _o: &Self) -> bool {
        true
    }
}
impl Eq for GroupKey {}
impl std::hash::Hash for GroupKey {
    fn hash<H: std::hash::Hasher>(&self, _h: &mut H) {}
}
pub struct Accumulator;
impl Accumulator {
    pub fn new(_n: &str, _d: bool) -> Result<Self, QueryError> {
        Ok(Accumulator)
    }
    pub fn count_star() -> Self {
        Accumulator
    }
    pub fn update(&mut self, _v: Value) -> Result<(), QueryError> {
        Ok(())
    }
    pub fn finish(self) -> Value {
        Value::Null
    }
}
