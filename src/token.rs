//! Secrets: provider tokens and Auth0 tokens.
//!
//! A [`Secret`] prints as `[redacted]` whichever way it is formatted, so a
//! token cannot reach a message or a log line by accident. The only way to
//! read it is [`Secret::expose`], called where a request is finally sent.

use std::fmt;

/// A token or other credential that must never be shown.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value. Empty or blank strings are not tokens.
    pub fn new(value: impl Into<String>) -> Option<Secret> {
        let value = value.into();
        if value.trim().is_empty() {
            None
        } else {
            Some(Secret(value))
        }
    }

    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Replaces every occurrence of this secret in `text`, for text that came
    /// from elsewhere (a provider's error message may echo what it was sent).
    /// Both the token itself and its percent-encoded form are replaced.
    pub fn scrub(&self, text: &str) -> String {
        if self.0.len() < 4 {
            // Too short to search for without mangling ordinary words; such a
            // value is not a real token anyway.
            return text.to_owned();
        }
        let encoded = crate::url::encode_component(&self.0);
        let text = text.replace(&self.0, "[redacted]");
        if encoded == self.0 {
            text
        } else {
            text.replace(&encoded, "[redacted]")
        }
    }

    /// Whether `text` contains this secret, plainly or percent-encoded.
    pub fn appears_in(&self, text: &str) -> bool {
        self.0.len() >= 4
            && (text.contains(&self.0) || text.contains(&crate::url::encode_component(&self.0)))
    }
}

/// Replaces every word of `text` that looks like a credential — a long run
/// of token characters mixing letters and digits, such as a JWT or an opaque
/// access token — for text from a login library, where the tokens in play
/// are not known.
pub fn redact_token_like(text: &str) -> String {
    let is_token_char =
        |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=');
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        let letters = word.chars().filter(char::is_ascii_alphabetic).count();
        let digits = word.chars().filter(char::is_ascii_digit).count();
        if word.len() >= 24 && letters > 0 && digits > 0 {
            out.push_str("[redacted]");
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in text.chars() {
        if is_token_char(c) {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// How a credential is attached to a request. Kept apart from the request's
/// URL and headers so that only the sending code ever reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// `Authorization: Bearer <token>`.
    Bearer(Secret),
    /// A field of an `application/x-www-form-urlencoded` body, for APIs whose
    /// CORS preflight refuses the `Authorization` header.
    FormField {
        /// The field name, e.g. `token`.
        name: &'static str,
        /// The token.
        token: Secret,
    },
}

impl Credential {
    /// The token, whichever way it is sent.
    pub fn secret(&self) -> &Secret {
        match self {
            Credential::Bearer(token) | Credential::FormField { token, .. } => token,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_prints_itself() {
        let secret = Secret::new("ya29.secret-value").expect("non-empty");
        assert_eq!(format!("{secret}"), "[redacted]");
        assert!(!format!("{secret:?}").contains("secret-value"));
        let credential = Credential::Bearer(secret);
        assert!(!format!("{credential:?}").contains("secret-value"));
    }

    #[test]
    fn scrubs_echoed_tokens() {
        let secret = Secret::new("abc123token").expect("non-empty");
        assert_eq!(
            secret.scrub("bad token abc123token given"),
            "bad token [redacted] given"
        );
    }

    #[test]
    fn scrubs_encoded_echoes_and_token_like_words() {
        let secret = Secret::new("tok/+=abc").expect("non-empty");
        assert_eq!(secret.scrub("x tok%2F%2B%3Dabc y"), "x [redacted] y");
        assert_eq!(
            redact_token_like("bad token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.sig1 given"),
            "bad token [redacted] given"
        );
        assert_eq!(
            redact_token_like("Wrong email or password."),
            "Wrong email or password."
        );
    }

    #[test]
    fn blank_is_not_a_token() {
        assert!(Secret::new("  ").is_none());
    }
}
