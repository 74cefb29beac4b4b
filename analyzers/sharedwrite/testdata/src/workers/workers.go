package workers

import (
	"context"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
)

type Price struct {
	SKU   string
	Cents int64
}

type Job struct {
	ID   int
	User string
}

func quote(sku string) Price                  { return Price{SKU: sku} }
func fetch(ctx context.Context, id int) error { return nil }
func size(j Job) int64                        { return int64(j.ID) }

// --- positives ---------------------------------------------------------

// Quotes is the catalogue's parallel-append race.
func Quotes(skus []string) []Price {
	var results []Price
	var wg sync.WaitGroup
	for _, sku := range skus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results = append(results, quote(sku)) // want `results is appended to by concurrent goroutines without a lock: appends are lost`
		}()
	}
	wg.Wait()
	return results
}

// CountOK loses increments.
func CountOK(ctx context.Context, ids []int) int {
	ok := 0
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if fetch(ctx, id) == nil {
				ok++ // want `ok is updated by concurrent goroutines without a lock: updates are lost \(use atomic.Int64 or a sync.Mutex\)`
			}
		}()
	}
	wg.Wait()
	return ok
}

// Dedup writes a shared map from every goroutine.
func Dedup(jobs []Job) map[string]bool {
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			seen[j.User] = true // want `seen is written by concurrent goroutines without a lock: concurrent map writes crash the process \(use a sync.Mutex or sync.Map\)`
		}()
	}
	wg.Wait()
	return seen
}

// TotalBytes uses WaitGroup.Go.
func TotalBytes(jobs []Job) int64 {
	var total int64
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			total += size(j) // want `total is updated by concurrent goroutines`
		})
	}
	wg.Wait()
	return total
}

// Errors collects errors from an errgroup into a map.
func Errors(ctx context.Context, ids []int) map[int]error {
	failed := make(map[int]error)
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error {
			if err := fetch(ctx, id); err != nil {
				failed[id] = err // want `failed is written by concurrent goroutines`
			}
			return nil
		})
	}
	g.Wait()
	return failed
}

// Evict deletes from a shared map.
func Evict(cache map[int]string, ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			delete(cache, id) // want `cache is written by concurrent goroutines`
		}()
	}
	wg.Wait()
}

type Stats struct {
	Processed int
	Failed    int
}

// Pool updates a shared struct from every worker.
func Pool(ctx context.Context, jobs <-chan Job, n int) *Stats {
	stats := &Stats{}
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if fetch(ctx, j.ID) != nil {
					stats.Failed++ // want `Failed is updated by concurrent goroutines`
					continue
				}
				stats.Processed++ // want `Processed is updated by concurrent goroutines`
			}
		}()
	}
	wg.Wait()
	return stats
}

var processedTotal int

// Drain bumps a package-level counter.
func Drain(ctx context.Context, jobs []Job) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = fetch(ctx, j.ID)
			processedTotal++ // want `processedTotal is updated by concurrent goroutines`
		}()
	}
	wg.Wait()
}

// TwoSources starts two different goroutines that update one total.
func TwoSources(ctx context.Context) int64 {
	var total int64
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		total += 10 // want `total is updated by concurrent goroutines`
	}()
	go func() {
		defer wg.Done()
		total += 20 // want `total is updated by concurrent goroutines`
	}()
	wg.Wait()
	return total
}

// --- negatives ---------------------------------------------------------

// QuotesIndexed is the fix: distinct indices of a pre-sized slice.
func QuotesIndexed(skus []string) []Price {
	results := make([]Price, len(skus))
	var wg sync.WaitGroup
	for i, sku := range skus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = quote(sku)
		}()
	}
	wg.Wait()
	return results
}

// QuotesLocked holds a mutex around the append.
func QuotesLocked(skus []string) []Price {
	var (
		mu      sync.Mutex
		results []Price
		wg      sync.WaitGroup
	)
	for _, sku := range skus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := quote(sku)
			mu.Lock()
			defer mu.Unlock()
			results = append(results, p)
		}()
	}
	wg.Wait()
	return results
}

// CountAtomic uses atomics.
func CountAtomic(ctx context.Context, ids []int) (int64, int64) {
	var ok atomic.Int64
	var failed int64
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if fetch(ctx, id) == nil {
				ok.Add(1)
			} else {
				atomic.AddInt64(&failed, 1)
			}
		}()
	}
	wg.Wait()
	return ok.Load(), atomic.LoadInt64(&failed)
}

// QuotesChannel hands results over a channel and appends in the parent.
func QuotesChannel(skus []string) []Price {
	ch := make(chan Price, len(skus))
	for _, sku := range skus {
		go func() { ch <- quote(sku) }()
	}
	var results []Price
	for range skus {
		results = append(results, <-ch)
	}
	return results
}

