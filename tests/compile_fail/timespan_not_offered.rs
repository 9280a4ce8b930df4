// CustomersAndTenants offers LAST_MONTH … LAST_2_YEARS, not LIFETIME or LAST_3_YEARS.
use pcql::builder::range::{Last3Years, Lifetime};
use pcql::builder::select;
use pcql::datasets::mpn::CustomersAndTenants as C;

fn main() {
    let _ = select(C::CUSTOMER_NAME).timespan(Lifetime);
    let _ = select(C::CUSTOMER_NAME).timespan(Last3Years);
}
