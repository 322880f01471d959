//! M-unit system rows of the instruction table: register moves, TLB, RSE, serialization, cache and system control.

use crate::form::Form;

/// Every M-unit system form.
pub static FORMS: &[Form] = &[];
