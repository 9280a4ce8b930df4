// A column of another dataset cannot go into a query.
use pcql::builder::select;
use pcql::datasets::mpn::{CustomersAndTenants, DynamicsUsage};

fn main() {
    let _ = select(CustomersAndTenants::CUSTOMER_NAME).select(DynamicsUsage::CUSTOMER_NAME);
    let _ = select(CustomersAndTenants::CUSTOMER_NAME)
        .filter(DynamicsUsage::CUSTOMER_NAME.eq("Contoso"));
}
