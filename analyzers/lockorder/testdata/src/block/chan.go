package block

// An unbuffered send while holding s.mu, received by a goroutine that
// locks s.mu first.
func (s *Store) Send() {
	ch := make(chan int)
	go func() {
		s.incr()
		v := <-ch
		_ = v
	}()
	s.mu.Lock()
	ch <- 1 // want `send on the unbuffered channel made at line 6 while holding s.mu \(Lock at line 12\), but the goroutine started at line 7 calls incr\(\) \(line 8\), which locks s.mu \(block.go:13\) before it receives from that channel`
	s.mu.Unlock()
}

// Look-alike: a buffered channel with room does not wait.
func (s *Store) SendBuffered() {
	ch := make(chan int, 1)
	go func() {
		s.incr()
		<-ch
	}()
	s.mu.Lock()
	ch <- 1
	s.mu.Unlock()
}

// Look-alike: the goroutine locks after it receives; a loop's later
// lock comes after the first receive too.
func (s *Store) SendLockAfter() {
	ch := make(chan int)
	go func() {
		for v := range ch {
			s.mu.Lock()
			s.n += v
			s.mu.Unlock()
		}
	}()
	s.mu.Lock()
	ch <- 1
	s.mu.Unlock()
	close(ch)
}

// A receive while holding s.mu, ended by a goroutine's deferred close
// after it locks s.mu.
func (s *Store) Receive() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	}()
	<-done // want `receive from the unbuffered channel made at line 51 while holding s.mu \(Lock at line 49\), but the goroutine started at line 52 locks s.mu \(line 54\) before it sends on or closes that channel`
}

// Look-alike: another goroutine can take the other side without locking.
func (s *Store) ReceiveEither() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.incr()
		done <- struct{}{}
	}()
	go func() {
		done <- struct{}{}
	}()
	<-done
}

func handOff(ch chan struct{}) { ch <- struct{}{} }

// Look-alike: the channel goes elsewhere, so who sends is not known.
func (s *Store) ReceiveEscapes() {
	s.mu.Lock()
	defer s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.incr()
		done <- struct{}{}
	}()
	handOff(done)
	<-done
}

// Look-alike: the goroutine's first send is in a select, which ends the
// wait before it locks; its later send is for a later receive.
func (s *Store) ReceiveSelect(quit chan struct{}) {
	done := make(chan struct{})
	go func() {
		select {
		case done <- struct{}{}:
		case <-quit:
			return
		}
		s.incr()
		done <- struct{}{}
	}()
	s.mu.Lock()
	<-done
	s.mu.Unlock()
	<-done
}
