//! A fuzz driver for the boundary parsers, for machines without a nightly
//! toolchain (cargo-fuzz needs one). It mutates the fixture corpus with a
//! seeded generator — bytes of the JSON text, and the parsed trees — and
//! runs `json::parse` → `parse_profile` → `select_identity` →
//! `require_token`, and `classify` over argument lists built from the same
//! material. Each input runs under `catch_unwind`; every answer must be a
//! value or an error with an expected code, outputs must read back, and no
//! token from the input may reach an output or a message.
//!
//! Not shipped: an example, run by hand or by the test script.
//!
//! ```text
//! cargo run --example fuzz_parsers -- [--inputs N] [--seed S] [--threads T]
//! ```
//!
//! The release profile aborts on panic, which `catch_unwind` cannot catch,
//! so a fast run uses a profile of its own, defined from the environment:
//!
//! ```text
//! CARGO_PROFILE_FUZZ_INHERITS=release CARGO_PROFILE_FUZZ_PANIC=unwind \
//! CARGO_PROFILE_FUZZ_LTO=false CARGO_PROFILE_FUZZ_OPT_LEVEL=3 \
//!   cargo run --profile fuzz --example fuzz_parsers -- --inputs 10000000
//! ```
//!
//! Input `i` of a run depends only on the seed and `i`, so a reported
//! failure replays with `--seed S --only i`.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use idp_bridge::callback::{classify, CallbackArg};
use idp_bridge::error::ErrorCode;
use idp_bridge::identity::{require_token, select_identity, IdentityQuery};
use idp_bridge::json::{self, Json};
use idp_bridge::output;
use idp_bridge::profile::parse_profile;

/// Tokens in the seeds are rewritten to carry this mark, so a leak is a
/// substring search.
const SECRET_MARK: &str = "SECRET-";

struct Settings {
    inputs: u64,
    seed: u64,
    threads: u64,
    only: Option<u64>,
}

fn main() {
    if cfg!(panic = "abort") {
        eprintln!(
            "fuzz_parsers: built with panic = \"abort\", so a panic would end the run \
             instead of being counted; use the dev profile or the `fuzz` profile (see the \
             file's docs)"
        );
        std::process::exit(2);
    }
    let settings = match read_arguments() {
        Ok(settings) => settings,
        Err(message) => {
            eprintln!("fuzz_parsers: {message}");
            eprintln!("usage: fuzz_parsers [--inputs N] [--seed S] [--threads T] [--only I]");
            std::process::exit(2);
        }
    };
    let seeds = load_seeds();
    if seeds.is_empty() {
        eprintln!("fuzz_parsers: no fixtures found under tests/fixtures");
        std::process::exit(2);
    }

    // A panic is a finding; the hook records it instead of printing a
    // backtrace per input.
    let last_panic: &'static Mutex<String> = Box::leak(Box::new(Mutex::new(String::new())));
    panic::set_hook(Box::new(move |info| {
        if let Ok(mut slot) = last_panic.lock() {
            *slot = info.to_string();
        }
    }));

    let started = Instant::now();
    let counters = Counters::default();
    let failures = Mutex::new(Vec::new());
    let range = match settings.only {
        Some(index) => index..index + 1,
        None => 0..settings.inputs,
    };
    std::thread::scope(|scope| {
        for thread in 0..settings.threads {
            let (seeds, counters, failures, range) = (&seeds, &counters, &failures, range.clone());
            scope.spawn(move || {
                let mut index = range.start + thread;
                while index < range.end {
                    let mut rng =
                        Rng::new(settings.seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15));
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
                        one_input(&mut rng, seeds, counters)
                    }));
                    let problem = match outcome {
                        Ok(Ok(())) => None,
                        Ok(Err(problem)) => Some(problem),
                        Err(_) => Some(format!(
                            "panic: {}",
                            last_panic
                                .lock()
                                .map(|text| text.clone())
                                .unwrap_or_default()
                        )),
                    };
                    if let Some(problem) = problem {
                        if let Ok(mut list) = failures.lock() {
                            list.push((index, problem));
                        }
                    }
                    counters.inputs.fetch_add(1, Ordering::Relaxed);
                    index += settings.threads;
                }
            });
        }
    });

    let seconds = started.elapsed().as_secs_f64();
    let failures = failures.into_inner().unwrap_or_default();
    let count = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
    println!(
        "fuzz_parsers: {} inputs, seed {:#x}, {} threads, {seconds:.1} s ({:.0}/s)",
        count(&counters.inputs),
        settings.seed,
        settings.threads,
        count(&counters.inputs) as f64 / seconds.max(1e-9),
    );
    println!(
        "  texts parsed {} / refused {}; profiles read {} / refused {}; \
         identities chosen {}; callbacks classified {} / refused {}",
        count(&counters.parsed),
        count(&counters.refused),
        count(&counters.profiles),
        count(&counters.bad_profiles),
        count(&counters.chosen),
        count(&counters.classified),
        count(&counters.bad_callbacks),
    );
    println!(
        "  failures (panics or broken invariants): {}",
        failures.len()
    );
    for (index, problem) in failures.iter().take(20) {
        println!("  input {index}: {problem}");
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
}

