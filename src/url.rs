//! The few URL operations the library needs, kept strict.
//!
//! Deciding where a token may go rests on comparing origins, so URLs that a
//! browser might read differently from us (user info, backslashes, spaces,
//! odd schemes) are refused rather than interpreted.

/// A parsed `scheme://host[:port]`, lower-cased, default port dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// `https` or `http`.
    pub scheme: String,
    /// Host name or address, lower-case; IPv6 keeps its brackets.
    pub host: String,
    /// The port, when not the scheme's default.
    pub port: Option<u16>,
}

impl Origin {
    /// The origin as text, e.g. `https://api.github.com`.
    pub fn to_text(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }

    /// Whether the host is this machine: `localhost`, 127.0.0.0/8 or `[::1]`.
    pub fn is_loopback(&self) -> bool {
        let host = self.host.as_str();
        host == "localhost"
            || host == "[::1]"
            || host
                .strip_prefix("127.")
                .is_some_and(|rest| rest.split('.').count() == 3 && rest.split('.').all(is_octet))
    }
}

fn is_octet(part: &str) -> bool {
    !part.is_empty() && part.len() <= 3 && part.parse::<u8>().is_ok()
}

/// Splits an absolute http(s) URL into its origin and the rest (path, query,
/// fragment; starts with `/` or is empty). `None` for anything ambiguous.
pub fn split_origin(url: &str) -> Option<(Origin, &str)> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => 443,
        "http" => 80,
        _ => return None,
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    if authority.is_empty() || authority.contains('@') {
        return None;
    }

    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']')?;
        let (address, after) = v6.split_at(close);
        let after = after.get(1..)?;
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return None,
        };
        (format!("[{}]", address.to_ascii_lowercase()), port)
    } else {
        match authority.rsplit_once(':') {
            Some((host, port)) => (host.to_ascii_lowercase(), Some(port)),
            None => (authority.to_ascii_lowercase(), None),
        }
    };
    if host.is_empty() || host.contains(':') && !host.starts_with('[') {
        return None;
    }
    let port = match port {
        None => None,
        Some(text) => {
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let number: u16 = text.parse().ok()?;
            (number != default_port).then_some(number)
        }
    };

    Some((Origin { scheme, host, port }, tail))
}

/// Percent-encodes a query component (RFC 3986 unreserved characters kept).
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            _ => {
                out.push('%');
                out.push(hex_digit(byte >> 4));
                out.push(hex_digit(byte & 0xF));
            }
        }
    }
    out
}

fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble), 16)
        .unwrap_or('0')
        .to_ascii_uppercase()
}

/// Joins `name=value` pairs into a query string (without the `?`).
pub fn encode_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    pairs
        .into_iter()
        .map(|(name, value)| format!("{}={}", encode_component(name), encode_component(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Appends a query string to a URL that may already have one.
pub fn with_query(url: &str, query: &str) -> String {
    if query.is_empty() {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&{query}")
    } else {
        format!("{url}?{query}")
    }
}

/// The value of query parameter `name` in `url`, percent-decoded.
pub fn query_param(url: &str, name: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or_default();
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode_component(key) == name).then(|| decode_component(value))
    })
}

/// Decodes `%XX` escapes and `+` as space; malformed escapes are kept as is.
pub fn decode_component(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let escaped = (byte == b'%')
            .then(|| bytes.get(at + 1..at + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match (byte, escaped) {
            (_, Some(decoded)) => {
                out.push(decoded);
                at += 3;
            }
            (b'+', None) => {
                out.push(b' ');
                at += 1;
            }
            (other, None) => {
                out.push(other);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_normalizes_origins() {
        let (origin, rest) = split_origin("HTTPS://API.GitHub.com:443/user?x=1").expect("valid");
        assert_eq!(origin.to_text(), "https://api.github.com");
        assert_eq!(rest, "/user?x=1");
        let (origin, rest) = split_origin("http://127.0.0.1:9100").expect("valid");
        assert_eq!(origin.to_text(), "http://127.0.0.1:9100");
        assert!(origin.is_loopback());
        assert_eq!(rest, "");
        let (origin, _) = split_origin("http://[::1]:80/x").expect("valid");
        assert_eq!(origin.to_text(), "http://[::1]");
        assert!(origin.is_loopback());
    }

    #[test]
    fn refuses_ambiguous_urls() {
        for url in [
            "https://api.github.com@evil.test/",
            "https://evil.test\\@api.github.com/",
            "javascript:alert(1)",
            "//api.github.com/user",
            "https:///user",
            "https://api.github.com:99999/",
            "https://api.github.com:/x",
            "https://a b.test/",
            "ftp://api.github.com/",
            "https://[::1/x",
        ] {
            assert!(split_origin(url).is_none(), "accepted {url}");
        }
    }

    #[test]
    fn loopback_means_this_machine_only() {
        for (url, loopback) in [
            ("http://127.0.0.1", true),
            ("http://127.1.2.3:8", true),
            ("http://localhost:3000", true),
            ("http://127.0.0.1.evil.test", false),
            ("http://localhost.evil.test", false),
            ("http://10.0.0.1", false),
        ] {
            let (origin, _) = split_origin(url).expect("valid");
            assert_eq!(origin.is_loopback(), loopback, "{url}");
        }
    }

    #[test]
    fn encodes_and_decodes_query_values() {
        assert_eq!(encode_component("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
        let url = with_query(
            "https://x.test/p?a=1",
            &encode_query([("pageToken", "t/+ =")]),
        );
        assert_eq!(query_param(&url, "pageToken").as_deref(), Some("t/+ ="));
        assert_eq!(
            query_param("https://x.test/?page=3#f", "page").as_deref(),
            Some("3")
        );
        assert_eq!(decode_component("%zz%4"), "%zz%4");
    }
}
