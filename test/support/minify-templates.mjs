// Collapses the indentation inside template literals (Lit's html``, css``, svg``) at build time: a run of
// white space that holds a line break becomes one space. Single spaces, which can matter in HTML and CSS, are
// kept. A small scanner finds the template text among code, strings, comments and nested `${}`.
export function collapseTemplateWhitespace(source) {
  let out = '';
  let i = 0;
  const stack = []; // 'template' while inside template text, 'code' for each open `${` (or `{` inside one)
  let text = '';
  const flushText = () => {
    out += text.replace(/[ \t]*\n[ \t\n]*/g, ' ');
    text = '';
  };
  while (i < source.length) {
    const c = source[i];
    const top = stack[stack.length - 1];
    if (top === 'template') {
      if (c === '\\') {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        flushText();
        out += c;
        stack.pop();
        i++;
      } else if (c === '$' && source[i + 1] === '{') {
        flushText();
        out += '${';
        stack.push('code');
        i += 2;
      } else {
        text += c;
        i++;
      }
      continue;
    }
    if (c === '`') {
      out += c;
      stack.push('template');
      i++;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && source[i + 1] === '/') {
      const j = source.indexOf('\n', i);
      out += source.slice(i, j < 0 ? source.length : j);
      i = j < 0 ? source.length : j;
    } else if (c === '/' && source[i + 1] === '*') {
      const j = source.indexOf('*/', i + 2);
      out += source.slice(i, j + 2);
      i = j + 2;
    } else if (c === '{') {
      if (top === 'code') stack.push('code');
      out += c;
      i++;
    } else if (c === '}') {
      if (top === 'code') stack.pop();
      out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
