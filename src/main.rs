//! `lernstadt`: the window and the command line in one binary.

// A release build on Windows is a window program: no console window opens with it. Started
// from a console, it attaches to that console (`cli::attach_console`), so that subcommands
// print there and their exit codes hold.
#![cfg_attr(all(windows, not(debug_assertions)), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    lernstadt::cli::attach_console();
    lernstadt::cli::main()
}
