use lode_test262::{cli, runner, worker};
use std::process::ExitCode;

fn main() -> ExitCode {
    let opts = match cli::parse_args(std::env::args().skip(1)) {
        Ok(opts) => opts,
        Err(e) => {
            eprintln!("lode-test262: {e}");
            return ExitCode::from(2);
        }
    };
    if opts.help {
        print!("{}", cli::USAGE);
        return ExitCode::SUCCESS;
    }
    if opts.worker {
        let dir = match cli::locate_test262(opts.test262_dir.as_deref()) {
            Ok(dir) => dir,
            Err(e) => {
                eprintln!("lode-test262 worker: {e}");
                return ExitCode::from(2);
            }
        };
        return match worker::run_worker(&dir, opts.timeout) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("lode-test262 worker: {e}");
                ExitCode::from(2)
            }
        };
    }
    match runner::run(&opts) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("lode-test262: {e}");
            ExitCode::from(2)
        }
    }
}
