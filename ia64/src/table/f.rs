//! F-unit rows of the instruction table.

use crate::form::Form;

/// Every F-unit form.
pub static FORMS: &[Form] = &[];
