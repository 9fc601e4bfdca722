//! Work spread over threads, with results in the order of the input, so that what zonelint
//! prints never depends on how the threads were scheduled.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The threads to use when the user did not say: one per core.
pub fn available() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// `threads` as the user gave it (`--threads`), 0 meaning one per core.
pub fn resolve(threads: usize) -> usize {
    if threads == 0 { available() } else { threads }
}

/// The main thread's stack size, for workers: rules and parsers were written for it.
pub(crate) const STACK_SIZE: usize = 8 << 20;

/// `work` applied to every item on up to `threads` threads, the results in the items' order.
/// Items are handed out one at a time, so a few slow items do not hold up a whole share. A
/// panic in `work` is raised again in the caller, as if the items had been done in turn.
pub fn map_ordered<'t, T: Sync, R: Send>(
    items: &'t [T],
    threads: usize,
    work: impl Fn(&'t T) -> R + Sync,
) -> Vec<R> {
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        let worker = || {
            let mut done = Vec::new();
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else {
                    return done;
                };
                done.push((index, work(item)));
            }
        };
        // This thread is one of the workers: a thread started and ended for every share
        // would take a heap of its own from the allocator, and leave it behind.
        let workers: Vec<_> = (1..threads)
            .map(|_| {
                std::thread::Builder::new()
                    .stack_size(STACK_SIZE)
                    .spawn_scoped(scope, worker)
            })
            .collect();
        // A thread that cannot be started leaves its share to the others (and to this one).
        let mut handles = Vec::new();
        for spawned in workers {
            match spawned {
                Ok(handle) => handles.push(handle),
                Err(_) => continue,
            }
        }
        let mut finished = worker();
        for handle in handles {
            match handle.join() {
                Ok(done) => finished.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        for (index, result) in finished {
            results[index] = Some(result);
        }
    });
    results
        .into_iter()
        .map(|result| result.expect("every item is taken by exactly one worker"))
        .collect()
}

/// `here` on this thread and `there` on another, at once, with both results. When no thread
/// can be started, `there` runs here after `here`. A panic in either is raised again here.
pub fn join<A, B: Send>(here: impl FnOnce() -> A, there: impl Fn() -> B + Sync) -> (A, B) {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, &there);
        let a = here();
        let b = match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(_) => there(),
        };
        (a, b)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items_whatever_the_threads() {
        let items: Vec<u64> = (0..1000).collect();
        // Uneven work, so that items finish out of order.
        let slow_square = |n: &u64| {
            let mut x = *n;
            for _ in 0..(n % 7) * 1000 {
                x = std::hint::black_box(x);
            }
            x * x
        };
        let expected: Vec<u64> = items.iter().map(|n| n * n).collect();
        for threads in [1, 2, 3, 8, 64] {
            assert_eq!(map_ordered(&items, threads, slow_square), expected);
        }
        assert!(map_ordered(&[] as &[u64], 4, slow_square).is_empty());
    }

    /// Both results, each from its own closure, and a panic on the other thread raised here.
    #[test]
    fn join_gives_both_results_and_raises_a_panic_here() {
        let here = std::thread::current().id();
        let (a, (b, other)) = join(|| 6 * 7, || ("there", std::thread::current().id()));
        assert_eq!((a, b), (42, "there"));
        assert_ne!(other, here, "the second closure runs on another thread");
        let result = std::panic::catch_unwind(|| join(|| 1, || -> u32 { panic!("there") }));
        assert!(result.is_err());
    }

    #[test]
    fn a_panic_in_a_worker_reaches_the_caller() {
        let items: Vec<u32> = (0..100).collect();
        let result = std::panic::catch_unwind(|| {
            map_ordered(&items, 4, |&n| {
                assert!(n != 57, "item 57");
                n
            })
        });
        assert!(result.is_err());
    }
}
