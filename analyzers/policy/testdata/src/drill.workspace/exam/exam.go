// Package exam is another exercise whose path begins like ex's.
package exam

const Answer = 42
