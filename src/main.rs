//! `lernstadt`: the window and the command line in one binary.

fn main() -> std::process::ExitCode {
    lernstadt::cli::main()
}
