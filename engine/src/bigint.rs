//! BigInt cells: immutable arbitrary-precision integers (`num-bigint`).

use crate::gc::{GcCell, Trace, Tracer};
use num_bigint::BigInt;

pub struct JsBigInt {
    pub value: BigInt,
}

impl Trace for JsBigInt {
    fn trace(&self, _t: &mut Tracer) {}
}
impl GcCell for JsBigInt {
    const NAME: &'static str = "BigInt";
    const LEAF: bool = true;
}
