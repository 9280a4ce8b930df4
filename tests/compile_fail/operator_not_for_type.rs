// No LIKE on numbers, no ordering comparison on an enum column.
use pcql::builder::{Bit, select};
use pcql::datasets::mpn::CustomersAndTenants as C;

fn main() {
    let _ = select(C::CUSTOMER_NAME).filter(C::BILLED_REVENUE_USD.like("2%"));
    let _ = select(C::CUSTOMER_NAME).filter(C::IS_DUPLICATE_ROW_FOR_PGA.gt(Bit::Zero));
}
