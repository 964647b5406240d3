//! The web service's credentials in the operating system's keychain: Windows Credential
//! Manager, the macOS Keychain, the Secret Service on Linux (GNOME Keyring, `KWallet`) with
//! the kernel's key store as its cache. One entry per service name,
//! never in the project or the log.

use serde::{Deserialize, Serialize};

use super::{Credentials, FetchError};

/// The keychain's name for Lernstadt's entries.
const KEYCHAIN_SERVICE: &str = "Lernstadt: GENESIS web service";

/// What an entry holds, as JSON.
#[derive(Serialize, Deserialize)]
struct Stored {
    user: String,
    password: String,
}

fn entry(service: &str) -> Result<keyring::Entry, FetchError> {
    keyring::Entry::new(KEYCHAIN_SERVICE, service).map_err(|error| keychain_error(&error))
}

fn keychain_error(error: &keyring::Error) -> FetchError {
    FetchError::Keychain {
        detail: error.to_string(),
    }
}

/// Stores the credentials for `service` (replacing what was stored).
pub fn store(service: &str, credentials: &Credentials) -> Result<(), FetchError> {
    let secret = serde_json::to_string(&Stored {
        user: credentials.user.clone(),
        password: credentials.password.clone(),
    })
    .map_err(|error| FetchError::Keychain {
        detail: error.to_string(),
    })?;
    entry(service)?
        .set_password(&secret)
        .map_err(|error| keychain_error(&error))
}

/// The credentials stored for `service`, if any.
pub fn stored(service: &str) -> Result<Option<Credentials>, FetchError> {
    match entry(service)?.get_password() {
        Ok(secret) => {
            let Ok(stored) = serde_json::from_str::<Stored>(&secret) else {
                return Ok(None);
            };
            Ok(Some(Credentials {
                user: stored.user,
                password: stored.password,
            }))
        }
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(keychain_error(&error)),
    }
}

/// Removes the credentials stored for `service`; whether there were any.
pub fn forget(service: &str) -> Result<bool, FetchError> {
    match entry(service)?.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(error) => Err(keychain_error(&error)),
    }
}

impl Credentials {
    /// The credentials for `service`: the environment's ([`Credentials::from_env`], for
    /// scripts) first, else those stored in the keychain. A keychain that cannot be read
    /// (none on this system) is logged and gives none.
    #[must_use]
    pub fn find(service: &str) -> Option<Credentials> {
        if let Some(credentials) = Credentials::from_env() {
            return Some(credentials);
        }
        match stored(service) {
            Ok(credentials) => credentials,
            Err(error) => {
                log::warn!("the keychain could not be read for {service}: {error}");
                None
            }
        }
    }
}
