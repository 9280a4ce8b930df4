//! The API families that share the query language.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An analytics API family: each has its own base path and its own datasets.
///
/// The one list of families: [`Family::ALL`], parsed with [`FromStr`],
/// printed with [`Display`](fmt::Display), and (feature `cli`) offered on
/// the command line as a `clap::ValueEnum` with the same names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Family {
    /// Partner Insights, `insights/v1/mpn/`.
    #[serde(rename = "mpn")]
    #[cfg_attr(feature = "cli", value(name = "mpn"))]
    Mpn,
    /// Commercial marketplace, `insights/v1/cmp/` (or `v1.1`).
    #[serde(rename = "cmp")]
    #[cfg_attr(feature = "cli", value(name = "cmp"))]
    Cmp,
    /// Apps and games.
    #[serde(rename = "apps-games")]
    #[cfg_attr(feature = "cli", value(name = "apps-games"))]
    AppsGames,
}

impl Family {
    /// Every family, in a fixed order.
    pub const ALL: [Family; 3] = [Family::Mpn, Family::Cmp, Family::AppsGames];

    /// `mpn`, `cmp` or `apps-games`: the name used on the command line and as
    /// the directory name under `schemas/`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Family::Mpn => "mpn",
            Family::Cmp => "cmp",
            Family::AppsGames => "apps-games",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A family name that is not `mpn`, `cmp` or `apps-games`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not an API family (expected mpn, cmp or apps-games)")]
pub struct ParseFamilyError(pub String);

impl FromStr for Family {
    type Err = ParseFamilyError;

    /// `mpn`, `cmp`, `apps-games`, in any case (`apps_games` is accepted too).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        Family::ALL
            .into_iter()
            .find(|f| {
                f.as_str().eq_ignore_ascii_case(t)
                    || (*f == Family::AppsGames && t.eq_ignore_ascii_case("apps_games"))
            })
            .ok_or_else(|| ParseFamilyError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        for f in Family::ALL {
            assert_eq!(f.as_str().parse::<Family>(), Ok(f));
            assert_eq!(f.to_string(), f.as_str());
        }
        assert_eq!("CMP".parse::<Family>(), Ok(Family::Cmp));
        assert_eq!("Apps_Games".parse::<Family>(), Ok(Family::AppsGames));
        let err = "partner".parse::<Family>().unwrap_err();
        #[cfg(feature = "cli")]
        for f in Family::ALL {
            use clap::ValueEnum;
            let v = f.to_possible_value().unwrap();
            assert_eq!(
                v.get_name(),
                f.as_str(),
                "the command line and FromStr agree"
            );
            assert_eq!(<Family as ValueEnum>::from_str(f.as_str(), false), Ok(f));
        }
        #[cfg(feature = "cli")]
        assert_eq!(<Family as clap::ValueEnum>::value_variants(), Family::ALL);
        assert!(err.to_string().contains("`partner`"), "{err}");
    }
}