fn read_arguments() -> Result<Settings, String> {
    let mut settings = Settings {
        inputs: 100_000,
        seed: 0x1D9_B41D,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get() as u64),
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or(format!("{flag} needs a value"))?;
        let number = parse_number(&value).ok_or(format!("{flag}: not a number: {value}"))?;
        match flag.as_str() {
            "--inputs" => settings.inputs = number,
            "--seed" => settings.seed = number,
            "--threads" => settings.threads = number.max(1),
            "--only" => settings.only = Some(number),
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(settings)
}

fn parse_number(text: &str) -> Option<u64> {
    let text = text.replace('_', "");
    match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

#[derive(Default)]
struct Counters {
    inputs: AtomicU64,
    parsed: AtomicU64,
    refused: AtomicU64,
    profiles: AtomicU64,
    bad_profiles: AtomicU64,
    chosen: AtomicU64,
    classified: AtomicU64,
    bad_callbacks: AtomicU64,
}

/// A small, fast, seedable generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Every `input` of every fixture, and every argument of callback inputs,
/// with tokens rewritten to carry the secret mark.
fn load_seeds() -> Vec<Json> {
    let mut seeds = Vec::new();
    for dir in ["profiles", "callbacks"] {
        let path = format!("{}/tests/fixtures/{dir}", env!("CARGO_MANIFEST_DIR"));
        let Ok(entries) = std::fs::read_dir(&path) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue;
            };
            let Some(mut input) = json::parse(&text)
                .ok()
                .and_then(|case| case.get("input").cloned())
            else {
                continue;
            };
            mark_secrets(&mut input, false);
            if let Json::Array(args) = &input {
                seeds.extend(args.iter().cloned());
            }
            seeds.push(input);
        }
    }
    seeds
}

fn is_secret_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    key.contains("token") || key.contains("secret")
}

fn mark_secrets(value: &mut Json, under_secret_key: bool) {
    match value {
        Json::String(text) if under_secret_key => *text = format!("{SECRET_MARK}{text}"),
        Json::Array(items) => items
            .iter_mut()
            .for_each(|item| mark_secrets(item, under_secret_key)),
        Json::Object(members) => members
            .iter_mut()
            .for_each(|(key, item)| mark_secrets(item, is_secret_key(key))),
        _ => {}
    }
}

/// Runs one generated input through the parsers.
fn one_input(rng: &mut Rng, seeds: &[Json], counters: &Counters) -> Result<(), String> {
    let seed = rng.pick(seeds).cloned().unwrap_or(Json::Null);
    match rng.below(10) {
        // Bytes of JSON text, mutated, then parsed.
        0..=3 => {
            let mut text = if rng.chance(50) {
                seed.to_text()
            } else {
                pretty(&seed)
            };
            mutate_text(rng, &mut text);
            let parsed = check_text(&text)?;
            match parsed {
                Some(value) => {
                    counters.parsed.fetch_add(1, Ordering::Relaxed);
                    check_profile(rng, &value, counters)
                }
                None => {
                    counters.refused.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                }
            }
        }
        // Trees, mutated, read as profiles.
        4..=6 => {
            let mut value = seed;
            for _ in 0..=rng.below(3) {
                mutate_tree(rng, &mut value, seeds);
            }
            check_profile(rng, &value, counters)
        }
        // Argument lists for the callback classifier.
        _ => check_callback(rng, seed, seeds, counters),
    }
}

/// Parses text; refusals are fine, but whatever parses must write back to
/// text that parses equal, and serde_json must agree on accept or reject.
fn check_text(text: &str) -> Result<Option<Json>, String> {
    let ours = json::parse(text);
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (&ours, &theirs) {
        (Ok(value), _) => {
            let written = value.to_text();
            if json::parse(&written).as_ref() != Ok(value) {
                return Err(format!("round trip changed the value of {text:?}"));
            }
            if theirs.is_err() && !has_surrogate_escape(text) {
                return Err(format!("accepted what serde_json refuses: {text:?}"));
            }
        }
        (Err(error), Ok(_)) if error.reason != "nested too deeply" => {
            return Err(format!(
                "refused ({}) what serde_json accepts: {text:?}",
                error.reason
            ));
        }
        _ => {}
    }
    Ok(ours.ok())
}

