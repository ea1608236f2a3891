//! Unit tests of the engine on tiny hand-built lines.
