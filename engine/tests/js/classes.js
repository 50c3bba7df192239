// classes: fields, private names, static blocks, accessors, super, new.target
class A {
  #secret = 42; static count = 0; x = 1;
  static { A.count = 10; }
  constructor() { this.nt = new.target === B; }
  get secret() { return this.#secret; }
  #priv() { return "p"; }
  callPriv() { return this.#priv(); }
  static has(o) { return #secret in o; }
  greet() { return "A"; }
}
class B extends A {
  constructor() { super(); this.y = 2; }
  greet() { return super.greet() + "B"; }
}
const b = new B();
print(b.secret, b.callPriv(), A.has(b), A.has({}), b.greet(), b.nt, A.count, b.x + b.y);
// expect: 42 p true false AB true 10 3
try { A(); } catch (e) { print(e.name); }
// expect: TypeError
class C extends B { constructor() { return; } }
try { new C(); } catch (e) { print(e.name); }
// expect: ReferenceError
print(typeof class {}, String(class Foo {}).startsWith("class Foo"));
// expect: function true
