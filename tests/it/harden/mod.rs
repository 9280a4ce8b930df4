//! Hardening (issue 12): hostile input, file-system tricks and faults end in
//! exit 0, 1 or 2 with a message, never a panic, a lost byte or a hang.

mod fixes;
mod output;
mod pull;
mod writes;
