// Package money is part of exercise ex, beside sub.
package money

const Cents = 100