/// serde_json refuses lone surrogates; we read them as U+FFFD.
fn has_surrogate_escape(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.match_indices("\\ud").any(|(at, _)| {
        matches!(
            lower.as_bytes().get(at + 3),
            Some(b'8'..=b'9' | b'a'..=b'f')
        )
    })
}

fn pretty(value: &Json) -> String {
    serde_json::from_str::<serde_json::Value>(&value.to_text())
        .ok()
        .and_then(|value| serde_json::to_string_pretty(&value).ok())
        .unwrap_or_else(|| value.to_text())
}

const FRAGMENTS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\\u",
    "\\ud800",
    "\\udc00",
    "\\u0000",
    "\\n",
    "null",
    "true",
    "false",
    "-0",
    "1e999",
    "9007199254740993",
    "0.5",
    "01",
    "1.",
    "-",
    "\"identities\":",
    "\"provider\":",
    "\"user_id\":",
    "\"access_token\":\"SECRET-f\"",
    "[[[[[[[[",
    "]]]]]]]]",
    "{\"a\":",
    " ",
    "\t",
    "\u{0}",
    "\u{1}",
    "é",
    "😀",
    "\u{FEFF}",
];

fn mutate_text(rng: &mut Rng, text: &mut String) {
    let mut bytes = std::mem::take(text).into_bytes();
    // Mostly one or two edits: more and almost nothing parses.
    let edits = if rng.chance(80) {
        1 + rng.below(2)
    } else {
        3 + rng.below(6)
    };
    for _ in 0..edits {
        let at = rng.below(bytes.len() + 1);
        match rng.below(6) {
            0 if !bytes.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(bytes.len());
                bytes.drain(at.min(end)..end);
            }
            1 => {
                let fragment = rng.pick(FRAGMENTS).copied().unwrap_or("");
                bytes.splice(at..at, fragment.bytes());
            }
            2 => {
                let byte = (rng.next() & 0xFF) as u8;
                bytes.insert(at, byte);
            }
            3 if at < bytes.len() => {
                let end = (at + 1 + rng.below(64)).min(bytes.len());
                let copy: Vec<u8> = bytes.get(at..end).unwrap_or_default().to_vec();
                let to = rng.below(bytes.len() + 1);
                bytes.splice(to..to, copy);
            }
            4 => bytes.truncate(at),
            _ => {
                if let Some(byte) = bytes.get_mut(at) {
                    *byte = *b"{}[],:\"\\-0123456789eE.tfnu \n"
                        .get(rng.below(29))
                        .unwrap_or(&b' ');
                }
            }
        }
    }
    *text = String::from_utf8_lossy(&bytes).into_owned();
}

const KEYS: &[&str] = &[
    "user_id",
    "userId",
    "sub",
    "identities",
    "provider",
    "connection",
    "access_token",
    "accessToken",
    "refresh_token",
    "access_token_secret",
    "expires_in",
    "profileData",
    "email_verified",
    "emailVerified",
    "isSocial",
    "name",
    "email",
    "__proto__",
    "constructor",
    "then",
    "idToken",
    "idTokenPayload",
    "error",
    "error_description",
    "code",
    "description",
    "status",
    "message",
    "details",
    "",
];

fn random_value(rng: &mut Rng, depth: usize) -> Json {
    match rng.below(if depth == 0 { 4 } else { 6 }) {
        0 => Json::Null,
        1 => Json::Bool(rng.chance(50)),
        2 => Json::Number(
            *rng.pick(&[
                0.0,
                -0.0,
                1.0,
                -1.0,
                0.5,
                1e20,
                1e308,
                -1e308,
                9_007_199_254_740_991.0,
                9_007_199_254_740_992.0,
                9_007_199_254_740_993.0,
                4_294_967_296.0,
            ])
            .unwrap_or(&0.0),
        ),
        3 => Json::String(match rng.below(5) {
            0 => String::new(),
            1 => "true".to_owned(),
            2 => "x".repeat(rng.below(20_000)),
            3 => rng.pick(KEYS).copied().unwrap_or("").to_owned(),
            _ => "google-oauth2".to_owned(),
        }),
        4 => Json::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth - 1))
                .collect(),
        ),
        _ => Json::Object(
            (0..rng.below(4))
                .map(|_| {
                    let key = rng.pick(KEYS).copied().unwrap_or("k").to_owned();
                    (key, random_value(rng, depth - 1))
                })
                .collect(),
        ),
    }
}

