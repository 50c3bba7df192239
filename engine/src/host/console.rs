//! The `console` object: log, error, warn, info, debug, with Node's
//! formatting (`%s %d %i %f %j %o %O %c %%` substitutions).

use super::inspect::{inspect, InspectOptions};
use crate::builtins::{method, value};
use crate::function::Args;
use crate::object::Attrs;
use crate::value::Value;
use crate::vm::{JsResult, Vm};
use std::io::Write;

pub fn install(vm: &mut Vm) {
    let console = vm.new_object();
    method(vm, console, "log", 0, log);
    method(vm, console, "info", 0, log);
    method(vm, console, "debug", 0, log);
    method(vm, console, "error", 0, error);
    method(vm, console, "warn", 0, error);
    method(vm, console, "trace", 0, error);
    let g = vm.realm.global;
    value(vm, g, "console", Value::object(console), Attrs::HIDDEN);
}

/// Format console arguments the way Node's `util.format` does.
pub fn format_args(vm: &mut Vm, args: &[Value]) -> JsResult<String> {
    let mut out = String::new();
    let mut rest = args;
    if let Some(first) = args.first().and_then(|v| v.as_string()) {
        let f = first.to_rust_string();
        if f.contains('%') {
            let mut i = 1;
            let mut chars = f.chars().peekable();
            while let Some(c) = chars.next() {
                if c != '%' {
                    out.push(c);
                    continue;
                }
                let Some(&n) = chars.peek() else {
                    out.push('%');
                    break;
                };
                let arg = args.get(i).copied();
                match n {
                    '%' => {
                        chars.next();
                        out.push('%');
                    }
                    's' | 'd' | 'i' | 'f' | 'j' | 'o' | 'O' | 'c' if arg.is_some() => {
                        chars.next();
                        let a = arg.unwrap_or_default();
                        i += 1;
                        match n {
                            's' => {
                                if a.is_string() {
                                    out.push_str(&vm.to_rust_string(a)?);
                                } else if a.is_object() || a.is_symbol() {
                                    out.push_str(&inspect(
                                        vm,
                                        a,
                                        &InspectOptions {
                                            depth: 1,
                                            ..Default::default()
                                        },
                                    )?);
                                } else if a.is_bigint() {
                                    out.push_str(&format!("{}n", vm.to_rust_string(a)?));
                                } else {
                                    out.push_str(&vm.to_rust_string(a)?);
                                }
                            }
                            'd' | 'i' => {
                                if a.is_object() {
                                    out.push_str("NaN");
                                } else if a.is_bigint() {
                                    out.push_str(&format!("{}n", vm.to_rust_string(a)?));
                                } else if a.is_symbol() {
                                    out.push_str("NaN");
                                } else {
                                    let x = vm.to_number(a)?;
                                    let x = if n == 'i' { x.trunc() } else { x };
                                    out.push_str(&crate::ops::conversion::number_to_string(x));
                                }
                            }
                            'f' => {
                                let x = if a.is_symbol() {
                                    f64::NAN
                                } else {
                                    vm.to_number(a)?
                                };
                                out.push_str(&crate::ops::conversion::number_to_string(x));
                            }
                            'j' => out.push_str(&super::inspect::json(vm, a)?),
                            'o' => out.push_str(&inspect(
                                vm,
                                a,
                                &InspectOptions {
                                    show_hidden: true,
                                    depth: 4,
                                    ..Default::default()
                                },
                            )?),
                            'O' => out.push_str(&inspect(vm, a, &InspectOptions::default())?),
                            _ => {}
                        }
                    }
                    _ => out.push('%'),
                }
            }
            rest = args.get(i..).unwrap_or(&[]);
        } else {
            out.push_str(&f);
            rest = &args[1..];
        }
        for a in rest {
            out.push(' ');
            if let Some(s) = a.as_string() {
                out.push_str(&s.to_rust_string());
            } else {
                out.push_str(&inspect(vm, *a, &InspectOptions::default())?);
            }
        }
        return Ok(out);
    }
    for (k, a) in rest.iter().enumerate() {
        if k > 0 {
            out.push(' ');
        }
        if let Some(s) = a.as_string() {
            out.push_str(&s.to_rust_string());
        } else {
            out.push_str(&inspect(vm, *a, &InspectOptions::default())?);
        }
    }
    Ok(out)
}

fn log(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = format_args(vm, args.as_slice())?;
    let stdout = std::io::stdout();
    let mut h = stdout.lock();
    let _ = writeln!(h, "{s}");
    Ok(Value::UNDEFINED)
}

fn error(vm: &mut Vm, _this: Value, args: Args, _nt: Value) -> JsResult<Value> {
    let s = format_args(vm, args.as_slice())?;
    let _ = std::io::stdout().flush();
    eprintln!("{s}");
    Ok(Value::UNDEFINED)
}
