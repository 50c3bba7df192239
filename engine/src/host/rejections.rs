//! HostPromiseRejectionTracker (#sec-host-promise-rejection-tracker) as
//! Node uses it: the engine records "rejected with no handler" and
//! "handler added later" events; the host drains them between tasks and
//! turns them into `unhandledRejection` / `rejectionHandled`.
//!
//! A promise rejected and then handled before the host drains the list
//! never surfaces (Node's rule: a handler attached in the same turn is in
//! time). A promise whose rejection was reported and that gets a handler
//! later produces a `Handled` event.

use crate::builtins::promise::PromiseData;
use crate::gc::{Gc, Trace, Tracer};
use crate::object::JsObject;

/// What happened to a promise's rejection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectionEvent {
    /// Rejected while no handler was attached.
    Unhandled,
    /// A handler was attached after the rejection had been reported.
    Handled,
}

/// Events not yet drained by the host. Traced as a VM root: a reported
/// promise stays alive until the host has seen it.
#[derive(Default)]
pub struct RejectionTracker {
    pending: Vec<(Gc<JsObject>, RejectionEvent)>,
}

impl Trace for RejectionTracker {
    fn trace(&self, t: &mut Tracer) {
        for (p, _) in &self.pending {
            t.mark(*p);
        }
    }
}

impl RejectionTracker {
    /// HostPromiseRejectionTracker(promise, operation): `handled` is false
    /// for "reject", true for "handle".
    pub(crate) fn track(&mut self, promise: Gc<JsObject>, handled: bool) {
        if !handled {
            self.pending.push((promise, RejectionEvent::Unhandled));
            return;
        }
        // Handled before the host looked: the report is withdrawn.
        if let Some(i) = self
            .pending
            .iter()
            .position(|&(p, e)| p == promise && e == RejectionEvent::Unhandled)
        {
            self.pending.remove(i);
            return;
        }
        let reported = promise
            .class
            .data::<PromiseData>()
            .is_some_and(|d| d.reported_unhandled.get());
        if reported {
            self.pending.push((promise, RejectionEvent::Handled));
        }
    }

    /// Whether any event waits for the host.
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// The events in the order they happened; `Unhandled` promises are
    /// remembered as reported, so a later handler yields `Handled`.
    pub(crate) fn drain(&mut self) -> Vec<(Gc<JsObject>, RejectionEvent)> {
        let events = std::mem::take(&mut self.pending);
        for (p, e) in &events {
            if *e == RejectionEvent::Unhandled {
                if let Some(d) = p.class.data::<PromiseData>() {
                    d.reported_unhandled.set(true);
                }
            }
        }
        events
    }
}
