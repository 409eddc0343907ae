//! Running a few futures at once, in order, stopping at the first error.
//!
//! Page-addressable lists (GitHub's `rel="last"`) can be fetched several
//! pages at a time. This is the smallest runner that does it without an
//! executor of its own: it polls the running futures from the caller's task,
//! so it works the same under the browser's promise jobs and the native test
//! executor.

use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::task::Poll;

/// Runs `futures` with at most `limit` in flight, returning their outputs
/// in the original order. On the first error the futures still running are
/// dropped and that error is returned. `on_done` is told each index as it
/// finishes successfully.
pub async fn try_join_bounded<T, E, F>(
    futures: Vec<F>,
    limit: usize,
    mut on_done: impl FnMut(usize, &T),
) -> Result<Vec<T>, E>
where
    F: Future<Output = Result<T, E>>,
{
    let limit = limit.max(1);
    let total = futures.len();
    let mut waiting = futures.into_iter().enumerate();
    let mut running: Vec<(usize, Pin<Box<F>>)> = Vec::new();
    let mut outputs: Vec<Option<T>> = (0..total).map(|_| None).collect();
    let mut finished = 0;

    poll_fn(|cx| {
        loop {
            while running.len() < limit {
                match waiting.next() {
                    Some((index, future)) => running.push((index, Box::pin(future))),
                    None => break,
                }
            }

            let mut progressed = false;
            let mut still_running = Vec::with_capacity(running.len());
            for (index, mut future) in running.drain(..) {
                match future.as_mut().poll(cx) {
                    Poll::Pending => still_running.push((index, future)),
                    Poll::Ready(Err(error)) => return Poll::Ready(Err(error)),
                    Poll::Ready(Ok(value)) => {
                        on_done(index, &value);
                        if let Some(slot) = outputs.get_mut(index) {
                            *slot = Some(value);
                        }
                        finished += 1;
                        progressed = true;
                    }
                }
            }
            running = still_running;

            if finished == total {
                return Poll::Ready(Ok(std::mem::take(&mut outputs)
                    .into_iter()
                    .flatten()
                    .collect()));
            }
            // A finished future freed a slot: start the next ones now rather
            // than waiting for another wake-up.
            if !progressed {
                return Poll::Pending;
            }
        }
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;
    use std::task::{Context, Waker};

    /// A future that is pending `delay` times before it is ready.
    struct Countdown<'a> {
        delay: u32,
        value: Result<u32, &'static str>,
        in_flight: &'a Cell<u32>,
        most_in_flight: &'a Cell<u32>,
        started: bool,
    }

    impl Future for Countdown<'_> {
        type Output = Result<u32, &'static str>;
        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            if !self.started {
                self.started = true;
                self.in_flight.set(self.in_flight.get() + 1);
                let now = self.in_flight.get();
                self.most_in_flight.set(self.most_in_flight.get().max(now));
            }
            if self.delay == 0 {
                self.in_flight.set(self.in_flight.get() - 1);
                return Poll::Ready(self.value);
            }
            self.delay -= 1;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }

    fn run<F: Future>(future: F) -> F::Output {
        let mut future = std::pin::pin!(future);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                return output;
            }
        }
    }

    #[test]
    fn keeps_order_and_the_limit() {
        let in_flight = Cell::new(0);
        let most = Cell::new(0);
        let futures: Vec<_> = [5, 1, 3, 0, 2, 4]
            .iter()
            .enumerate()
            .map(|(index, delay)| Countdown {
                delay: *delay,
                value: Ok(index as u32),
                in_flight: &in_flight,
                most_in_flight: &most,
                started: false,
            })
            .collect();
        let mut done = Vec::new();
        let outputs = run(try_join_bounded(futures, 2, |index, _| done.push(index)));
        assert_eq!(outputs, Ok(vec![0, 1, 2, 3, 4, 5]));
        assert_eq!(most.get(), 2);
        assert_eq!(done.len(), 6);
    }

    #[test]
    fn stops_at_the_first_error() {
        let in_flight = Cell::new(0);
        let most = Cell::new(0);
        let futures: Vec<_> = [(3, Ok(0)), (0, Err("page 2 failed")), (0, Ok(2))]
            .into_iter()
            .map(|(delay, value)| Countdown {
                delay,
                value,
                in_flight: &in_flight,
                most_in_flight: &most,
                started: false,
            })
            .collect();
        assert_eq!(
            run(try_join_bounded(futures, 3, |_, _| {})),
            Err("page 2 failed")
        );
    }
}
