//! Layout descriptions of the interface structs.
//!
//! Each interface struct is declared once with `abi_struct!`; the macro emits the
//! `#[repr(C)]` Rust type and a [`StructDesc`] whose offsets come from
//! `core::mem::offset_of!` on that very type. The C header, the assembly offsets, the
//! JSON and the C89 layout check are all rendered from these descriptions, so they
//! cannot drift from the Rust layout.
//!
//! Every description is checked at compile time to be *contiguous*: each field starts
//! where the previous one ends and the last one ends at the struct's size. A struct
//! with no implicit padding has the same layout for every C compiler that gives the
//! fixed-width types their natural size, whatever alignment it gives a 64-bit integer
//! (i386 aligns `long long` to 4 inside structs): that is what makes the interface
//! identical for 32- and 64-bit consumers.

/// The C type of a field (or of the elements of an array field).
#[derive(Clone, Copy, Debug)]
pub enum CType {
    /// Unsigned 8-bit integer.
    U8,
    /// Signed 8-bit integer.
    I8,
    /// Unsigned 32-bit integer.
    U32,
    /// Unsigned 64-bit integer.
    U64,
    /// Another interface struct.
    Struct(&'static StructDesc),
}

impl CType {
    /// Size of one element in bytes.
    pub const fn size(&self) -> usize {
        match self {
            CType::U8 | CType::I8 => 1,
            CType::U32 => 4,
            CType::U64 => 8,
            CType::Struct(desc) => desc.size,
        }
    }

    /// The name used in JSON: `u8`, `i8`, `u32`, `u64` or the struct's C name.
    pub const fn name(&self) -> &'static str {
        match self {
            CType::U8 => "u8",
            CType::I8 => "i8",
            CType::U32 => "u32",
            CType::U64 => "u64",
            CType::Struct(desc) => desc.c_name,
        }
    }
}

/// One field of an interface struct.
#[derive(Clone, Copy, Debug)]
pub struct FieldDesc {
    /// Field name, the same in Rust and C.
    pub name: &'static str,
    /// Byte offset from the start of the struct.
    pub offset: usize,
    /// Element type.
    pub ty: CType,
    /// `Some(n)` for an array of `n` elements, `None` for a single value.
    pub array: Option<usize>,
    /// The field's documentation, one entry per line.
    pub doc: &'static [&'static str],
}

impl FieldDesc {
    /// Size of the whole field in bytes.
    pub const fn size(&self) -> usize {
        match self.array {
            Some(n) => n * self.ty.size(),
            None => self.ty.size(),
        }
    }
}

/// The layout of one interface struct.
#[derive(Clone, Copy, Debug)]
pub struct StructDesc {
    /// The Rust type name (`MappedRegs`).
    pub rust_name: &'static str,
    /// The C struct tag without prefix (`mapped_regs`); the C89 header declares
    /// `struct ia64pv_<c_name>`.
    pub c_name: &'static str,
    /// `size_of` the Rust type.
    pub size: usize,
    /// The struct's documentation, one entry per line.
    pub doc: &'static [&'static str],
    /// The fields, in declaration order.
    pub fields: &'static [FieldDesc],
}

impl StructDesc {
    /// True when the fields tile the struct exactly: no implicit padding anywhere and
    /// no tail padding.
    pub const fn is_contiguous(&self) -> bool {
        let mut next = 0;
        let mut i = 0;
        while i < self.fields.len() {
            if self.fields[i].offset != next {
                return false;
            }
            next += self.fields[i].size();
            i += 1;
        }
        next == self.size
    }

    /// The field called `name`, if any.
    pub fn field(&self, name: &str) -> Option<&'static FieldDesc> {
        self.fields.iter().find(|f| f.name == name)
    }
}

/// An interface struct: a `#[repr(C)]` type with a layout description.
pub trait AbiStruct: Sized + Copy {
    /// The layout of `Self`.
    const DESC: StructDesc;
}

/// A type that may be a field, or the element of an array field, of an interface
/// struct: the fixed-width integers and the interface structs themselves.
pub trait AbiElem: Copy {
    /// Its C type.
    const CTYPE: CType;
    /// Its all-zero value.
    const ZERO: Self;
}

/// A field type: an [`AbiElem`] or an array of them.
pub trait AbiField: Copy {
    /// Element type.
    const CTYPE: CType;
    /// Array length, or `None`.
    const ARRAY: Option<usize>;
    /// The all-zero value.
    const ZERO: Self;
}

impl<T: AbiElem> AbiField for T {
    const CTYPE: CType = T::CTYPE;
    const ARRAY: Option<usize> = None;
    const ZERO: Self = T::ZERO;
}

impl<T: AbiElem, const N: usize> AbiField for [T; N] {
    const CTYPE: CType = T::CTYPE;
    const ARRAY: Option<usize> = Some(N);
    const ZERO: Self = [T::ZERO; N];
}

macro_rules! abi_scalar {
    ($($t:ty => $c:ident),*) => {
        $(impl AbiElem for $t {
            const CTYPE: CType = CType::$c;
            const ZERO: Self = 0;
        })*
    };
}
abi_scalar!(u8 => U8, i8 => I8, u32 => U32, u64 => U64);

