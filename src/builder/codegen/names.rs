//! Rust names for catalog names: constants, enum variants, range types.

use std::collections::HashSet;

/// `CustomerTenantId` → `CUSTOMER_TENANT_ID`, `PGAMpnId` → `PGA_MPN_ID`,
/// `CPORM365Usage` → `CPORM365_USAGE`.
pub(crate) fn screaming_snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            continue;
        }
        if i > 0 && c.is_ascii_uppercase() && !out.ends_with('_') {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.push(c.to_ascii_uppercase());
    }
    let out = out.trim_end_matches('_').to_string();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("N_{out}")
    } else {
        out
    }
}

/// `Pay as You Go` → `PayAsYouGo`.
pub(crate) fn camel(value: &str) -> String {
    let mut out = String::new();
    for word in value.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut cs = word.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(cs);
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// Rust names for `names`, in order: the converted name, or with `_2`, `_3`…
/// when an earlier name (or a reserved one) already took it.
pub(crate) fn disambiguate(names: &[String], reserved: &[&str]) -> Vec<String> {
    let mut taken: HashSet<String> = reserved.iter().map(|r| r.to_string()).collect();
    names
        .iter()
        .map(|base| {
            let mut name = base.clone();
            let mut n = 1;
            while taken.contains(&name) {
                n += 1;
                name = format!("{base}_{n}");
            }
            taken.insert(name.clone());
            name
        })
        .collect()
}

/// `LAST_3_MONTHS` → `Last3Months` (the `ast::DateRange` variant).
pub(crate) fn range_variant(range: &str) -> String {
    range
        .split('_')
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut cs = lower.chars();
            cs.next()
                .map(|c| c.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_convert_to_screaming_snake() {
        let cases = [
            ("CustomerTenantId", "CUSTOMER_TENANT_ID"),
            ("PGAMpnId", "PGA_MPN_ID"),
            ("PGA_MPNId", "PGA_MPN_ID"),
            ("BilledRevenueUSD", "BILLED_REVENUE_USD"),
            ("CPORM365Usage", "CPORM365_USAGE"),
            ("ACR_USD", "ACR_USD"),
            ("month", "MONTH"),
            ("IsDuplicateRowForPGA", "IS_DUPLICATE_ROW_FOR_PGA"),
        ];
        for (name, want) in cases {
            assert_eq!(screaming_snake(name), want, "{name}");
        }
        assert_eq!(camel("Pay as You Go"), "PayAsYouGo");
        assert_eq!(range_variant("LAST_3_MONTHS"), "Last3Months");
    }

    #[test]
    fn collisions_get_numbered_suffixes_in_order() {
        let names: Vec<String> = ["PGA_MPN_ID", "X", "PGA_MPN_ID", "DATASET", "PGA_MPN_ID_2"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            disambiguate(&names, super::super::RESERVED),
            [
                "PGA_MPN_ID",
                "X",
                "PGA_MPN_ID_2",
                "DATASET_2",
                "PGA_MPN_ID_2_2"
            ]
        );
    }
}
