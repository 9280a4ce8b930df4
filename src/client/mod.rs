//! The analytics REST API client (feature `client`).
