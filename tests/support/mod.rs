//! Test doubles shared by the native tests: a transport that answers from a
//! script and records what was sent, and a minimal executor for futures
//! that never wait on anything real.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use idp_bridge::http::{Request, Response, Transport, TransportError};
use idp_bridge::token::Credential;

/// Runs a future whose awaits all complete at once (as the scripted
/// transport's do).
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1_000_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("the future never finished: a scripted transport should never wait");
}

/// What the transport saw for one request.
#[derive(Clone, Debug)]
pub struct Sent {
    pub request: Request,
    pub credential: Option<Credential>,
    pub timeout_ms: u32,
}

/// Answers requests in order from a script and records them.
#[derive(Default)]
pub struct ScriptedTransport {
    answers: RefCell<VecDeque<Result<Response, TransportError>>>,
    pub sent: RefCell<Vec<Sent>>,
    pub sleeps: RefCell<Vec<u32>>,
    pub now_ms: f64,
}

impl ScriptedTransport {
    pub fn new() -> ScriptedTransport {
        ScriptedTransport::default()
    }

    /// Queues an answer with a JSON body.
    pub fn json(self, status: u16, body: &str) -> ScriptedTransport {
        self.answer(status, &[("content-type", "application/json")], body)
    }

    /// Queues an answer.
    pub fn answer(self, status: u16, headers: &[(&str, &str)], body: &str) -> ScriptedTransport {
        self.answers.borrow_mut().push_back(Ok(Response {
            status,
            headers: headers
                .iter()
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect(),
            body: body.to_owned(),
        }));
        self
    }

    /// Queues a transport failure.
    pub fn failure(self, error: TransportError) -> ScriptedTransport {
        self.answers.borrow_mut().push_back(Err(error));
        self
    }

    pub fn urls(&self) -> Vec<String> {
        self.sent
            .borrow()
            .iter()
            .map(|sent| sent.request.url.clone())
            .collect()
    }
}

impl Transport for ScriptedTransport {
    async fn send(
        &self,
        request: &Request,
        credential: Option<&Credential>,
        timeout_ms: u32,
    ) -> Result<Response, TransportError> {
        self.sent.borrow_mut().push(Sent {
            request: request.clone(),
            credential: credential.cloned(),
            timeout_ms,
        });
        self.answers
            .borrow_mut()
            .pop_front()
            .unwrap_or_else(|| panic!("no scripted answer left for {}", request.url))
    }

    async fn sleep(&self, ms: u32) -> Result<(), TransportError> {
        self.sleeps.borrow_mut().push(ms);
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        self.now_ms
    }
}
