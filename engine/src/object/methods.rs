//! The essential internal methods of an object as a table of plain function
//! pointers, one `static` table per object class
//! (#sec-object-internal-methods-and-internal-slots).
//!
//! Every object yields its table in O(1) from its class
//! ([`ObjectClass::methods`]); the `Vm` entry points in `ops.rs`
//! (`get`, `set`, `define_own_property`, …) call through it. The ordinary
//! methods (`ordinary.rs`, table [`ORDINARY`]) are the defaults; an exotic
//! class starts from [`ORDINARY_METHODS`] and replaces only the entries the
//! specification (or the engine's storage of the class) overrides:
//!
//! ```ignore
//! pub static MY_CLASS: InternalMethods = InternalMethods {
//!     name: "MyClass",
//!     get_own_property: my_get_own_property,
//!     ..ORDINARY_METHODS
//! };
//! ```
//!
//! and its class says so in [`ObjectClass::methods`] (a variant of
//! `ObjectClass`), or, for a built-in that keeps its slots in
//! [`ObjectData`](super::ObjectData), in `ObjectData::internal_methods`.
//! See docs/architecture.md ("Object classes and internal methods").

use super::class::ObjectClass;
use super::ordinary::ORDINARY;
use super::{JsObject, OwnProperty, PropertyDescriptor, PropertyKey};
use crate::gc::{Gc, KeyList};
use crate::value::Value;
use crate::vm::{JsResult, Vm};

pub use super::ordinary::ORDINARY_METHODS;

/// [[GetPrototypeOf]] ( ).
pub type GetPrototypeOfFn = fn(&mut Vm, Gc<JsObject>) -> JsResult<Option<Gc<JsObject>>>;
/// [[SetPrototypeOf]] ( V ); false when refused.
pub type SetPrototypeOfFn = fn(&mut Vm, Gc<JsObject>, Option<Gc<JsObject>>) -> JsResult<bool>;
/// [[IsExtensible]] ( ) and [[PreventExtensions]] ( ).
pub type ExtensibilityFn = fn(&mut Vm, Gc<JsObject>) -> JsResult<bool>;
/// [[GetOwnProperty]] ( P ).
pub type GetOwnPropertyFn = fn(&mut Vm, Gc<JsObject>, PropertyKey) -> JsResult<Option<OwnProperty>>;
/// [[DefineOwnProperty]] ( P, Desc ); false when refused.
pub type DefineOwnPropertyFn =
    fn(&mut Vm, Gc<JsObject>, PropertyKey, PropertyDescriptor) -> JsResult<bool>;
/// [[HasProperty]] ( P ) and [[Delete]] ( P ).
pub type KeyPredicateFn = fn(&mut Vm, Gc<JsObject>, PropertyKey) -> JsResult<bool>;
/// [[Get]] ( P, Receiver ).
pub type GetFn = fn(&mut Vm, Gc<JsObject>, PropertyKey, Value) -> JsResult<Value>;
/// [[Set]] ( P, V, Receiver ); false when refused.
pub type SetFn = fn(&mut Vm, Gc<JsObject>, PropertyKey, Value, Value) -> JsResult<bool>;
/// [[OwnPropertyKeys]] ( ): a rooted list (a proxy's trap result, keys a
/// getter later deletes, stay alive while the caller walks it).
pub type OwnPropertyKeysFn = fn(&mut Vm, Gc<JsObject>) -> JsResult<KeyList>;
/// [[Call]] ( thisArgument, argumentsList ).
pub type CallFn = fn(&mut Vm, Gc<JsObject>, Value, &[Value]) -> JsResult<Value>;
/// [[Construct]] ( argumentsList, newTarget ).
pub type ConstructFn = fn(&mut Vm, Gc<JsObject>, &[Value], Value) -> JsResult<Value>;

/// The internal methods of one class of objects (Table "Essential Internal
/// Methods" and "Additional Essential Internal Methods of Function Objects").
pub struct InternalMethods {
    /// The class, for debugging output and tests.
    pub name: &'static str,
    pub get_prototype_of: GetPrototypeOfFn,
    pub set_prototype_of: SetPrototypeOfFn,
    pub is_extensible: ExtensibilityFn,
    pub prevent_extensions: ExtensibilityFn,
    pub get_own_property: GetOwnPropertyFn,
    pub define_own_property: DefineOwnPropertyFn,
    pub has_property: KeyPredicateFn,
    pub get: GetFn,
    pub set: SetFn,
    pub delete: KeyPredicateFn,
    pub own_property_keys: OwnPropertyKeysFn,
    /// Present exactly for callable objects (IsCallable).
    pub call: Option<CallFn>,
    /// Present exactly for constructors (IsConstructor).
    pub construct: Option<ConstructFn>,
}

