//! X-unit rows of the instruction table.

use crate::form::Form;

/// Every X-unit form.
pub static FORMS: &[Form] = &[];
