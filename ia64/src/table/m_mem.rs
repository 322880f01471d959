//! M-unit memory rows of the instruction table: integer and floating-point loads, stores, semaphores, lfetch, setf/getf.

use crate::form::Form;

/// Every M-unit memory form.
pub static FORMS: &[Form] = &[];
