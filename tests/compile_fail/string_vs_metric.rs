// A metric takes numbers, not strings.
use pcql::builder::select;
use pcql::datasets::mpn::CustomersAndTenants as C;

fn main() {
    let _ = select(C::CUSTOMER_NAME).filter(C::BILLED_REVENUE_USD.gt("20000"));
}
