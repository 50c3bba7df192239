// Uses the globals the browser bundles define.
console.log(_.chunk([1, 2, 3, 4, 5], 2), _.uniq([1, 1, 2]), _.camelCase("Foo Bar"), _.template("hi <%= who %>")({ who: "lode" }));
console.log(acorn.parse("let x = 1 + 2; function f(a) { return a * 2 }", { ecmaVersion: 2022 }).body.map(n => n.type));
console.log(marked.parse("# Title\n\nSome *emphasis* and `code`.\n\n- a\n- b"));
console.log(jsyaml.load("a: 1\nb: [x, y]\nc: {d: true}"), jsyaml.dump({ k: [1, 2], s: "str" }));
console.log(moment.utc("2024-02-29T12:34:56Z").add(1, "year").format("YYYY-MM-DD HH:mm dddd"));
console.log(Handlebars.compile("{{#each items}}<{{this}}>{{/each}} {{name}}")({ items: [1, 2], name: "hb" }));