/// Strips the `r#` of a raw identifier, so `r#type` is called `type` in C and JSON.
pub(crate) const fn field_name(raw: &'static str) -> &'static str {
    let bytes = raw.as_bytes();
    if bytes.len() > 2 && bytes[0] == b'r' && bytes[1] == b'#' {
        let (_, rest) = bytes.split_at(2);
        match core::str::from_utf8(rest) {
            Ok(s) => s,
            Err(_) => raw,
        }
    } else {
        raw
    }
}

/// Declares an interface struct: the `#[repr(C)]` type, its [`AbiStruct`]
/// description, `ZERO`, `Default`, and a compile-time proof that it has no implicit
/// padding. Field docs must be plain doc comments: they are copied into the C header
/// and the JSON.
macro_rules! abi_struct {
    (
        $(#[doc = $doc:literal])*
        pub struct $name:ident as $cname:literal {
            $( $(#[doc = $fdoc:literal])* pub $field:ident : $ty:ty, )*
        }
    ) => {
        $(#[doc = $doc])*
        #[repr(C)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name {
            $( $(#[doc = $fdoc])* pub $field: $ty, )*
        }

        impl $name {
            /// The value with every field zero.
            pub const ZERO: Self = Self { $( $field: <$ty as $crate::layout::AbiField>::ZERO, )* };
        }

        impl Default for $name {
            fn default() -> Self {
                Self::ZERO
            }
        }

        impl $crate::layout::AbiElem for $name {
            const CTYPE: $crate::layout::CType =
                $crate::layout::CType::Struct(&<$name as $crate::layout::AbiStruct>::DESC);
            const ZERO: Self = Self::ZERO;
        }

        impl $crate::layout::AbiStruct for $name {
            const DESC: $crate::layout::StructDesc = $crate::layout::StructDesc {
                rust_name: stringify!($name),
                c_name: $cname,
                size: core::mem::size_of::<$name>(),
                doc: &[$($doc),*],
                fields: &[$(
                    $crate::layout::FieldDesc {
                        name: $crate::layout::field_name(stringify!($field)),
                        offset: core::mem::offset_of!($name, $field),
                        ty: <$ty as $crate::layout::AbiField>::CTYPE,
                        array: <$ty as $crate::layout::AbiField>::ARRAY,
                        doc: &[$($fdoc),*],
                    },
                )*],
            };
        }

        static_assertions::const_assert!(
            <$name as $crate::layout::AbiStruct>::DESC.is_contiguous()
        );
    };
}
pub(crate) use abi_struct;

/// Every interface struct, in an order where each one follows the structs it
/// contains (the order the C header declares them in).
pub const STRUCTS: &[StructDesc] = &[
    <crate::VcpuTimeInfo as AbiStruct>::DESC,
    <crate::VcpuInfo as AbiStruct>::DESC,
    <crate::ArchSharedInfo as AbiStruct>::DESC,
    <crate::SharedInfo as AbiStruct>::DESC,
    <crate::MappedRegs as AbiStruct>::DESC,
    <crate::MemMapEntry as AbiStruct>::DESC,
    <crate::StartInfo as AbiStruct>::DESC,
];

/// Joins a doc-comment line list into one line of prose.
pub(crate) fn doc_line(doc: &[&str]) -> alloc::string::String {
    let mut out = alloc::string::String::new();
    for line in doc {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GAPPY: StructDesc = StructDesc {
        rust_name: "Gappy",
        c_name: "gappy",
        size: 16,
        doc: &[],
        fields: &[
            FieldDesc {
                name: "a",
                offset: 0,
                ty: CType::U32,
                array: None,
                doc: &[],
            },
            FieldDesc {
                name: "b",
                offset: 8,
                ty: CType::U64,
                array: None,
                doc: &[],
            },
        ],
    };

    #[test]
    fn contiguity_check_rejects_implicit_padding() {
        assert!(!GAPPY.is_contiguous());
        let tail = StructDesc {
            size: 24,
            fields: &GAPPY.fields[1..],
            ..GAPPY
        };
        assert!(!tail.is_contiguous(), "tail padding must be rejected");
    }

    #[test]
    fn every_struct_is_contiguous_and_fixed_width() {
        for desc in STRUCTS {
            assert!(desc.is_contiguous(), "{}", desc.c_name);
            assert_eq!(
                desc.size % 8,
                0,
                "{} size is not a multiple of 8",
                desc.c_name
            );
            for f in desc.fields {
                // A u64 at an offset that is not a multiple of 8 would move on i386.
                if matches!(f.ty, CType::U64) {
                    assert_eq!(f.offset % 8, 0, "{}.{}", desc.c_name, f.name);
                }
                assert!(!f.doc.is_empty(), "{}.{} has no doc", desc.c_name, f.name);
            }
        }
    }

    #[test]
    fn raw_identifiers_lose_their_prefix() {
        assert_eq!(field_name("r#type"), "type");
        assert_eq!(field_name("rrs"), "rrs");
        assert_eq!(field_name("r"), "r");
    }

    #[test]
    fn structs_precede_their_users() {
        for (i, desc) in STRUCTS.iter().enumerate() {
            for f in desc.fields {
                if let CType::Struct(inner) = f.ty {
                    let pos = STRUCTS.iter().position(|d| d.c_name == inner.c_name);
                    assert!(
                        matches!(pos, Some(p) if p < i),
                        "{} before {}",
                        inner.c_name,
                        desc.c_name
                    );
                }
            }
        }
    }
}
