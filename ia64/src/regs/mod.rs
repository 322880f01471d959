//! Architectural registers as types, after the rust-osdev `x86_64` crate: one
//! `bitflags` type per register whose single-bit fields are flags (each documented
//! with the SDM's name and meaning) and whose multi-bit fields have typed getters
//! and setters. Raw and typed access sit side by side (`bits()` /
//! `from_bits_retain()`), and setters keep reserved bits as they are, so a value
//! read from a guest goes back out unchanged.
//!
//! Control-register and application-register numbers are [`Cr`] and [`Ar`], with
//! the spelling `ia64-linux-gnu-objdump` prints.
//!
//! Each register has its own module (`regs::psr::Psr`); every public type is also
//! re-exported here (`regs::Psr`).
//!
//! Sources: Intel Itanium Architecture Software Developer's Manual rev 2.3 (SDM), the
//! facts sheet (`shared/reference/xen-ia64-facts.md`), and, for bit numbers only,
//! Linux/ia64 headers; each module cites the ones it uses.

/// Declares a register-number enum ([`Ar`], [`Cr`]) from one list: each register's
/// variant, number and the name binutils prints, written once. It derives the
/// `num_enum` conversions and defines `ALL` (in the order listed, which must be
/// number order: checked at compile time), `number`, `name`, `from_name` and
/// `Display`.
macro_rules! register_numbers {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $number:literal => $name:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug,
            Clone,
            Copy,
            PartialEq,
            Eq,
            Hash,
            PartialOrd,
            Ord,
            num_enum::TryFromPrimitive,
            num_enum::IntoPrimitive,
        )]
        #[repr(u8)]
        pub enum $ty {
            $( $(#[$vmeta])* $variant = $number, )*
        }

        impl $ty {
            #[doc = concat!("Every ", $what, ", in number order.")]
            pub const ALL: [$ty; [$($number),*].len()] = [$($ty::$variant),*];

            #[doc = concat!("The ", $what, "'s number.")]
            pub const fn number(self) -> u8 {
                self as u8
            }

            /// The name binutils prints.
            pub const fn name(self) -> &'static str {
                match self {
                    $( $ty::$variant => $name, )*
                }
            }

            #[doc = concat!("The ", $what, " whose binutils name is `name`, if any.")]
            pub fn from_name(name: &str) -> Option<$ty> {
                $ty::ALL.into_iter().find(|r| r.name() == name)
            }
        }

        const _: () = {
            let numbers = [$($number),*];
            let mut i = 1;
            while i < numbers.len() {
                assert!(numbers[i - 1] < numbers[i], "registers out of number order");
                i += 1;
            }
        };

        impl core::fmt::Display for $ty {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

pub mod ar;
pub mod cfm;
pub mod cr;
pub mod dcr;
mod field;
pub mod fpsr;
pub mod ifs;
pub mod isr;
pub mod itir;
pub mod pl;
pub mod psr;
pub mod pta;
pub mod pte;
pub mod rr;
pub mod rsc;

#[cfg(all(test, feature = "std"))]
mod conformance;

pub use ar::{Ar, ArKind, ArUnit};
pub use cfm::Cfm;
pub use cr::Cr;
pub use dcr::Dcr;
pub use field::FieldError;
pub use fpsr::{Fpsr, PrecisionControl, RoundingControl, StatusField, StatusFieldIndex};
pub use ifs::Ifs;
pub use isr::{Isr, NonAccess};
pub use itir::Itir;
pub use pl::PrivilegeLevel;
pub use psr::Psr;
pub use pta::Pta;
pub use pte::{AccessRights, MemoryAttribute, Pte};
pub use rr::Rr;
pub use rsc::{Rsc, RseMode};