fn count_nodes(value: &Json) -> usize {
    1 + match value {
        Json::Array(items) => items.iter().map(count_nodes).sum(),
        Json::Object(members) => members.iter().map(|(_, item)| count_nodes(item)).sum(),
        _ => 0,
    }
}

fn node_at(value: &mut Json, target: usize) -> Option<&mut Json> {
    fn walk<'a>(value: &'a mut Json, target: usize, seen: &mut usize) -> Option<&'a mut Json> {
        if *seen == target {
            return Some(value);
        }
        *seen += 1;
        match value {
            Json::Array(items) => items.iter_mut().find_map(|item| walk(item, target, seen)),
            Json::Object(members) => members
                .iter_mut()
                .find_map(|(_, item)| walk(item, target, seen)),
            _ => None,
        }
    }
    walk(value, target, &mut 0)
}

fn mutate_tree(rng: &mut Rng, value: &mut Json, seeds: &[Json]) {
    let target = rng.below(count_nodes(value));
    let graft = rng.pick(seeds).and_then(|seed| {
        let mut seed = seed.clone();
        let at = rng.below(count_nodes(&seed));
        node_at(&mut seed, at).map(|node| std::mem::replace(node, Json::Null))
    });
    let choice = rng.below(9);
    let fresh = random_value(rng, 3);
    let key = rng.pick(KEYS).copied().unwrap_or("k").to_owned();
    let depth = 100 + rng.below(60);
    let Some(node) = node_at(value, target) else {
        return;
    };
    match (choice, node) {
        (0, node) => *node = fresh,
        (1, node) => *node = graft.unwrap_or(Json::Null),
        (2, Json::Object(members)) if !members.is_empty() => {
            let at = rng.below(members.len());
            members.remove(at);
        }
        (3, Json::Object(members)) => members.push((key, fresh)),
        (4, Json::Object(members)) if !members.is_empty() => {
            // Renaming can create duplicate keys, as hand-built JSON may.
            let at = rng.below(members.len());
            if let Some(member) = members.get_mut(at) {
                member.0 = key;
            }
        }
        (5, Json::Array(items)) if !items.is_empty() => {
            let at = rng.below(items.len());
            if rng.chance(50) {
                items.remove(at);
            } else if let Some(item) = items.get(at).cloned() {
                items.push(item);
            }
        }
        (6, node) => {
            let inner = std::mem::replace(node, Json::Null);
            *node = if rng.chance(50) {
                Json::Array(vec![inner])
            } else {
                Json::Object(vec![("identities".to_owned(), inner)])
            };
        }
        (7, node) if rng.chance(5) => {
            // Deeper than the parser accepts, built directly as a tree.
            let mut deep = std::mem::replace(node, Json::Null);
            for _ in 0..depth {
                deep = Json::Array(vec![deep]);
            }
            *node = deep;
        }
        (_, node) => *node = random_value(rng, 1),
    }
}

/// Strings under token keys that no other field also holds: these must not
/// appear in anything shown.
fn secrets_of(value: &Json) -> Vec<String> {
    fn walk(value: &Json, secret: bool, secrets: &mut Vec<String>, public: &mut Vec<String>) {
        match value {
            Json::String(text) if secret => secrets.push(text.clone()),
            Json::String(text) => public.push(text.clone()),
            Json::Array(items) => items
                .iter()
                .for_each(|item| walk(item, secret, secrets, public)),
            Json::Object(members) => {
                for (key, item) in members {
                    public.push(key.clone());
                    walk(item, is_secret_key(key), secrets, public);
                }
            }
            _ => {}
        }
    }
    let (mut secrets, mut public) = (Vec::new(), Vec::new());
    walk(value, false, &mut secrets, &mut public);
    secrets.retain(|secret| {
        secret.starts_with(SECRET_MARK) && !public.iter().any(|text| text.contains(secret.as_str()))
    });
    secrets
}

fn leak_check(secrets: &[String], shown: &str, what: &str) -> Result<(), String> {
    match secrets
        .iter()
        .find(|secret| shown.contains(secret.as_str()))
    {
        Some(secret) => Err(format!(
            "{what} shows a token of {} characters",
            secret.len()
        )),
        None => Ok(()),
    }
}

