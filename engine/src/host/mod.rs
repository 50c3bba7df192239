//! Host facilities shared by the CLI and the runtime: `console` and
//! Node-style value formatting.

pub mod console;
pub mod inspect;
pub mod module_loader;
pub mod rejections;
