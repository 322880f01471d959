//! Machine configuration.

/// How a [`crate::Machine`] is set up. `Config::default()` is Ski's behaviour.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    /// Stop after this many instructions in total (across `run` calls); `None`
    /// leaves only the per-call budget.
    pub max_insns: Option<u64>,
    /// Record a trace of executed bundles (ip per bundle) in
    /// [`crate::Machine::trace`].
    pub trace: bool,
    /// Return [`crate::Exit::Fault`] instead of delivering an interruption (a
    /// debugging aid; Ski always delivers).
    pub stop_on_fault: bool,
}
