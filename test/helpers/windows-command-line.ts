// How a command line is built and taken apart on Windows, reproduced for tests on any OS:
// - Node (libuv's quote_cmd_arg in src/win/process.c) joins a program and its arguments into the
//   one string CreateProcessW takes;
// - a program's C runtime (the rules documented for CommandLineToArgvW) splits it again;
// - cmd.exe expands a batch file's line (%%, %~dp0, %NAME%) and treats & | < > ^ outside double
//   quotes as its own before it starts the program with the rest of the line.

/** libuv's quote_cmd_arg: how Node quotes one argument on Windows. */
export function quoteCmdArg(arg: string): string {
  if (arg === "") return '""';
  if (!/[ \t"]/.test(arg)) return arg;
  if (!/["\\]/.test(arg)) return `"${arg}"`;
  // Walk backwards: a backslash is doubled when a quote (or the closing quote) follows it, and a
  // quote gets a backslash of its own.
  let out = "";
  let quoteHit = true;
  for (let i = arg.length; i > 0; i--) {
    const c = arg[i - 1]!;
    out += c;
    if (quoteHit && c === "\\") out += "\\";
    else if (c === '"') {
      quoteHit = true;
      out += "\\";
    } else quoteHit = false;
  }
  return `"${[...out].reverse().join("")}"`;
}

/** The command line Node hands CreateProcessW for `file args…` (no shell, no verbatim arguments). */
export function nodeCommandLine(file: string, args: string[]): string {
  return [file, ...args].map(quoteCmdArg).join(" ");
}

/** CommandLineToArgvW's documented rules (the program name first, with quotes only). */
export function commandLineToArgv(line: string): string[] {
  const argv: string[] = [];
  let i = 0;
  // The program name: up to the closing quote, or up to white space; no backslash rules.
  if (line[0] === '"') {
    const end = line.indexOf('"', 1);
    argv.push(end < 0 ? line.slice(1) : line.slice(1, end));
    i = end < 0 ? line.length : end + 1;
  } else {
    while (i < line.length && line[i] !== " " && line[i] !== "\t") i++;
    argv.push(line.slice(0, i));
  }
  let current: string | null = null;
  let quoted = false;
  while (i < line.length) {
    const c = line[i]!;
    if ((c === " " || c === "\t") && !quoted) {
      if (current !== null) argv.push(current);
      current = null;
      i++;
      continue;
    }
    current ??= "";
    if (c === "\\") {
      let n = 0;
      while (line[i] === "\\") {
        n++;
        i++;
      }
      if (line[i] === '"') {
        // 2n backslashes and a quote: n backslashes, the quote toggles; 2n+1: n and a literal quote.
        current += "\\".repeat(Math.floor(n / 2));
        if (n % 2 === 1) {
          current += '"';
          i++;
        }
      } else current += "\\".repeat(n);
      continue;
    }
    if (c === '"') {
      // Inside quotes "" is a literal quote.
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i += 2;
        continue;
      }
      quoted = !quoted;
      i++;
      continue;
    }
    current += c;
    i++;
  }
  if (current !== null) argv.push(current);
  return argv;
}

/**
 * One line of a batch file as cmd.exe runs an external program from it: percent expansion in one
 * pass (%% → %, %~dp0 → the batch file's folder with a trailing backslash, %NAME% → the variable,
 * an undefined one → nothing; what an expansion brings in is not expanded again), then the special
 * characters: outside double quotes ^ escapes the next character and & | < > would end or redirect
 * the command (thrown here: a helper's line is one plain command). Returns the command line.
 */
export function batchCommandLine(line: string, vars: { dp0: string; env: Record<string, string> }): string {
  let expanded = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c !== "%") {
      expanded += c;
      continue;
    }
    if (line[i + 1] === "%") {
      expanded += "%";
      i++;
    } else if (line.startsWith("%~dp0", i)) {
      expanded += vars.dp0;
      i += 4;
    } else {
      const end = line.indexOf("%", i + 1);
      if (end < 0) continue; // a lone % is dropped
      const name = line.slice(i + 1, end);
      const key = Object.keys(vars.env).find((k) => k.toLowerCase() === name.toLowerCase());
      expanded += key === undefined ? "" : vars.env[key];
      i = end;
    }
  }
  let out = "";
  let quoted = false;
  for (let i = 0; i < expanded.length; i++) {
    const c = expanded[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === "^") {
      out += expanded[++i] ?? "";
      continue;
    } else if (!quoted && /[&|<>]/.test(c)) throw new Error(`cmd.exe would take the unquoted ${c} in: ${expanded}`);
    out += c;
  }
  return out;
}
