//! Where a provider's requests go, and so where its token may go.
//!
//! A token is sent only to the provider's own HTTPS origin, or to a base the
//! app configured in `endpoints` (tests, self-hosted installs, proxies).
//! Plain `http:` is allowed only for loopback, and only when the app opted in
//! with `allowInsecureLoopback`. URLs that responses hand back (next-page
//! links) are checked against the same rule.

use crate::error::{Error, ErrorCode, Result};
use crate::url::{split_origin, Origin};

/// The resolved base of one provider's API.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiBase {
    provider: String,
    origin: Origin,
    /// Path prefix of a configured base, e.g. `/google` for a proxy; empty
    /// for the provider's own origin.
    prefix: String,
    /// The provider's real origin, when a configured base replaces it.
    replaced: Option<Origin>,
}

impl ApiBase {
    /// The provider's own origin, or `configured` in its place.
    pub fn resolve(
        provider: &str,
        real_origin: &str,
        configured: Option<&str>,
        allow_insecure_loopback: bool,
    ) -> Result<ApiBase> {
        let real = split_origin(real_origin)
            .map(|(origin, _)| origin)
            .ok_or_else(|| {
                Error::new(
                    ErrorCode::InvalidConfig,
                    format!("The catalogue origin for `{provider}` is not a valid URL."),
                )
            })?;
        let Some(configured) = configured else {
            return Ok(ApiBase {
                provider: provider.to_owned(),
                origin: real,
                prefix: String::new(),
                replaced: None,
            });
        };

        let insecure = || {
            Error::new(
                ErrorCode::InsecureEndpoint,
                format!(
                    "The endpoint configured for `{provider}` must be an https:// URL without \
                     user info, query or fragment; http:// is allowed only for 127.0.0.1 or \
                     localhost with `allowInsecureLoopback: true`."
                ),
            )
            .with_provider(provider)
        };
        let (origin, rest) = split_origin(configured).ok_or_else(insecure)?;
        if rest.contains(['?', '#']) {
            return Err(insecure());
        }
        let secure = origin.scheme == "https";
        let loopback_allowed =
            origin.scheme == "http" && origin.is_loopback() && allow_insecure_loopback;
        if !secure && !loopback_allowed {
            return Err(insecure());
        }
        Ok(ApiBase {
            provider: provider.to_owned(),
            origin,
            prefix: rest.trim_end_matches('/').to_owned(),
            replaced: Some(real),
        })
    }

    /// The absolute URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{}{}", self.origin.to_text(), self.prefix, path)
    }

    /// The origin requests go to, as text.
    pub fn origin_text(&self) -> String {
        self.origin.to_text()
    }

    /// Checks an absolute or root-relative URL from a response. A URL at the
    /// provider's real origin is moved onto the configured base (paths
    /// unchanged); any other origin is refused, and so is a path outside a
    /// configured base's prefix or with `.`/`..` segments (which a browser
    /// would resolve to somewhere else on the host).
    pub fn follow(&self, url: &str) -> Result<String> {
        let refused = |what: &str| {
            Error::new(
                ErrorCode::ForeignOrigin,
                format!(
                    "The provider's response pointed the next request at {what}; it was not \
                     followed, so the token stays with {}{}.",
                    self.origin.to_text(),
                    self.prefix
                ),
            )
            .with_provider(self.provider.clone())
        };
        let (target, rest) = if url.starts_with('/') && !url.starts_with("//") {
            (format!("{}{url}", self.origin.to_text()), url.to_owned())
        } else {
            let (origin, rest) = split_origin(url).ok_or_else(|| refused("another origin"))?;
            if origin == self.origin {
                (url.to_owned(), rest.to_owned())
            } else if self.replaced.as_ref() == Some(&origin) {
                let moved = format!("{}{rest}", self.prefix);
                (format!("{}{moved}", self.origin.to_text()), moved)
            } else {
                return Err(refused("another origin"));
            }
        };
        if !self.path_is_inside(&rest) {
            return Err(refused("a path outside the configured base"));
        }
        Ok(target)
    }

    /// Whether `path` (with query) stays below the prefix, with no dot
    /// segments, plain or percent-encoded.
    pub fn path_is_inside(&self, path: &str) -> bool {
        let path_only = path.split(['?', '#']).next().unwrap_or_default();
        let dot_segment = path_only.split('/').any(|segment| {
            let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
            decoded == "." || decoded == ".."
        });
        let below_prefix = self.prefix.is_empty()
            || path_only == self.prefix
            || path_only
                .strip_prefix(&self.prefix)
                .is_some_and(|rest| rest.starts_with('/'));
        !dot_segment && below_prefix
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REAL: &str = "https://api.github.com";

    #[test]
    fn uses_the_real_origin_by_default() {
        let base = ApiBase::resolve("github", REAL, None, false).expect("valid");
        assert_eq!(base.url("/user"), "https://api.github.com/user");
        assert_eq!(
            base.follow("https://api.github.com/user/1/followers?page=2")
                .as_deref(),
            Ok("https://api.github.com/user/1/followers?page=2")
        );
    }

    #[test]
    fn loopback_http_needs_the_opt_in() {
        let error = ApiBase::resolve("github", REAL, Some("http://127.0.0.1:9100"), false)
            .expect_err("not allowed");
        assert_eq!(error.code(), ErrorCode::InsecureEndpoint);
        let base = ApiBase::resolve("github", REAL, Some("http://127.0.0.1:9100/"), true)
            .expect("allowed");
        assert_eq!(base.url("/user"), "http://127.0.0.1:9100/user");
        for bad in [
            "http://10.0.0.8",
            "http://example.test",
            "https://user@proxy.test",
            "https://proxy.test/?x=1",
            "proxy.test",
        ] {
            let result = ApiBase::resolve("github", REAL, Some(bad), true);
            assert_eq!(
                result.map_err(|e| e.code()),
                Err(ErrorCode::InsecureEndpoint),
                "{bad}"
            );
        }
    }

    #[test]
    fn next_links_stay_on_the_allowed_origin() {
        let base =
            ApiBase::resolve("github", REAL, Some("https://proxy.test/gh"), false).expect("valid");
        assert_eq!(
            base.follow("https://api.github.com/user/followers?page=2")
                .as_deref(),
            Ok("https://proxy.test/gh/user/followers?page=2")
        );
        assert_eq!(
            base.follow("/gh/next").as_deref(),
            Ok("https://proxy.test/gh/next")
        );
        for foreign in [
            "https://proxy.test/other-service/steal",
            "https://proxy.test/gh/../admin",
            "/gh/%2E%2E/admin",
            "https://evil.test/steal",
            "http://api.github.com/x",
            "//evil.test/x",
            "https://api.github.com@evil.test/",
        ] {
            assert_eq!(
                base.follow(foreign).map_err(|e| e.code()),
                Err(ErrorCode::ForeignOrigin),
                "{foreign}"
            );
        }
    }
}
