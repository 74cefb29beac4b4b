package block

import "sync"

type Store struct {
	mu    sync.RWMutex
	other sync.Mutex
	wg    sync.WaitGroup
	n     int
}

func (s *Store) incr() {
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
}

func (s *Store) incrLocked() { s.n++ }

var regMu sync.Mutex

// The goroutine locks s.mu before its deferred Done; Wait holds s.mu.
func (s *Store) WaitGoroutine() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	}()
	wg.Wait() // want `wg.Wait\(\) while holding s.mu \(Lock at line 24\), but the goroutine started at line 28 locks s.mu \(line 30\) before its wg.Done\(\): it waits for the lock and this for it, a deadlock`
}

// Look-alike: the goroutine locks another mutex.
func (s *Store) WaitOtherMutex() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.other.Lock()
		s.n++
		s.other.Unlock()
	}()
	wg.Wait()
}

// Through a same-package callee, Done called directly after it.
func (s *Store) WaitCallee() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		s.incr()
		wg.Done()
	}()
	s.mu.Lock()
	wg.Wait() // want `wg.Wait\(\) while holding s.mu \(Lock at line 60\), but the goroutine started at line 56 calls incr\(\) \(line 57\), which locks s.mu \(line 13\) before its wg.Done\(\)`
	s.mu.Unlock()
}

// Look-alike: unlocked before Wait.
func (s *Store) WaitAfterUnlock() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		s.incr()
		wg.Done()
	}()
	s.mu.Lock()
	s.n = 0
	s.mu.Unlock()
	wg.Wait()
}

// Look-alike: the goroutine locks only after its Done.
func (s *Store) WaitLockAfterDone() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		wg.Done()
		s.incr()
	}()
	wg.Wait()
}

// Look-alike: TryLock never waits.
func (s *Store) WaitTryLock() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if s.mu.TryLock() {
			s.n++
			s.mu.Unlock()
		}
	}()
	wg.Wait()
}

// Look-alike: a caller-holds-the-lock helper does not lock.
func (s *Store) WaitLockedHelper() {
	s.mu.Lock()
	defer s.mu.Unlock()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.incrLocked()
	}()
	wg.Wait()
}

func (s *Store) worker(wg *sync.WaitGroup) {
	defer wg.Done()
	s.incr()
}

// go of a same-package method, WaitGroup field.
func (s *Store) WaitMethod() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.wg.Add(1)
	go s.worker(&s.wg)
	s.wg.Wait() // want `s.wg.Wait\(\) while holding s.mu \(RLock at line 128\), but the goroutine started at line 131 calls incr\(\) \(line 123\), which locks s.mu \(line 13\) before its s.wg.Done\(\)`
}

func (s *Store) reader(wg *sync.WaitGroup) {
	defer wg.Done()
	s.mu.RLock()
	_ = s.n
	s.mu.RUnlock()
}

// Look-alike: two read locks do not wait for each other.
func (s *Store) WaitReaders() {
	s.mu.RLock()
	defer s.mu.RUnlock()
	s.wg.Add(1)
	go s.reader(&s.wg)
	s.wg.Wait()
}

// Look-alike: the goroutine locks a different Store's mutex.
func (s *Store) WaitOtherStore(o *Store) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.wg.Add(1)
	go o.worker(&s.wg)
	s.wg.Wait()
}

// Look-alike: the goroutine starts after the Wait.
func (s *Store) WaitThenStart() {
	s.mu.Lock()
	s.wg.Wait()
	s.mu.Unlock()
	s.wg.Add(1)
	go s.worker(&s.wg)
}

// WaitGroup.Go: Done runs when the function returns.
func WaitGo(s *Store) {
	var wg sync.WaitGroup
	regMu.Lock()
	defer regMu.Unlock()
	wg.Go(func() {
		regMu.Lock()
		s.n++
		regMu.Unlock()
	})
	wg.Wait() // want `wg.Wait\(\) while holding regMu \(Lock at line 172\), but the goroutine started at line 174 locks regMu \(line 175\) before it returns \(wg.Go calls Done then\)`
}

// Look-alike: WaitGroup.Go of a function that does not lock.
func WaitGoNoLock(s *Store) {
	var wg sync.WaitGroup
	regMu.Lock()
	defer regMu.Unlock()
	wg.Go(func() { s.n++ })
	wg.Wait()
}
