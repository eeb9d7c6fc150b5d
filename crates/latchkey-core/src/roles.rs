//! Roles (issue 13): names from the config's `roles` list ([`crate::config::RoleConfig`]);
//! `admin` is built in. An account has zero or more roles (table `account_roles`).

use crate::config::Config;
use crate::domain::FieldError;
use crate::error::ErrorCode;

/// The built-in administrator role.
pub const ADMIN: &str = "admin";

/// Field name of a role list in forms.
pub const ROLES_FIELD: &str = "roles";

/// A well-formed role name: 1–32 characters of `a-z`, `0-9`, `_`, `-` (lower-cased when
/// parsed). Whether the config knows it is checked separately ([`Role::known`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Role(String);

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim().to_ascii_lowercase();
        let ok = (1..=32).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
        ok.then_some(Role(s))
    }

    pub fn admin() -> Role {
        Role(ADMIN.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A role the config lists, parsed from `s`; a [`FieldError`] on field `field` otherwise.
    pub fn known(s: &str, config: &Config, field: &'static str) -> Result<Role, FieldError> {
        Role::parse(s)
            .filter(|r| config.roles.iter().any(|c| c.name == r.0))
            .ok_or_else(|| FieldError::new(field, ErrorCode::RoleUnknown, format!("There is no role {s:?}.")))
    }

    /// Whether a person may ask for this role at registration.
    pub fn self_service(&self, config: &Config) -> bool {
        config.roles.iter().any(|c| c.name == self.0 && c.self_service)
    }

    /// Parses a list of role names (deduplicated, sorted), each known to `config`.
    pub fn known_list<S: AsRef<str>>(
        names: &[S],
        config: &Config,
        field: &'static str,
    ) -> Result<Vec<Role>, FieldError> {
        if names.len() > 32 {
            return Err(FieldError::new(field, ErrorCode::TooMany, "At most 32 roles."));
        }
        let mut roles = names
            .iter()
            .map(|n| Role::known(n.as_ref(), config, field))
            .collect::<Result<Vec<_>, _>>()?;
        roles.sort();
        roles.dedup();
        Ok(roles)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A role as the UI lists it (registration's role choice, the admin screen).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RoleInfo {
    pub name: String,
    pub self_service: bool,
}

impl Config {
    /// The configured roles, for the UI.
    pub fn role_infos(&self) -> Vec<RoleInfo> {
        self.roles
            .iter()
            .map(|r| RoleInfo {
                name: r.name.clone(),
                self_service: r.self_service,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_are_parsed_and_checked_against_the_config() {
        assert_eq!(Role::parse(" Member ").unwrap().as_str(), "member");
        assert!(Role::parse("").is_none());
        assert!(Role::parse("a b").is_none());
        assert!(Role::parse(&"x".repeat(33)).is_none());
        let config = Config::default();
        assert!(Role::known("admin", &config, "roles").is_ok());
        assert_eq!(
            Role::known("student", &config, "roles").unwrap_err().code,
            ErrorCode::RoleUnknown
        );
        assert!(Role::known("member", &config, "roles").unwrap().self_service(&config));
        assert!(!Role::admin().self_service(&config));
        let list = Role::known_list(&["member", "admin", "member"], &config, "roles").unwrap();
        assert_eq!(list, vec![Role::admin(), Role::parse("member").unwrap()]);
    }
}
