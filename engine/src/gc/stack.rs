//! Conservative scan of the native (Rust) stack.
//!
//! Callee-saved registers are spilled into a local array first, so a value
//! that lives only in a register is seen too. Caller-saved registers need no
//! care: any caller that keeps a value across the call into the collector
//! has already saved them on the stack.

use std::arch::asm;

#[inline(never)]
pub(super) fn scan_native_stack(visit: &mut dyn FnMut(usize)) {
    let mut regs = [0usize; 16];
    spill_registers(&mut regs);
    for &r in &regs {
        visit(r);
    }
    let lo = regs.as_ptr() as usize;
    let hi = stack_top(lo);
    let mut p = lo & !7;
    while p + 8 <= hi {
        // SAFETY: [lo, hi) lies within this thread's stack, which is mapped
        // and readable; reads are aligned.
        let w = unsafe { std::ptr::read_volatile(p as *const usize) };
        visit(w);
        p += 8;
    }
    std::hint::black_box(&regs);
}

#[inline(never)]
fn spill_registers(regs: &mut [usize; 16]) {
    let p = regs.as_mut_ptr();
    #[cfg(target_arch = "x86_64")]
    // SAFETY: stores six callee-saved registers into the 16-word array `p`
    // points to; reads no memory and changes no register.
    unsafe {
        asm!(
            "mov [{p}], rbx",
            "mov [{p} + 8], rbp",
            "mov [{p} + 16], r12",
            "mov [{p} + 24], r13",
            "mov [{p} + 32], r14",
            "mov [{p} + 40], r15",
            p = in(reg) p,
            options(nostack, preserves_flags)
        );
    }
    #[cfg(target_arch = "aarch64")]
    // SAFETY: stores the callee-saved x19–x29 into the 16-word array.
    unsafe {
        asm!(
            "stp x19, x20, [{p}]",
            "stp x21, x22, [{p}, #16]",
            "stp x23, x24, [{p}, #32]",
            "stp x25, x26, [{p}, #48]",
            "stp x27, x28, [{p}, #64]",
            "str x29, [{p}, #80]",
            p = in(reg) p,
            options(nostack, preserves_flags)
        );
    }
    std::hint::black_box(regs);
}

/// The highest address of the current thread's stack.
fn stack_top(sp: usize) -> usize {
    thread_local! {
        static TOP: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }
    TOP.with(|t| {
        if t.get() == 0 {
            t.set(query_stack_top(sp));
        }
        t.get()
    })
}

#[cfg(target_os = "linux")]
fn query_stack_top(sp: usize) -> usize {
    // SAFETY: standard pthread queries on the calling thread with a
    // zero-initialised attr that we destroy afterwards.
    unsafe {
        let mut attr: libc::pthread_attr_t = std::mem::zeroed();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) == 0 {
            let mut addr: *mut libc::c_void = std::ptr::null_mut();
            let mut size: libc::size_t = 0;
            let ok = libc::pthread_attr_getstack(&attr, &mut addr, &mut size) == 0;
            libc::pthread_attr_destroy(&mut attr);
            if ok {
                return addr as usize + size;
            }
        }
    }
    fallback_top(sp)
}

#[cfg(target_os = "macos")]
fn query_stack_top(_sp: usize) -> usize {
    // SAFETY: returns the calling thread's stack base; no preconditions.
    unsafe { libc::pthread_get_stackaddr_np(libc::pthread_self()) as usize }
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn query_stack_top(sp: usize) -> usize {
    fallback_top(sp)
}

/// Without an OS query, assume the engine was entered within 1 MiB of here.
fn fallback_top(sp: usize) -> usize {
    sp + (1 << 20)
}
