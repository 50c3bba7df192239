//! Instruction encoding, driven by the opcode table.

use crate::bytecode::{Op, Operand};

/// Append `op` with `args` (one per operand, in table order); returns the
/// instruction's offset.
pub(crate) fn encode(bytes: &mut Vec<u8>, op: Op, args: &[u32]) -> usize {
    let start = bytes.len();
    bytes.push(op as u8);
    for (i, kind) in op.operands().iter().enumerate() {
        let v = args.get(i).copied().unwrap_or(0);
        match kind {
            Operand::R | Operand::N => bytes.extend_from_slice(&(v as u16).to_le_bytes()),
            Operand::K | Operand::I | Operand::J => bytes.extend_from_slice(&v.to_le_bytes()),
            Operand::B => bytes.push(v as u8),
        }
    }
    debug_assert_eq!(
        args.len(),
        op.operands().len(),
        "operand count for {}",
        op.name()
    );
    start
}
