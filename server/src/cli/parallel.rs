//! Work on every core, with the results taken in order on the calling
//! thread, and never more than a window of them waiting.

use std::collections::BTreeMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// What the workers and the taker share.
struct State<T> {
    /// The next item to start.
    next: usize,
    /// The next item to take.
    taken: usize,
    /// Results done and not yet taken.
    done: BTreeMap<usize, T>,
    /// The taker stopped: start nothing more.
    stop: bool,
}

fn lock<T>(state: &Mutex<State<T>>) -> MutexGuard<'_, State<T>> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs `work` on each of `0..n`, on every core, and gives each result to
/// `take` in order, on the calling thread. A worker starts item `i` only
/// once `take` has had every item before `i - ahead`, so at most `ahead`
/// results wait at once. `take` returning `false` stops the run: no more
/// work starts, and the items under way are dropped.
///
/// `work` must not panic: the taker would wait for that item for ever
/// (callers catch panics in it).
pub(super) fn in_order<T: Send>(
    n: usize,
    ahead: usize,
    work: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(usize, T) -> bool,
) {
    let ahead = ahead.max(1);
    let state = Mutex::new(State {
        next: 0,
        taken: 0,
        done: BTreeMap::new(),
        stop: false,
    });
    let room = Condvar::new();
    let ready = Condvar::new();
    let workers = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .min(n);
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let i = {
                        let mut st = lock(&state);
                        loop {
                            if st.stop || st.next >= n {
                                return;
                            }
                            if st.next < st.taken.saturating_add(ahead) {
                                break;
                            }
                            st = room.wait(st).unwrap_or_else(PoisonError::into_inner);
                        }
                        st.next += 1;
                        st.next - 1
                    };
                    let result = work(i);
                    lock(&state).done.insert(i, result);
                    ready.notify_one();
                }
            });
        }
        for i in 0..n {
            let result = {
                let mut st = lock(&state);
                loop {
                    if let Some(result) = st.done.remove(&i) {
                        st.taken = i + 1;
                        break result;
                    }
                    st = ready.wait(st).unwrap_or_else(PoisonError::into_inner);
                }
            };
            room.notify_all();
            if !take(i, result) {
                lock(&state).stop = true;
                room.notify_all();
                break;
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_come_in_order_and_never_more_than_the_window_wait() {
        for (n, ahead) in [(0, 4), (1, 1), (7, 1), (500, 3), (500, 64), (40, 1000)] {
            let started = AtomicUsize::new(0);
            let mut taken = Vec::new();
            in_order(
                n,
                ahead,
                |i| {
                    started.fetch_add(1, Ordering::SeqCst);
                    // Uneven work, so that items finish out of order.
                    std::thread::sleep(std::time::Duration::from_micros(
                        ((i * 7919) % 13) as u64 * 20,
                    ));
                    i * 2
                },
                |i, r| {
                    assert_eq!(r, i * 2);
                    // Nothing beyond the window was started.
                    assert!(started.load(Ordering::SeqCst) <= i + 1 + ahead.max(1));
                    taken.push(i);
                    true
                },
            );
            assert_eq!(taken, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_taker_stops_the_run() {
        let started = AtomicUsize::new(0);
        let mut taken = 0;
        in_order(
            10_000,
            8,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                i
            },
            |i, _| {
                taken += 1;
                i < 10
            },
        );
        assert_eq!(taken, 11);
        assert!(started.load(Ordering::SeqCst) <= 11 + 8);
    }
}
