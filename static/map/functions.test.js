// No function of the site's own scripts is longer than 80 lines, so that
// each can be read, and its state told from its drawing. The scripts are
// read by a small scanner that knows JavaScript's comments, strings,
// template literals and regular expressions, which is all that hides a
// brace; a function body is a brace after an arrow or after the
// parameters of a function or method. It fails on a file it cannot read
// to the end, rather than pass it unread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const longest = 80;
const staticDir = fileURLToPath(new URL('..', import.meta.url));

// Keywords after which a slash starts a regular expression, and those
// whose parentheses are followed by a block that is not a function's.
const beforeExpression = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await']);
const control = new Set(['if', 'for', 'while', 'switch', 'catch', 'with']);

// tokens is the code's identifiers, numbers and punctuation, each with
// its line; comments, strings, template text and regular expressions are
// stepped over (a template's ${} parts are read as code).
export function tokens(code) {
  // braces: for each open brace, whether it opened a template's ${.
  const s = { code, i: 0, line: 1, out: [], braces: [] };
  while (s.i < code.length) {
    step(s);
  }
  if (s.braces.length) fail(s, 'a brace is not closed');
  return s.out;
}

const push = (s, type, value) => s.out.push({ type, value, line: s.line });
const fail = (s, what) => {
  throw new Error(`line ${s.line}: ${what}`);
};

// step reads what starts at the scanner's place.
function step(s) {
  const { code } = s;
  const c = code[s.i];
  const two = code.slice(s.i, s.i + 2);
  if (c === '\n') {
    s.line++;
    s.i++;
  } else if (/\s/.test(c)) {
    s.i++;
  } else if (two === '//') {
    while (s.i < code.length && code[s.i] !== '\n') s.i++;
  } else if (two === '/*') {
    const end = code.indexOf('*/', s.i + 2);
    if (end < 0) fail(s, 'a comment is not closed');
    s.line += code.slice(s.i, end).split('\n').length - 1;
    s.i = end + 2;
  } else if (c === '"' || c === "'") {
    quoted(s, c, false);
    push(s, 'string', '');
  } else if (c === '`') {
    template(s);
  } else if (c === '/' && regexAllowed(s)) {
    regex(s);
  } else if (/[\w$]/.test(c)) {
    // A name, or a number with its point, exponent and suffix.
    const number = /[0-9]/.test(c);
    const word = (number ? /^[\w.]+/ : /^[\w$]+/).exec(code.slice(s.i))[0];
    push(s, number ? 'number' : 'word', word);
    s.i += word.length;
  } else if (two === '=>') {
    push(s, 'punct', '=>');
    s.i += 2;
  } else {
    brace(s, c);
  }
}

// brace reads one character of punctuation; a } may end a template's ${}.
function brace(s, c) {
  if (c === '{') {
    s.braces.push(false);
  } else if (c === '}') {
    if (!s.braces.length) fail(s, 'a brace closes that was not opened');
    if (s.braces.pop()) {
      // The end of a template's ${}: its text goes on.
      push(s, 'punct', '}$');
      template(s);
      return;
    }
  }
  push(s, 'punct', c);
  s.i++;
}

// quoted steps over quoted text ending at end; a template stops at ${
// too. It says which it met.
function quoted(s, end, isTemplate) {
  const { code } = s;
  for (s.i++; s.i < code.length; s.i++) {
    const c = code[s.i];
    if (c === '\\') {
      s.i++;
      if (code[s.i] === '\n') s.line++;
    } else if (c === '\n') {
      if (!isTemplate) fail(s, 'a string runs past the end of its line');
      s.line++;
    } else if (c === end) {
      s.i++;
      return 'end';
    } else if (isTemplate && c === '$' && code[s.i + 1] === '{') {
      s.i += 2;
      return 'expression';
    }
  }
  return fail(s, 'a string, template or comment is not closed');
}

// template steps over a template's text up to its end or its next ${.
function template(s) {
  if (quoted(s, '`', true) === 'expression') {
    s.braces.push(true);
    push(s, 'punct', '${');
  } else {
    push(s, 'string', '');
  }
}

// regexAllowed is whether a slash starts a regular expression here: where
// a value may start, not after one.
function regexAllowed(s) {
  const last = s.out[s.out.length - 1];
  if (!last) return true;
  if (last.type === 'word') return beforeExpression.has(last.value);
  if (last.type !== 'punct') return false;
  return ![')', ']', '}', '}$'].includes(last.value);
}

