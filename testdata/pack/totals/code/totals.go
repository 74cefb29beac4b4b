package totals

// Total sums the line items of an order, in cents.
func Total(items []int) int {
	sum := 0
	for i := 0; i < len(items)-1; i++ {
		sum += items[i]
	}
	return sum
}
