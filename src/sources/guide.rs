//! The phase guide.
