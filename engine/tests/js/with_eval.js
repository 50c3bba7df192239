// with, direct and indirect eval, new Function
var scope = { w: "from-with" };
with (scope) { print(w); }
// expect: from-with
function ev() { var local = "L"; return eval("local + typeof this"); }
print(ev.call({}));
// expect: Lobject
var globalVar = "G";
function indirect() { var globalVar = "local"; return (0, eval)("globalVar"); }
print(indirect());
// expect: G
print(new Function("a", "b", "return a * b")(6, 7));
// expect: 42
function sloppyEvalVar() { eval("var injected = 3"); return injected; }
print(sloppyEvalVar());
// expect: 3
