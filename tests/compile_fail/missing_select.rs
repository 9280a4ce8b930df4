// A typed query starts with SELECT (the only way to make one), and an empty
// selection is not a selection.
use pcql::builder::select;
use pcql::datasets::mpn::CustomersAndTenants;

fn main() {
    let _ = select::<CustomersAndTenants>(());
}
