//! The Partner Insights "top 10 customers by revenue last month" query,
//! built with the typed builder and printed as the text to send to the API.
//!
//! Run with `cargo run --example top_customers`.

use std::num::NonZeroU32;

use pcql::builder::range::LastMonth;
use pcql::builder::{TypedQuery, select};
use pcql::datasets::mpn::CustomersAndTenants as C;

/// SELECT CustomerName, BilledRevenueUSD FROM CustomersAndTenants
/// ORDER BY BilledRevenueUSD DESC LIMIT 10 TIMESPAN LAST_MONTH
pub fn top_customers() -> TypedQuery<C> {
    select((C::CUSTOMER_NAME, C::BILLED_REVENUE_USD))
        .order_by(C::BILLED_REVENUE_USD.desc())
        .limit(NonZeroU32::new(10).expect("10 is not zero"))
        .timespan(LastMonth)
}

fn main() {
    match top_customers().build() {
        Ok(query) => println!("{query}"),
        Err(diagnostics) => {
            for d in &diagnostics {
                eprintln!("{}: {}", d.code, d.message);
            }
            std::process::exit(1);
        }
    }
}