fn random_query(rng: &mut Rng) -> IdentityQuery {
    let names = [
        "google-oauth2",
        "github",
        "oauth2",
        "auth0",
        "twitter",
        "spotify-custom",
    ];
    let mut name = || {
        rng.chance(40)
            .then(|| rng.pick(&names).copied().unwrap_or("").to_owned())
    };
    IdentityQuery {
        provider: name(),
        connection: name(),
        user_id: name(),
    }
}

fn check_profile(rng: &mut Rng, value: &Json, counters: &Counters) -> Result<(), String> {
    let secrets = secrets_of(value);
    let profile = match parse_profile(value) {
        Ok(profile) => profile,
        Err(error) => {
            counters.bad_profiles.fetch_add(1, Ordering::Relaxed);
            if error.code() != ErrorCode::InvalidProfile || error.path().is_none() {
                return Err(format!(
                    "parse_profile gave {} without a path",
                    error.code()
                ));
            }
            return leak_check(&secrets, error.message(), "an invalid_profile message");
        }
    };
    counters.profiles.fetch_add(1, Ordering::Relaxed);

    let shown = output::public_profile(&profile, None);
    let text = shown.to_text();
    leak_check(&secrets, &text, "parseProfile's output")?;
    match json::parse(&text) {
        Ok(back) if back == shown => {}
        // The output nests one level deeper than its input, which JSON.parse
        // in the browser reads; our parser's limit is for input only.
        Err(error) if error.reason == "nested too deeply" => {}
        _ => return Err("parseProfile's output does not read back equal".to_owned()),
    }

    let query = random_query(rng);
    match select_identity(&profile, &query) {
        Ok(identity) => {
            counters.chosen.fetch_add(1, Ordering::Relaxed);
            leak_check(
                &secrets,
                &output::identity(identity).to_text(),
                "an identity",
            )?;
            if let Err(error) = require_token(identity) {
                if error.code() != ErrorCode::MissingIdpToken {
                    return Err(format!("require_token gave {}", error.code()));
                }
                leak_check(&secrets, error.message(), "a missing_idp_token message")?;
            }
        }
        Err(error) => {
            let expected = matches!(
                error.code(),
                ErrorCode::NoIdentities
                    | ErrorCode::NoMatchingIdentity
                    | ErrorCode::AmbiguousIdentity
                    | ErrorCode::MissingIdpToken
            );
            if !expected {
                return Err(format!("select_identity gave {}", error.code()));
            }
            leak_check(&secrets, error.message(), "a select_identity message")?;
        }
    }
    Ok(())
}

fn check_callback(
    rng: &mut Rng,
    seed: Json,
    seeds: &[Json],
    counters: &Counters,
) -> Result<(), String> {
    let mut args = Vec::new();
    let err_present = rng.chance(15);
    args.push(if err_present {
        CallbackArg::Value(random_value(rng, 2))
    } else {
        CallbackArg::Absent
    });
    let material = match seed {
        Json::Array(items) if rng.chance(60) => items,
        other => vec![other],
    };
    for item in material.into_iter().take(8) {
        args.push(match rng.below(12) {
            0 => CallbackArg::Absent,
            1 => CallbackArg::Thenable,
            2 => CallbackArg::Opaque("function"),
            3 => {
                let mut item = item;
                mutate_tree(rng, &mut item, seeds);
                CallbackArg::Value(item)
            }
            _ if item.is_null() => CallbackArg::Absent,
            _ => CallbackArg::Value(item),
        });
    }
    let mut secrets = Vec::new();
    for arg in args.iter().skip(1) {
        if let CallbackArg::Value(value) = arg {
            secrets.extend(secrets_of(value));
            if let Json::String(text) = value {
                // A bare string argument is a token by position.
                if text.starts_with(SECRET_MARK) {
                    secrets.push(text.clone());
                }
            }
        }
    }

    match classify(&args) {
        Ok(input) => {
            counters.classified.fetch_add(1, Ordering::Relaxed);
            if err_present {
                return Err("an error argument did not win".to_owned());
            }
            match input.profile {
                Some(profile) => check_profile(rng, &profile, counters),
                None => Ok(()),
            }
        }
        Err(error) => {
            counters.bad_callbacks.fetch_add(1, Ordering::Relaxed);
            let expected = if err_present {
                ErrorCode::LoginError
            } else {
                ErrorCode::BadCallbackArgs
            };
            if error.code() != expected {
                return Err(format!(
                    "classify gave {}, expected {expected}",
                    error.code()
                ));
            }
            leak_check(&secrets, error.message(), "a callback error message")
        }
    }
}