impl ObjectClass {
    /// The internal-method table of objects of this class.
    #[inline]
    pub fn methods(&self) -> &'static InternalMethods {
        use crate::function as f;
        match self {
            ObjectClass::Ordinary
            | ObjectClass::Error
            | ObjectClass::Boolean(_)
            | ObjectClass::Number(_)
            | ObjectClass::Symbol(_)
            | ObjectClass::BigInt(_)
            | ObjectClass::UnmappedArguments => &ORDINARY,
            ObjectClass::Array(_) => &super::array::ARRAY,
            ObjectClass::String(_) => &super::string_exotic::STRING,
            ObjectClass::Arguments(_) => &super::arguments::ARGUMENTS,
            ObjectClass::Function(c) if c.code.flags.is_constructor => &f::CLOSURE_CONSTRUCTOR,
            ObjectClass::Function(_) => &f::CLOSURE,
            ObjectClass::NativeFunction(n) if n.constructor => &f::NATIVE_CONSTRUCTOR,
            ObjectClass::NativeFunction(_) => &f::NATIVE,
            ObjectClass::BoundFunction(b) if b.constructor => &f::BOUND_CONSTRUCTOR,
            ObjectClass::BoundFunction(_) => &f::BOUND,
            ObjectClass::Proxy(p) => crate::builtins::proxy::methods_for(p),
            ObjectClass::Data(d) => d.internal_methods(),
        }
    }

    /// Whether the ordinary [[GetOwnProperty]], [[GetPrototypeOf]] and
    /// [[Get]] apply and own properties are exactly the stored ones: the
    /// classes the property-lookup fast paths may read directly.
    #[inline]
    pub fn has_plain_storage(&self) -> bool {
        matches!(
            self,
            ObjectClass::Ordinary
                | ObjectClass::Function(_)
                | ObjectClass::NativeFunction(_)
                | ObjectClass::Error
        )
    }
}

impl JsObject {
    /// The internal-method table of this object (see [`ObjectClass::methods`]).
    #[inline]
    pub fn methods(&self) -> &'static InternalMethods {
        self.class.methods()
    }
}

#[cfg(test)]
mod tests {
    use crate::api::Engine;

    /// Each kind of object yields the table of its class, with [[Call]]
    /// and [[Construct]] exactly where IsCallable / IsConstructor hold.
    #[test]
    fn tables_follow_classes() {
        let cases = [
            ("({})", "Object", false, false),
            ("new Error('e')", "Object", false, false),
            ("new Map()", "Object", false, false),
            (
                "(function(){'use strict';return arguments})()",
                "Object",
                false,
                false,
            ),
            ("[]", "Array", false, false),
            ("new String('a')", "String", false, false),
            (
                "(function(){return arguments})()",
                "Arguments",
                false,
                false,
            ),
            ("(function () {})", "Function", true, true),
            ("(class {})", "Function", true, true),
            ("(() => 1)", "Function", true, false),
            ("({ m() {} }).m", "Function", true, false),
            ("Math.max", "Function", true, false),
            ("Object", "Function", true, true),
            ("(function () {}).bind(null)", "BoundFunction", true, true),
            ("(() => 1).bind(null)", "BoundFunction", true, false),
            ("new Proxy({}, {})", "Proxy", false, false),
            ("new Proxy(() => 1, {})", "Proxy", true, false),
            ("new Proxy(class {}, {})", "Proxy", true, true),
            ("new Uint8Array(1)", "TypedArray", false, false),
        ];
        let mut e = Engine::new();
        for (src, name, callable, constructor) in cases {
            let v = e.eval(src, "t").expect(src);
            let o = v.as_object().expect(src);
            let m = o.methods();
            assert_eq!(m.name, name, "{src}");
            assert_eq!(m.call.is_some(), callable, "{src}");
            assert_eq!(o.is_callable(), callable, "{src}");
            assert_eq!(m.construct.is_some(), constructor, "{src}");
            assert_eq!(e.vm().is_constructor(o), constructor, "{src}");
        }
    }
}
