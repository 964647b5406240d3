//! The user name and password (or token) for the service, from the environment; never
//! shown (`Debug` hides them). The keychain (`keychain`) keeps them between runs.

/// The user name and password (or token) for the service, sent in the `username` and
/// `password` headers. Never written to the log or the project: `Debug` hides them.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The user name, or the token where the service gives one.
    pub user: String,
    /// The password; empty with a token.
    pub password: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Credentials(…)")
    }
}

/// The environment variable with the user name or token.
pub const USER_VARIABLE: &str = "LERNSTADT_GENESIS_USER";
/// The environment variable with the password.
pub const PASSWORD_VARIABLE: &str = "LERNSTADT_GENESIS_PASSWORD";

impl Credentials {
    /// The credentials in [`USER_VARIABLE`] and [`PASSWORD_VARIABLE`], if the first is set.
    #[must_use]
    pub fn from_env() -> Option<Credentials> {
        let user = std::env::var(USER_VARIABLE).ok()?;
        if user.trim().is_empty() {
            return None;
        }
        Some(Credentials {
            user: user.trim().to_owned(),
            password: std::env::var(PASSWORD_VARIABLE).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_never_show_in_debug() {
        let credentials = Credentials {
            user: "geheim-user".to_owned(),
            password: "geheim-pass".to_owned(),
        };
        let shown = format!("{credentials:?}");
        assert!(!shown.contains("geheim"), "{shown}");
    }
}
