"""Who a row is: CAS numbers, names, and the resolver that combines them."""
