//! B-unit rows of the instruction table.

use crate::form::Form;

/// Every B-unit form.
pub static FORMS: &[Form] = &[];
