//! I-unit rows of the instruction table.

use crate::form::Form;

/// Every I-unit form.
pub static FORMS: &[Form] = &[];