// PerIteration writes a variable that belongs to one iteration.
func PerIteration(jobs []Job, out chan<- int) {
	for _, j := range jobs {
		attempts := 0
		go func() {
			for attempts < 3 {
				attempts++
				if fetch(context.Background(), j.ID) == nil {
					break
				}
			}
			out <- attempts
		}()
	}
}

type User struct{ ID int }
type Order struct{ ID int }

// Profile is the parallel-calls shape: each goroutine owns its variables,
// and the parent reads them after Wait.
func Profile(ctx context.Context, id int) (User, []Order, error) {
	var u User
	var os []Order
	var uErr, oErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); u, uErr = User{ID: id}, fetch(ctx, id) }()
	go func() { defer wg.Done(); os, oErr = []Order{{ID: id}}, fetch(ctx, id) }()
	wg.Wait()
	if uErr != nil {
		return u, nil, uErr
	}
	return u, os, oErr
}

// SumAfterWait writes only in the parent, after the goroutines are done.
func SumAfterWait(jobs []Job) int64 {
	sizes := make([]int64, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() { defer wg.Done(); sizes[i] = size(j) }()
	}
	wg.Wait()
	var total int64
	for _, s := range sizes {
		total += s
	}
	return total
}

// OneAtATime waits for each goroutine inside the loop.
func OneAtATime(jobs []Job) int {
	done := 0
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if fetch(context.Background(), j.ID) == nil {
				done++
			}
		}()
		wg.Wait()
	}
	return done
}

// DedupSyncMap uses sync.Map.
func DedupSyncMap(jobs []Job) *sync.Map {
	var seen sync.Map
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() { defer wg.Done(); seen.Store(j.User, true) }()
	}
	wg.Wait()
	return &seen
}

// LocalMap builds a map inside each goroutine and sends it.
func LocalMap(batches [][]Job, out chan<- map[string]int) {
	for _, b := range batches {
		go func() {
			counts := map[string]int{}
			for _, j := range b {
				counts[j.User]++
			}
			out <- counts
		}()
	}
}

// Background is a single goroutine: the map has one writer.
func Background(jobs []Job) map[string]int {
	counts := map[string]int{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for _, j := range jobs {
			counts[j.User]++
		}
	}()
	<-done
	return counts
}

// Phases runs two goroutines one after the other.
func Phases() int {
	n := 0
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); n += 1 }()
	wg.Wait()
	wg.Add(1)
	go func() { defer wg.Done(); n += 2 }()
	wg.Wait()
	return n
}

// Ring passes a token: each goroutine writes only while it holds it.
func Ring(n, rounds int) int {
	turn := make([]chan bool, n)
	for i := range turn {
		turn[i] = make(chan bool)
	}
	count := 0
	var wg sync.WaitGroup
	for g := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				<-turn[g]
				next := turn[(g+1)%n]
				if count >= rounds {
					close(next)
					return
				}
				count++
				next <- true
			}
		}()
	}
	turn[0] <- true
	wg.Wait()
	return count
}

func settle() {}

// Staged starts the second goroutine only after settle returns, which may
// wait for the first: not reported.
func Staged() int {
	n := 0
	done := make(chan struct{})
	go func() { n += 1; close(done) }()
	settle()
	go func() { <-done; n += 2 }()
	return n
}

// CountLoadStore makes each access atomic but not the increment.
func CountLoadStore(ctx context.Context, ids []int) (int64, int64) {
	var ok atomic.Int64
	var failed int64
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if fetch(ctx, id) == nil {
				ok.Store(ok.Load() + 1) // want `ok is incremented by concurrent goroutines with an atomic Load and a separate Store`
			} else {
				atomic.StoreInt64(&failed, atomic.LoadInt64(&failed)+1) // want `failed is incremented by concurrent goroutines with an atomic Load and a separate Store`
			}
		}()
	}
	wg.Wait()
	return ok.Load(), atomic.LoadInt64(&failed)
}

// CountCAS retries a compare-and-swap: the increment is atomic.
func CountCAS(ctx context.Context, ids []int) int64 {
	var ok atomic.Int64
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if fetch(ctx, id) != nil {
				return
			}
			for {
				n := ok.Load()
				if ok.CompareAndSwap(n, n+1) {
					return
				}
			}
		}()
	}
	wg.Wait()
	return ok.Load()
}

// LatestAndLocked stores a value that does not come from the same counter,
// and does load-then-store under a mutex: neither loses an update.
func LatestAndLocked(ctx context.Context, ids []int) (int64, int64) {
	var latest, total atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			latest.Store(int64(id) + 1)
			mu.Lock()
			total.Store(total.Load() + int64(id))
			mu.Unlock()
		}()
	}
	wg.Wait()
	return latest.Load(), total.Load()
}