// regex steps over a regular expression, whose slashes inside a class
// ([/]) do not end it, and its flags.
function regex(s) {
  const { code } = s;
  let inClass = false;
  for (s.i++; s.i < code.length && (inClass || code[s.i] !== '/'); s.i++) {
    if (code[s.i] === '\\') s.i++;
    else if (code[s.i] === '[') inClass = true;
    else if (code[s.i] === ']') inClass = false;
    else if (code[s.i] === '\n') fail(s, 'a regular expression runs past the end of its line');
  }
  for (s.i++; /[a-z]/.test(code[s.i] || ''); s.i++);
  push(s, 'regex', '');
}

// functions is every function of code with a body in braces: its name
// where it has one, and its first and last lines (those of its braces).
export function functions(code) {
  const list = tokens(code);
  const found = [];
  const open = []; // for each open brace: the function it began, or null
  const parens = []; // for each open parenthesis: the index of the token before it
  let before = -1; // the index of the token before the last parentheses closed
  // named is the name a function is given where it is assigned (name =
  // or name:), the token before it at k.
  const named = (k) => (list[k] && ['=', ':'].includes(list[k].value) && list[k - 1].type === 'word' ? list[k - 1].value : 'arrow');
  list.forEach((t, i) => {
    const previous = list[i - 1];
    if (t.value === '(') {
      parens.push(i - 1);
    } else if (t.value === ')') {
      before = parens.pop();
    } else if (t.value === '{' || t.value === '${') {
      let fn = null;
      if (t.value === '{' && previous && previous.value === '=>') {
        // (a, b) => {, a => { and async (a) => {
        let k = list[i - 2].value === ')' ? before : i - 3;
        k -= list[k] && list[k].value === 'async' ? 1 : 0;
        fn = { name: named(k), start: t.line };
      } else if (t.value === '{' && previous && previous.value === ')' && list[before] && list[before].type === 'word' && !control.has(list[before].value)) {
        fn = { name: list[before].value === 'function' ? named(before - 1) : list[before].value, start: t.line };
      }
      open.push(fn);
    } else if (t.value === '}' || t.value === '}$') {
      const fn = open.pop();
      if (fn) {
        fn.end = t.line;
        found.push(fn);
      }
    }
  });
  if (parens.length) throw new Error('a parenthesis is not closed');
  return found;
}

// scripts is every script of static/ the site serves from its sources,
// with its path: not the minified bundles nor the third-party files.
function scripts(dir = staticDir, prefix = '') {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = prefix + entry.name;
    if (entry.isDirectory()) {
      return ['min', 'third_party'].includes(entry.name) ? [] : scripts(dir + entry.name + '/', path + '/');
    }
    return entry.name.endsWith('.js') ? [path] : [];
  });
}

test('the scanner finds functions where their braces are, past what hides a brace', () => {
  const code = [
    'const re = /[{}]\\/{/g; // a { in a comment',
    'function named(a, b) {',
    "  const s = '{' + \"}\" + `${a ? `{${b}}` : { x: 1 }.x}`;",
    '  /* } */ return s / 2 / re.lastIndex;',
    '}',
    'const arrow = (x) => {',
    '  if (x) { return { y: x }; }',
    '  return () => x;',
    '};',
    'const object = { method(z) {',
    '  for (;;) { break; }',
    '}, get value() { return 1; } };',
    'class Shape { area() { return 0; } }',
    'const later = async (a) => { const f = function () { return `${a}${a}`; }; return a / 2; };',
    'list.map(item => { return `${item} ${item}` / 2; }).map((x) => `${x}`);',
  ].join('\n');
  assert.deepEqual(functions(code).map((f) => `${f.name} ${f.start}-${f.end}`), [
    'named 2-5', 'arrow 6-9', 'method 10-12', 'value 12-12', 'area 13-13', 'f 14-14', 'later 14-14', 'arrow 15-15',
  ]);
  assert.throws(() => tokens('function f() {'), /line 1: a brace is not closed/);
  assert.throws(() => tokens('const s = "open\n";'), /string runs past the end of its line/);
  assert.throws(() => tokens('const t = `${a'), /not closed/);
});

test(`no function of static/ is longer than ${longest} lines`, () => {
  const files = scripts();
  assert.ok(files.includes('map.js') && files.includes('map/markers.js'), `scripts found: ${files.join(', ')}`);
  const all = files.flatMap((path) => {
    try {
      return functions(readFileSync(staticDir + path, 'utf8')).map((f) => ({ ...f, path, lines: f.end - f.start + 1 }));
    } catch (err) {
      throw new Error(`static/${path}: ${err.message}`);
    }
  });
  all.sort((a, b) => b.lines - a.lines);
  console.log(`${all.length} functions in ${files.length} scripts; the longest: ` +
    all.slice(0, 3).map((f) => `${f.name} (static/${f.path}:${f.start}) ${f.lines} lines`).join(', '));
  const over = all.filter((f) => f.lines > longest);
  assert.deepEqual(over.map((f) => `static/${f.path}:${f.start}: ${f.name} is ${f.lines} lines long`), []);
});
