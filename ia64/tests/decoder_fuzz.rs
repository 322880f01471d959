//! Property tests (proptest) for the decoder: any 16 bytes decode or fail with a
//! reason and never panic; whatever decodes re-encodes to bits that decode to the
//! same instruction, identification finds the same rows, and the disassembler can
//! always print the bundle.

use ia64::bundle::Bundle;
use ia64::decode::{decode_bundle, decode_slot, DecodeError, Decoder, Slot, SlotForms};
use ia64::disasm::{bundle_text, RawAddrs};
use ia64::encode::encode;
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn decode_never_panics(bytes in any::<[u8; 16]>(), addr in any::<u64>()) {
        let b = Bundle::from_bytes(bytes);
        match decode_bundle(&bytes) {
            Err(DecodeError::ReservedTemplate(code)) => prop_assert_eq!(code, b.template_code()),
            Err(e) => prop_assert!(false, "unexpected bundle error {e}"),
            Ok(d) => {
                for (n, s) in d.slots.iter().enumerate() {
                    if let Slot::Insn(i) = s {
                        let e = encode(i).map_err(|e| TestCaseError::fail(e.to_string()))?;
                        let unit = d.template.units[n];
                        let again = decode_slot(unit, e.slot, e.lslot.unwrap_or(0), n as u8)
                            .map_err(|e| TestCaseError::fail(e.to_string()))?;
                        prop_assert_eq!(again, *i);
                    }
                }
            }
        }
        let t = bundle_text(&bytes, addr, &RawAddrs);
        prop_assert!(!t.lines.is_empty());
    }

    /// Identification (with this processor's gather and the portable one) finds
    /// exactly the rows the full decode does.
    #[test]
    fn identify_agrees_with_decode(bytes in any::<[u8; 16]>()) {
        let full = decode_bundle(&bytes);
        for d in [Decoder::new(), Decoder::portable()] {
            let mut rows = SlotForms::EMPTY;
            prop_assert_eq!(d.identify_into(&bytes, &mut rows), full.is_ok());
            for n in 0..3 {
                let want = match &full {
                    Ok(b) => match b.slots[n] {
                        Slot::Insn(i) => Some(i),
                        _ => None,
                    },
                    Err(_) => None,
                };
                prop_assert_eq!(rows.forms[n], want.map(|i| i.form));
                prop_assert_eq!(rows.instruction(n), want);
            }
        }
    }
}
