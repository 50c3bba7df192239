// The smallest Lode program: `cargo run --release -- examples/hello.js`
console.log("Hello from Lode!", { engine: "lode", tier: "interpreter" }, [1, 2, 3]);
