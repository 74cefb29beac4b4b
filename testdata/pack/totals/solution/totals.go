package totals

// Total sums the line items of an order, in cents.
func Total(items []int) int {
	sum := 0
	for _, v := range items {
		sum += v
	}
	return sum
}
